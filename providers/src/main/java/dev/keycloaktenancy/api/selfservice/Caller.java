package dev.keycloaktenancy.api.selfservice;

import dev.keycloaktenancy.TenancyException;
import dev.keycloaktenancy.TenancyMetrics;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.keycloak.common.ClientConnection;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.AdminRoles;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.ErrorResponseException;
import org.keycloak.services.cors.Cors;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.keycloak.services.resources.admin.fgap.AdminPermissions;

import java.util.Map;
import java.util.function.Function;

/**
 * The member calling the self-service API, authenticated by their bearer access token (signature, expiry, realm,
 * enabled client and active session checked by Keycloak), which must have been issued for this API (see
 * {@link SelfServiceAudience}). Every answer, refusals included, carries CORS headers for the web origins of the
 * client the token was issued to, so browser applications read errors as JSON. A refusal rolls back whatever the
 * request changed.
 */
final class Caller {

    static final String ALLOWED_METHODS = "GET, POST, PUT, DELETE, OPTIONS";
    private static final Logger LOG = Logger.getLogger(Caller.class);

    private final KeycloakSession session;
    private final UserModel user;
    private final ClientModel client;
    private final AccessToken token;
    private final ClientConnection connection;
    private final UriInfo uri;

    private Caller(KeycloakSession session, AuthenticationManager.AuthResult auth) {
        this.session = session;
        this.user = auth.getUser();
        this.client = auth.getClient();
        this.token = auth.getToken();
        this.connection = session.getContext().getConnection();
        this.uri = session.getContext().getUri();
    }

    UserModel user() {
        return user;
    }

    RealmModel realm() {
        return session.getContext().getRealm();
    }

    /** Whether the caller also administers the realm's users (realm admins may do what organization admins may not). */
    boolean administersUsers() {
        ClientModel realmManagement = realm().getClientByClientId(Constants.REALM_MANAGEMENT_CLIENT_ID);
        return realmManagement != null && realmManagement.getRole(AdminRoles.MANAGE_USERS) != null
                && user.hasRole(realmManagement.getRole(AdminRoles.MANAGE_USERS));
    }

    /**
     * Keycloak's own admin permissions of the caller in this realm: a user holding {@code manage-organizations} (or
     * a fine-grained permission on one organization) administers organizations here too, as in the admin API. Keycloak
     * counts a role only when the token's client has it in scope.
     */
    AdminPermissionEvaluator adminPermissions() {
        return AdminPermissions.evaluator(session, realm(), new AdminAuth(realm(), token, user, client));
    }

    /** Records a change as an admin event, naming the acting member and the organization. */
    void event(OperationType operation, String resourceType, OrganizationModel organization, Object representation) {
        event(session, operation, resourceType, organization, representation);
    }

    /** The same, in another session's transaction (after the request's own transaction was committed early). */
    void event(KeycloakSession in, OperationType operation, String resourceType, OrganizationModel organization,
               Object representation) {
        RealmModel realm = in.getContext().getRealm();
        new AdminEventBuilder(realm, new AdminAuth(realm, token, user, client), in, connection)
                .operation(operation).resource(resourceType).resourcePath(uri)
                .detail("organization_id", organization.getId()).detail("organization", organization.getAlias())
                .representation(representation).success();
    }

    /** Authenticates the request, runs the operation, and answers with CORS headers whatever happens. */
    static Response answer(KeycloakSession session, Function<Caller, Reply> operation) {
        AuthenticationManager.AuthResult auth = new AppAuthManager.BearerTokenAuthenticator(session).authenticate();
        String refusal = auth == null
                ? "Send a valid, unexpired access token of this realm as 'Authorization: Bearer <token>'."
                : SelfServiceAudience.refusal(session, auth.getToken());
        if (refusal != null) {
            TenancyMetrics.selfService(session.getContext().getRealm(), "unauthorized");
            return Cors.builder().allowAllOrigins().allowedMethods(ALLOWED_METHODS)
                    .add(Response.status(Response.Status.UNAUTHORIZED).type(MediaType.APPLICATION_JSON_TYPE)
                            .header("WWW-Authenticate", "Bearer")
                            .entity(Map.of("error", "invalid_token", "error_description", refusal)));
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
            TenancyMetrics.selfService(caller.realm(), "ok");
        } catch (ErrorResponseException e) {
            TenancyMetrics.selfService(caller.realm(), "refused");
            session.getTransactionManager().setRollbackOnly();
            if (e instanceof TenancyException refused) {
                LOG.debugf("Self-service request of %s refused: %s", caller.user.getUsername(), refused.description());
            }
            response = Response.fromResponse(e.getResponse());
        }
        return Cors.builder().auth().allowedMethods(ALLOWED_METHODS).exposedHeaders("Location", "Retry-After")
                .checkAllowedOrigins(session, caller.client).add(response);
    }

    static Response preflight() {
        return Cors.builder().preflight().allowedMethods(ALLOWED_METHODS).auth().add(Response.ok());
    }
}
