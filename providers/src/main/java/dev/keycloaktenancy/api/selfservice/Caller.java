package dev.keycloaktenancy.api.selfservice;

import dev.keycloaktenancy.TenancyException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.ErrorResponseException;
import org.keycloak.services.cors.Cors;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.AdminEventBuilder;

import java.util.Map;
import java.util.function.Function;

/**
 * The member calling the self-service API, authenticated by their bearer access token (signature, expiry, realm and
 * active session checked by Keycloak). Every answer, refusals included, carries CORS headers for the web origins of
 * the client the token was issued to, so browser applications read errors as JSON.
 */
final class Caller {

    static final String ALLOWED_METHODS = "GET, POST, PUT, DELETE, OPTIONS";
    private static final Logger LOG = Logger.getLogger(Caller.class);

    private final KeycloakSession session;
    private final UserModel user;
    private final ClientModel client;
    private final AdminEventBuilder events;

    private Caller(KeycloakSession session, AuthenticationManager.AuthResult auth) {
        this.session = session;
        this.user = auth.getUser();
        this.client = auth.getClient();
        RealmModel realm = session.getContext().getRealm();
        this.events = new AdminEventBuilder(realm, new AdminAuth(realm, auth.getToken(), auth.getUser(), auth.getClient()),
                session, session.getContext().getConnection());
    }

    UserModel user() {
        return user;
    }

    RealmModel realm() {
        return session.getContext().getRealm();
    }

    /** Records a change as an admin event, naming the acting member and the organization. */
    void event(OperationType operation, String resourceType, OrganizationModel organization, Object representation) {
        events.operation(operation).resource(resourceType).resourcePath(session.getContext().getUri())
                .detail("organization_id", organization.getId()).detail("organization", organization.getAlias())
                .representation(representation).success();
    }

    /** Authenticates the request, runs the operation, and answers with CORS headers whatever happens. */
    static Response answer(KeycloakSession session, Function<Caller, Reply> operation) {
        AuthenticationManager.AuthResult auth = new AppAuthManager.BearerTokenAuthenticator(session).authenticate();
        if (auth == null) {
            return Cors.builder().allowAllOrigins().allowedMethods(ALLOWED_METHODS)
                    .add(Response.status(Response.Status.UNAUTHORIZED).type(MediaType.APPLICATION_JSON_TYPE)
                            .header("WWW-Authenticate", "Bearer")
                            .entity(Map.of("error", "invalid_token", "error_description",
                                    "Send a valid, unexpired access token of this realm as 'Authorization: Bearer <token>'.")));
        }
        Caller caller = new Caller(session, auth);
        Response.ResponseBuilder response;
        try {
            Reply reply = operation.apply(caller);
            response = Response.status(reply.status());
            if (reply.body() != null) {
                response.type(MediaType.APPLICATION_JSON_TYPE).entity(reply.body());
            }
            if (reply.location() != null) {
                response.location(reply.location());
            }
        } catch (ErrorResponseException e) {
            if (e instanceof TenancyException refusal) {
                LOG.debugf("Self-service request of %s refused: %s", caller.user.getUsername(), refusal.getErrorDescription());
            }
            response = Response.fromResponse(e.getResponse());
        }
        return Cors.builder().auth().allowedMethods(ALLOWED_METHODS).exposedHeaders("Location")
                .checkAllowedOrigins(session, caller.client).add(response);
    }

    static Response preflight() {
        return Cors.builder().preflight().allowedMethods(ALLOWED_METHODS).auth().add(Response.ok());
    }
}
