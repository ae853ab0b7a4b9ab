package dev.keycloaktenancy.platform;

import org.keycloak.models.KeycloakSession;

/**
 * A user insert refused below Keycloak's own checks (partial import, user federation). The sentence is also kept on
 * the session, so the login error page can say it instead of "unexpected error".
 */
public final class UserLimitReached extends StorageRefusal {

    private static final String SESSION_ATTRIBUTE = "tenancy.user-limit-reached";

    private UserLimitReached(String message) {
        super(message);
    }

    static UserLimitReached record(KeycloakSession session, String message) {
        session.setAttribute(SESSION_ATTRIBUTE, message);
        return new UserLimitReached(message);
    }

    /** The refusal this request ran into, if any. */
    public static String in(KeycloakSession session) {
        return session.getAttributeOrDefault(SESSION_ATTRIBUTE, null);
    }
}
