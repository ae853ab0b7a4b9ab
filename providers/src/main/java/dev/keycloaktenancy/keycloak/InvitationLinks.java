package dev.keycloaktenancy.keycloak;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationInvitationModel;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.Optional;

/** Keycloak's invitation links (action tokens): the link an invitation email carries, and the one being followed. */
public interface InvitationLinks {

    static InvitationLinks of(KeycloakSession session) {
        return new ActionTokenInvitationLinks(session);
    }

    /**
     * An invitation link being followed: to which organization, for which email, which invitation; and whether a new
     * account is being registered through it (its email is the invitation's, fixed by the registration form).
     */
    record Accepted(String organizationId, String email, String invitationId, boolean registration) {
    }

    /**
     * The invitation whose link this request follows, with a token Keycloak has verified: a registration through the
     * link (Keycloak keeps the token on the session), or an existing account accepting it at the action-token
     * endpoint (the token is the request's {@code key}, verified again here).
     */
    Optional<Accepted> beingAccepted();

    /**
     * The link an invitation email carries, as Keycloak's own invitations build it: for an existing account, an
     * action link to confirm joining; for a new person, the registration page with the email fixed. It lands on the
     * organization's redirect URL, else on {@code landing} when given, else the account console.
     */
    String link(RealmModel realm, OrganizationModel organization, OrganizationInvitationModel invitation,
                UserModel existingAccount, String landing);
}
