package dev.keycloaktenancy.keycloak;

import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.encode.AccessTokenContext;
import org.keycloak.protocol.oidc.encode.TokenContextEncoderProvider;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager;

import java.util.Optional;

/**
 * A request authenticated by a bearer access token of the context's realm, as Keycloak checks it for its own
 * account API: signature, expiry, realm, an enabled client and an active user session.
 */
public final class BearerAuthentication {

    /** Who sent the token, with which client, and the token itself. */
    public record Caller(UserModel user, ClientModel client, AccessToken token) {

        /** Keycloak's own admin permissions of this user in the context's realm. */
        public AdminAccess adminAccess(KeycloakSession session) {
            return KeycloakAdminAccess.ofBearer(session, this);
        }

        /** Admin events naming this caller. */
        public AdminEvents events(KeycloakSession session) {
            return KeycloakAdminAccess.ofBearer(session, this).events();
        }

        /** Whether Keycloak issued the token in its lightweight form (no audience or other claims). */
        public boolean isLightweight(KeycloakSession session) {
            AccessTokenContext context = session.getProvider(TokenContextEncoderProvider.class)
                    .getTokenContextFromTokenId(token.getId());
            return context != null && AccessTokenContext.TokenType.LIGHTWEIGHT.equals(context.getTokenType());
        }
    }

    private BearerAuthentication() {
    }

    /** The caller, or empty when the request has no valid token of the realm. */
    public static Optional<Caller> authenticate(KeycloakSession session) {
        AuthenticationManager.AuthResult auth = new AppAuthManager.BearerTokenAuthenticator(session).authenticate();
        return auth == null ? Optional.empty() : Optional.of(new Caller(auth.getUser(), auth.getClient(), auth.getToken()));
    }
}
