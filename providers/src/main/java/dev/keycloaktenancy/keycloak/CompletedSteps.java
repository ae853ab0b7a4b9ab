package dev.keycloaktenancy.keycloak;

import org.keycloak.authentication.AuthenticatorUtil;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.models.UserSessionModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import java.util.List;

/**
 * Keycloak's own record of the flow steps a login completed (the user session note {@code authenticators-completed},
 * execution id to time), from which its "Authentication Method Reference (AMR)" mapper writes the {@code amr} claim.
 */
public final class CompletedSteps {

    private CompletedSteps() {
    }

    /**
     * Records an execution as completed now by this login, keeping what the session it continues (null for a new one)
     * had completed, as Keycloak does for the steps of its flows.
     */
    public static void record(AuthenticationSessionModel authSession, UserSessionModel continued, String executionId) {
        AuthenticatorUtils.updateCompletedExecutions(authSession, continued, executionId);
    }

    /**
     * The credential types this login's flow steps verified, as Keycloak records them (auth note
     * {@code authn.credentials}, written when a step succeeds with a credential): for example
     * {@code webauthn-passwordless} after a passkey on the username page, which completes Keycloak's username step
     * rather than a WebAuthn step of its own.
     */
    public static List<String> verifiedCredentialTypes(AuthenticationSessionModel authSession) {
        return AuthenticatorUtil.getAuthnCredentials(authSession);
    }
}
