package dev.keycloaktenancy.keycloak;

import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.util.TokenUtil;

/** What the application asked for in an OpenID Connect login request, as Keycloak keeps it on the login. */
public final class OidcLogin {

    /** The protocol name of OpenID Connect clients, scopes and mappers. */
    public static final String PROTOCOL = OIDCLoginProtocol.LOGIN_PROTOCOL;

    private OidcLogin() {
    }

    /** The request's {@code login_hint}, or null. */
    public static String loginHint(AuthenticationSessionModel authSession) {
        return authSession.getClientNote(OIDCLoginProtocol.LOGIN_HINT_PARAM);
    }

    /** The request's {@code scope} parameter (space-separated scope names), or null. */
    public static String scope(AuthenticationSessionModel authSession) {
        return authSession.getClientNote(OIDCLoginProtocol.SCOPE_PARAM);
    }

    /** Whether the request asked to show the login page even to a known user ({@code prompt=login}). */
    public static boolean promptsLogin(AuthenticationSessionModel authSession) {
        return TokenUtil.hasPrompt(authSession.getClientNote(OIDCLoginProtocol.PROMPT_PARAM),
                OIDCLoginProtocol.PROMPT_VALUE_LOGIN);
    }
}
