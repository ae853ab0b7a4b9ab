package dev.keycloaktenancy.invitations;

import dev.keycloaktenancy.jit.AssertedEmails;
import dev.keycloaktenancy.keycloak.InvitationLinks;
import dev.keycloaktenancy.roles.RoleAssignments;
import dev.keycloaktenancy.roles.RolePromises;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationInvitationModel;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;

import java.util.Optional;

/**
 * The roles an invitation promised go to the person who accepts that invitation through its link, in this very
 * request (Keycloak has verified the link's token): a new account registered through the link, whose address the link
 * proves (it was mailed there), or an existing account whose email this realm has verified. Then the promise is used
 * up. Whoever joins another way with the same email gets only the default roles, and the promise stays for the
 * invitee.
 */
public final class InvitationAcceptance {

    private final KeycloakSession session;
    private final RealmModel realm;

    public InvitationAcceptance(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /**
     * A member just joined: if it is by this organization's invitation link, grants what it promised and answers the
     * invitation's id (it was accepted).
     */
    public Optional<String> memberJoined(OrganizationModel organization, UserModel member) {
        if (member.getEmail() == null) {
            return Optional.empty();
        }
        Optional<InvitationLinks.Accepted> link = InvitationLinks.of(session).beingAccepted()
                .filter(accepted -> accepted.organizationId().equals(organization.getId()))
                .filter(accepted -> accepted.email().equalsIgnoreCase(member.getEmail()));
        if (link.isEmpty()) {
            return Optional.empty();
        }
        RolePromises promises = new RolePromises(session, realm);
        OrganizationInvitationModel pending = session.getProvider(OrganizationProvider.class).getInvitationManager()
                .getById(link.get().invitationId());
        boolean accepted = pending != null && !pending.isExpired()
                && pending.getEmail().equalsIgnoreCase(member.getEmail()) && provesAddress(link.get(), organization, member);
        if (accepted) {
            new RoleAssignments(session, realm).grant(organization, member, promises.promisedTo(organization,
                    member.getEmail()));
        }
        promises.withdraw(organization, member.getEmail());
        return accepted ? Optional.of(pending.getId()) : Optional.empty();
    }

    /**
     * A registration through the link proves the address, and marks it verified as following an email's link does;
     * an existing account must have verified it here, or through one of the organization's own identity providers.
     */
    private boolean provesAddress(InvitationLinks.Accepted link, OrganizationModel organization, UserModel member) {
        if (link.registration()) {
            member.setEmailVerified(true);
            return true;
        }
        return member.isEmailVerified() && AssertedEmails.provesAddressTo(session, member, organization);
    }
}
