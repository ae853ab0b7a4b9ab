package dev.keycloaktenancy;

import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.events.Details;
import org.keycloak.models.UserSessionModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * What the required actions that have the last word on a login (SSO enforcement, the MFA policy) ask about the
 * login they judge: the identity provider it came through and the SSO session it continues.
 */
public final class ThisLogin {

    private ThisLogin() {
    }

    /**
     * The SSO session this login continues (an SSO-cookie login), or null: the user session that Keycloak keeps under
     * the browser's root authentication session, if it is this user's.
     */
    public static UserSessionModel continuedSession(RequiredActionContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        UserSessionModel existing = context.getSession().sessions().getUserSession(context.getRealm(),
                authSession.getParentSession().getId());
        return existing == null || context.getUser() == null
                || !existing.getUser().getId().equals(context.getUser().getId()) ? null : existing;
    }

    /** The identity provider this login came through: its own broker login, or the login behind its SSO session. */
    public static String identityProvider(RequiredActionContext context) {
        String broker = context.getAuthenticationSession().getUserSessionNotes().get(Details.IDENTITY_PROVIDER);
        if (broker != null) {
            return broker;
        }
        UserSessionModel existing = continuedSession(context);
        return existing == null ? null : existing.getNote(Details.IDENTITY_PROVIDER);
    }
}
