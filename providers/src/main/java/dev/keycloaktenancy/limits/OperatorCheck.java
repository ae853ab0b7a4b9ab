package dev.keycloaktenancy.limits;

import dev.keycloaktenancy.CurrentRequest;
import dev.keycloaktenancy.Tenancy;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.representations.JsonWebToken;

/**
 * Who may change what the platform operator owns: holders of the master realm role {@value Tenancy#PROVISIONER_ROLE}
 * calling with a master realm token, and work outside HTTP requests (start-up import, the CLI).
 */
final class OperatorCheck {

    private OperatorCheck() {
    }

    static boolean allows(KeycloakSession session) {
        return CurrentRequest.of(session).isEmpty() || heldByCaller(session);
    }

    /**
     * Whether the request's bearer token is a master realm user's who holds the role. Keycloak's own admin clients
     * get lightweight tokens without a subject; then the request's user session names the user. Looked up in a
     * transaction of its own, because callers may be in the middle of writing (inside a Hibernate flush).
     */
    private static boolean heldByCaller(KeycloakSession session) {
        if (!(session.getContext().getBearerToken() instanceof JsonWebToken token) || token.getIssuer() == null
                || !token.getIssuer().endsWith("/realms/" + Config.getAdminRealm())) {
            return false;
        }
        String userId = token.getSubject();
        UserSessionModel userSession = session.getContext().getUserSession();
        String userSessionId = userSession == null ? null : userSession.getId();
        if (userId == null && userSessionId == null) {
            return false;
        }
        return KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(), lookup -> {
            RealmModel master = lookup.realms().getRealmByName(Config.getAdminRealm());
            RoleModel role = master == null ? null : master.getRole(Tenancy.PROVISIONER_ROLE);
            if (role == null) {
                return false;
            }
            lookup.getContext().setRealm(master);
            UserModel user = userId != null ? lookup.users().getUserById(master, userId)
                    : userOf(lookup.sessions().getUserSession(master, userSessionId));
            return user != null && user.hasRole(role);
        });
    }

    private static UserModel userOf(UserSessionModel userSession) {
        return userSession == null ? null : userSession.getUser();
    }

}
