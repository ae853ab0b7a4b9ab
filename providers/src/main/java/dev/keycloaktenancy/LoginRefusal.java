package dev.keycloaktenancy;

import org.keycloak.models.KeycloakSession;

/**
 * A sentence explaining why this request was refused below the login flow (a limit reached while a directory user
 * was imported, say), left on the session so that the login error page can show it instead of Keycloak's
 * "unexpected error".
 */
public final class LoginRefusal {

    private static final String SESSION_ATTRIBUTE = "tenancy.login-refusal";

    private LoginRefusal() {
    }

    public static void remember(KeycloakSession session, String sentence) {
        session.setAttribute(SESSION_ATTRIBUTE, sentence);
    }

    /** The refusal this request ran into, or null. */
    public static String of(KeycloakSession session) {
        return session.getAttributeOrDefault(SESSION_ATTRIBUTE, null);
    }
}
