package dev.keycloaktenancy.api;

import dev.keycloaktenancy.TenancyException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * How both APIs turn an operation's outcome into an answer: a {@link Reply} as it is; a refusal as its JSON error,
 * with whatever the request changed rolled back; anything unexpected as a 500 whose body carries a correlation id,
 * logged once with that id and the stack trace, also rolled back.
 */
public final class Answers {

    private static final Logger LOG = Logger.getLogger(Answers.class);

    private Answers() {
    }

    /** Runs the operation and answers; never throws. */
    public static Response.ResponseBuilder of(KeycloakSession session, Supplier<Reply> operation) {
        try {
            return toResponse(operation.get());
        } catch (TenancyException e) {
            session.getTransactionManager().setRollbackOnly();
            LOG.debugf("Refused (%d %s): %s", e.status(), e.error(), e.description());
            return Response.fromResponse(e.getResponse());
        } catch (WebApplicationException e) {
            session.getTransactionManager().setRollbackOnly();
            return Response.fromResponse(e.getResponse());
        } catch (RuntimeException e) {
            return serverFault(session, e);
        }
    }

    public static Response.ResponseBuilder toResponse(Reply reply) {
        Response.ResponseBuilder response = Response.status(reply.status());
        if (reply.body() != null) {
            response.type(MediaType.APPLICATION_JSON_TYPE).entity(reply.body());
        }
        if (reply.location() != null) {
            response.location(reply.location());
        }
        return response;
    }

    /** A fault of the server, not of the request: logged once, answered with the id that finds the log line. */
    public static Response.ResponseBuilder serverFault(KeycloakSession session, RuntimeException e) {
        String correlationId = UUID.randomUUID().toString();
        session.getTransactionManager().setRollbackOnly();
        LOG.errorf(e, "Request failed on the server (correlation id %s)", correlationId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "server_error");
        body.put("error_description", "The server could not complete the request; nothing was changed. If it happens"
                + " again, give the administrator the correlation id " + correlationId + ".");
        body.put("correlation_id", correlationId);
        return Response.serverError().type(MediaType.APPLICATION_JSON_TYPE).entity(body);
    }
}
