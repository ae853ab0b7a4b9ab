package dev.keycloaktenancy;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;
import org.keycloak.utils.KeycloakSessionUtil;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A refusal that reaches the caller as {@code {"error": code, "error_description": sentence}} with a 4xx status
 * (503 for a service the request needed that is down for now). Logic classes throw it; REST resources let it pass
 * through. The response carries its entity, so JAX-RS sends it as it is; and, as with Keycloak's own error responses,
 * whatever the request changed is rolled back once the response is taken.
 */
public final class TenancyException extends WebApplicationException {

    private final String error;
    private final String description;

    private TenancyException(String error, String description, Response response) {
        super(description, response);
        this.error = error;
        this.description = description;
    }

    /** A refusal with its own status and error code; extra fields join the JSON body. */
    public static TenancyException of(Response.Status status, String error, String description, Map<String, ?> extra) {
        return of(status, error, description, extra, null);
    }

    private static TenancyException of(Response.Status status, String error, String description, Map<String, ?> extra,
                                       Integer retryAfterSeconds) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        body.putAll(extra);
        Response.ResponseBuilder response = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body);
        if (retryAfterSeconds != null) {
            response.header("Retry-After", retryAfterSeconds);
        }
        return new TenancyException(error, description, response.build());
    }

    /** The response; taking it marks the request's transaction rollback-only, so a refusal changes nothing. */
    @Override
    public Response getResponse() {
        KeycloakSession session = KeycloakSessionUtil.getKeycloakSession();
        if (session != null && session.getTransactionManager().isActive()) {
            session.getTransactionManager().setRollbackOnly();
        }
        return super.getResponse();
    }

    private static TenancyException of(Response.Status status, String error, String description) {
        return of(status, error, description, Map.of());
    }

    /** The error code clients act on. */
    public String error() {
        return error;
    }

    /** The sentence for a person, to quote in a larger message. */
    public String description() {
        return description;
    }

    public int status() {
        return super.getResponse().getStatus();
    }

    public static TenancyException badRequest(String description) {
        return of(Response.Status.BAD_REQUEST, "invalid_request", description);
    }

    /** A bad request with a specific error code. */
    public static TenancyException badRequest(String error, String description) {
        return of(Response.Status.BAD_REQUEST, error, description);
    }

    /** A PUT without a field the resource has: a PUT carries the whole resource. */
    public static TenancyException missingField(String field, String hint) {
        return of(Response.Status.BAD_REQUEST, "missing_field", "Field '" + field + "' is missing. A PUT carries the"
                + " whole resource" + (hint == null ? "" : "; " + hint) + ".", Map.of("field", field));
    }

    public static TenancyException notFound(String description) {
        return of(Response.Status.NOT_FOUND, "not_found", description);
    }

    /** A conflict with a specific error code that clients can act on. */
    public static TenancyException conflict(String error, String description) {
        return of(Response.Status.CONFLICT, error, description);
    }

    /** A service the request needs (DNS, the mail server) cannot be reached now; nothing was changed. */
    public static TenancyException unavailable(String error, String description, int retryAfterSeconds) {
        return of(Response.Status.SERVICE_UNAVAILABLE, error, description, Map.of(), retryAfterSeconds);
    }

    /**
     * A fault of the server, not of the request (a broken template, a database error): 500 with the correlation id
     * that the server's log line, written by the caller, names too.
     */
    public static TenancyException serverFault(String error, String description, String correlationId) {
        return of(Response.Status.INTERNAL_SERVER_ERROR, error, description + " Give the administrator the correlation id "
                + correlationId + ".", Map.of("correlation_id", correlationId));
    }

    /** The caller asks too often; {@code Retry-After} says when to ask again. */
    public static TenancyException tooManyRequests(String description, int retryAfterSeconds) {
        return of(Response.Status.TOO_MANY_REQUESTS, "too_many_requests", description, Map.of(), retryAfterSeconds);
    }

    public static TenancyException forbidden(String description) {
        return of(Response.Status.FORBIDDEN, "forbidden", description);
    }

    /** A refusal of an action the caller may do in general, for this target, with a specific code. */
    public static TenancyException forbidden(String error, String description) {
        return of(Response.Status.FORBIDDEN, error, description);
    }

    public static TenancyException notEnabled(String realmName) {
        return of(Response.Status.CONFLICT, "tenancy_not_enabled", "Tenancy is not enabled on realm " + realmName
                + ". Enable it with POST /admin/realms/" + realmName + "/tenancy/enable.");
    }
}
