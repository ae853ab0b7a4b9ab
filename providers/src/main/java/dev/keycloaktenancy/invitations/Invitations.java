package dev.keycloaktenancy.invitations;

import dev.keycloaktenancy.InputText;
import dev.keycloaktenancy.TenancyException;
import dev.keycloaktenancy.jit.AssertedEmails;
import dev.keycloaktenancy.keycloak.InvitationLinks;
import dev.keycloaktenancy.portal.PortalClient;
import dev.keycloaktenancy.keycloak.TransientUsers;
import dev.keycloaktenancy.roles.OrganizationRole;
import dev.keycloaktenancy.roles.RolePromises;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationInvitationModel;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.InvitationManager;
import org.keycloak.organization.OrganizationProvider;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Invitations of one organization, on Keycloak's own invitation model: the same invitation records, action tokens,
 * links and email template as the admin console's, plus the roles the invitee gets on joining. Who may invite is
 * decided by the caller; what an invitation may reach is decided here: an existing account is invited only when this
 * realm has proven that its holder owns the address, and sending is rate-limited ({@link InvitationLimits}).
 */
public final class Invitations {

    private static final Logger LOG = Logger.getLogger(Invitations.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final OrganizationModel organization;
    private final RolePromises promises;
    private final InvitationLimits limits;

    public Invitations(KeycloakSession session, RealmModel realm, OrganizationModel organization) {
        this.session = session;
        this.realm = realm;
        this.organization = organization;
        this.promises = new RolePromises(session, realm);
        this.limits = new InvitationLimits(session, realm);
    }

    /** Sends an invitation carrying the given roles (already resolved and checked by the caller). */
    public InvitationRepresentation send(InvitationInput input, Collection<OrganizationRole> promisedRoles) {
        String email = input.email().toLowerCase(Locale.ROOT);
        OrganizationInvitationModel pending = manager().getByEmail(organization, email);
        if (pending != null && !pending.isExpired()) {
            throw TenancyException.conflict("invitation_pending", email + " already has a pending invitation to "
                    + organization.getAlias() + ": resend or revoke it.");
        }
        UserModel existing = invitee(email);
        requireMailServer();
        limits.requireRoomForPending(organization, pendingCount());
        limits.takeSlot(organization, email);
        if (pending != null) {
            removeNow(pending);
        }
        OrganizationInvitationModel invitation = deliver(email, input.firstName(), input.lastName(), existing);
        promises.promise(organization, invitation.getId(), email, promisedRoles);
        return InvitationRepresentation.of(invitation, List.copyOf(promisedRoles));
    }

    /** A fresh invitation (new link, new expiry) to the same person; the roles it carries stay. */
    public InvitationRepresentation resend(String invitationId) {
        OrganizationInvitationModel old = find(invitationId);
        UserModel existing = invitee(old.getEmail());
        requireMailServer();
        limits.takeSlot(organization, old.getEmail());
        removeNow(old);
        OrganizationInvitationModel invitation = deliver(old.getEmail(), old.getFirstName(), old.getLastName(), existing);
        return InvitationRepresentation.of(invitation, promises.promisedTo(organization, invitation.getEmail()));
    }

    public void revoke(String invitationId) {
        OrganizationInvitationModel invitation = find(invitationId);
        manager().remove(invitation.getId());
        promises.withdraw(organization, invitation.getEmail());
    }

    public List<InvitationRepresentation> list(int first, int max) {
        Map<String, List<OrganizationRole>> promised = promises.promises(organization);
        return manager().getAllStream(organization, Map.of(), first, max)
                .map(i -> InvitationRepresentation.of(i, promised.getOrDefault(lowerCase(i.getEmail()), List.of())))
                .toList();
    }

    public InvitationRepresentation get(String invitationId) {
        OrganizationInvitationModel invitation = find(invitationId);
        return InvitationRepresentation.of(invitation, promises.promisedTo(organization, invitation.getEmail()));
    }

    /**
     * A realm without an email server is refused up front (409, the realm's setup), before the request uses one of the
     * organization's rate-limit slots: nothing could be sent, so nothing counts.
     */
    private void requireMailServer() {
        Map<String, String> smtp = realm.getSmtpConfig();
        if (smtp == null || smtp.getOrDefault("host", "").isBlank()) {
            throw TenancyException.conflict("email_not_configured", "Realm " + realm.getName() + " has no email"
                    + " server, so invitations cannot be sent. An administrator of the realm sets one in Realm"
                    + " settings, Email.");
        }
    }

    /** Invitations not yet accepted that can still be. */
    public long pendingCount() {
        return manager().getAllStream(organization, Map.of(), null, null)
                .filter(i -> i.getStatus() == OrganizationInvitationModel.InvitationStatus.PENDING && !i.isExpired())
                .count();
    }

    public OrganizationInvitationModel find(String invitationId) {
        OrganizationInvitationModel invitation = InputText.isSafeKey(invitationId) ? manager().getById(invitationId) : null;
        if (invitation == null || !organization.getId().equals(invitation.getOrganizationId())) {
            throw TenancyException.notFound("Organization " + organization.getAlias() + " has no invitation '"
                    + InputText.shorten(invitationId) + "'.");
        }
        return invitation;
    }

    /**
     * The account an invitation to this address binds to, or null for a new person. An account binds only when this
     * realm verified its email, and no identity provider outside the organization vouched for it: otherwise whoever
     * set the address on an account would receive the invitation's membership and roles when the real owner of the
     * address follows the link.
     */
    private UserModel invitee(String email) {
        UserModel existing = session.users().getUserByEmail(realm, email);
        if (existing == null) {
            return null;
        }
        if (organization.isMember(existing)) {
            throw TenancyException.conflict("already_member", email + " is already a member of "
                    + organization.getAlias() + ".");
        }
        if (!existing.isEmailVerified() || !AssertedEmails.provesAddressTo(session, existing, organization)) {
            throw TenancyException.conflict("email_not_verified", "An account of this realm uses " + email + " but"
                    + " has not verified it, so an invitation could reach the wrong person. The person signs in and"
                    + " verifies the address (or a realm administrator sends them a verification email); then invite"
                    + " again.");
        }
        return existing;
    }

    /**
     * Records the invitation and emails its link: an action link for an existing account, a registration link
     * (email fixed) for a new one. If the mail server fails, nothing is kept (503, worth a retry).
     */
    private OrganizationInvitationModel deliver(String email, String firstName, String lastName, UserModel existing) {
        OrganizationInvitationModel invitation = manager().create(organization, email, firstName, lastName);
        UserModel recipient = existing != null ? existing
                : TransientUsers.addressee(session, realm, email, firstName, lastName);
        String link = InvitationLinks.of(session).link(realm, organization, invitation, existing,
                PortalClient.invitationLanding(session, realm).orElse(null));
        invitation.setInviteLink(link);
        try {
            session.getProvider(EmailTemplateProvider.class)
                    .setRealm(realm)
                    .setUser(recipient)
                    .sendOrgInviteEmail(organization, link,
                            TimeUnit.SECONDS.toMinutes(realm.getActionTokenGeneratedByAdminLifespan()));
        } catch (EmailException e) {
            LOG.warnf(e, "Invitation email to %s for organization %s of realm %s could not be sent", email,
                    organization.getAlias(), realm.getName());
            manager().remove(invitation.getId());
            // The mail server's own message stays in the server log: it names hosts that organization admins
            // calling the self-service API have no business seeing.
            throw TenancyException.unavailable("mail_unavailable", "The mail server did not take the invitation"
                    + " email, so no invitation was created. Try again later; if it keeps failing, an administrator of"
                    + " the realm checks its email settings (Realm settings, Email).", 60);
        }
        return invitation;
    }

    /**
     * Removes an invitation before a new one for the same email is created in the same transaction: the flush
     * keeps the database from seeing the new row first (Hibernate writes inserts before deletes).
     */
    private void removeNow(OrganizationInvitationModel invitation) {
        manager().remove(invitation.getId());
        session.getProvider(JpaConnectionProvider.class).getEntityManager().flush();
    }

    private InvitationManager manager() {
        return session.getProvider(OrganizationProvider.class).getInvitationManager();
    }

    private static String lowerCase(String email) {
        return email == null ? "" : email.toLowerCase(Locale.ROOT);
    }
}
