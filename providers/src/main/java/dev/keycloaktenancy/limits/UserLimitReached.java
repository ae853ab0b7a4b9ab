package dev.keycloaktenancy.limits;

import dev.keycloaktenancy.LoginRefusal;
import org.keycloak.models.KeycloakSession;

/**
 * A user insert refused below Keycloak's own checks (partial import, user federation). The sentence is also left
 * as the request's {@link LoginRefusal}, so the login error page can say it instead of "unexpected error".
 */
final class UserLimitReached extends StorageRefusal {

    private UserLimitReached(String message) {
        super(message);
    }

    static UserLimitReached record(KeycloakSession session, String message) {
        LoginRefusal.remember(session, message);
        return new UserLimitReached(message);
    }
}
