package dev.keycloaktenancy.api.selfservice;

import dev.keycloaktenancy.TenancyMetrics;
import dev.keycloaktenancy.api.Answers;
import dev.keycloaktenancy.api.Reply;
import dev.keycloaktenancy.keycloak.AdminAccess;
import dev.keycloaktenancy.keycloak.AdminEvents;
import dev.keycloaktenancy.keycloak.BearerAuthentication;
import dev.keycloaktenancy.keycloak.CorsHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The member calling the self-service API, authenticated by their bearer access token (signature, expiry, realm,
 * enabled client and active session checked by Keycloak), which must have been issued for this API (see
 * {@link SelfServiceAudience}). Every answer, refusals included, carries CORS headers for the web origins of the
 * client the token was issued to, so browser applications read errors as JSON. A refusal rolls back whatever the
 * request changed.
 */
final class Caller {

    static final String ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";

    private final KeycloakSession session;
    private final BearerAuthentication.Caller token;
    private AdminAccess adminAccess;

    private Caller(KeycloakSession session, BearerAuthentication.Caller token) {
        this.session = session;
        this.token = token;
    }

    UserModel user() {
        return token.user();
    }

    RealmModel realm() {
        return session.getContext().getRealm();
    }

    /**
     * Keycloak's own admin permissions of the caller in this realm: a user holding {@code manage-organizations} (or
     * a fine-grained permission on one organization) administers organizations here too, as in the admin API. Keycloak
     * counts a role only when the token's client has it in scope.
     */
    AdminAccess adminAccess() {
        if (adminAccess == null) {
            adminAccess = token.adminAccess(session);
        }
        return adminAccess;
    }

    /** The caller's changes, as admin events naming the acting member. */
    AdminEvents events() {
        return adminAccess().events();
    }

    /** Authenticates the request, runs the operation, and answers with CORS headers whatever happens. */
    static Response answer(KeycloakSession session, Function<Caller, Reply> operation) {
        Optional<BearerAuthentication.Caller> token = BearerAuthentication.authenticate(session);
        String refusal = token.isEmpty()
                ? "Send a valid, unexpired access token of this realm as 'Authorization: Bearer <token>'."
                : SelfServiceAudience.refusal(session, token.get());
        if (refusal != null) {
            TenancyMetrics.selfService(session.getContext().getRealm(), "unauthorized");
            return CorsHeaders.forAnyOrigin(Response.status(Response.Status.UNAUTHORIZED)
                    .type(MediaType.APPLICATION_JSON_TYPE).header("WWW-Authenticate", "Bearer")
                    .entity(Map.of("error", "invalid_token", "error_description", refusal)), ALLOWED_METHODS);
        }
        Caller caller = new Caller(session, token.get());
        Response.ResponseBuilder response = Answers.of(session, () -> operation.apply(caller));
        int status = response.build().getStatus();
        TenancyMetrics.selfService(caller.realm(), status < 400 ? "ok" : status >= 500 ? "error" : "refused");
        return CorsHeaders.forClient(session, token.get().client(), response, ALLOWED_METHODS, "Location", "Retry-After");
    }

    static Response preflight() {
        return CorsHeaders.preflight(ALLOWED_METHODS);
    }
}
