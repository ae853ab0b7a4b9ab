package dev.keycloaktenancy.api;

import dev.keycloaktenancy.InputText;
import dev.keycloaktenancy.TenancyException;
import dev.keycloaktenancy.roles.OrganizationRole;
import dev.keycloaktenancy.roles.OrganizationRoles;
import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.authentication.actiontoken.inviteorg.InviteOrgActionToken;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationInvitationModel;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.InvitationManager;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.OIDCLoginProtocolService;
import org.keycloak.services.Urls;
import org.keycloak.services.resources.LoginActionsService;
import org.keycloak.storage.adapter.InMemoryUserAdapter;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Invitations of one organization, on Keycloak's own invitation model: the same invitation records, action tokens,
 * links and email template as the admin console's, plus the roles the invitee gets on joining. Shared by the admin
 * API and the self-service API; who may invite is decided by the caller.
 */
public final class Invitations {

    private static final Logger LOG = Logger.getLogger(Invitations.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final OrganizationModel organization;
    private final OrganizationRoles roles;

    public Invitations(KeycloakSession session, RealmModel realm, OrganizationModel organization) {
        this.session = session;
        this.realm = realm;
        this.organization = organization;
        this.roles = new OrganizationRoles(session, realm);
    }

    /** Sends an invitation carrying the given roles (already resolved and checked by the caller). */
    public InvitationRepresentation send(InvitationInput input, Collection<OrganizationRole> promisedRoles) {
        String email = input.email().toLowerCase(Locale.ROOT);
        OrganizationInvitationModel pending = manager().getByEmail(organization, email);
        if (pending != null && !pending.isExpired()) {
            throw TenancyException.conflict(email + " already has a pending invitation to " + organization.getAlias()
                    + ": resend or revoke it.");
        }
        if (pending != null) {
            removeNow(pending);
        }
        UserModel existing = session.users().getUserByEmail(realm, email);
        if (existing != null && organization.isMember(existing)) {
            throw TenancyException.conflict(email + " is already a member of " + organization.getAlias() + ".");
        }
        OrganizationInvitationModel invitation = deliver(email, input.firstName(), input.lastName(), existing);
        roles.store().deleteInvitationRolesOfEmail(organization.getId(), email);
        roles.store().addInvitationRoles(realm.getId(), organization.getId(), invitation.getId(), email, promisedRoles);
        return InvitationRepresentation.of(invitation, List.copyOf(promisedRoles));
    }

    /** A fresh invitation (new link, new expiry) to the same person; the roles it carries stay. */
    public InvitationRepresentation resend(String invitationId) {
        OrganizationInvitationModel old = find(invitationId);
        removeNow(old);
        UserModel existing = session.users().getUserByEmail(realm, old.getEmail());
        if (existing != null && organization.isMember(existing)) {
            throw TenancyException.conflict(old.getEmail() + " is already a member of " + organization.getAlias() + ".");
        }
        OrganizationInvitationModel invitation = deliver(old.getEmail(), old.getFirstName(), old.getLastName(), existing);
        return InvitationRepresentation.of(invitation, promisedTo(invitation.getEmail()));
    }

    public void revoke(String invitationId) {
        OrganizationInvitationModel invitation = find(invitationId);
        manager().remove(invitation.getId());
        roles.store().deleteInvitationRolesOfEmail(organization.getId(), invitation.getEmail());
    }

    public List<InvitationRepresentation> list(int first, int max) {
        Map<String, List<OrganizationRole>> promised = roles.store().invitationRolesOfOrganization(organization.getId());
        return manager().getAllStream(organization, Map.of(), first, max)
                .map(i -> InvitationRepresentation.of(i, promised.getOrDefault(lowerCase(i.getEmail()), List.of())))
                .toList();
    }

    public OrganizationInvitationModel find(String invitationId) {
        OrganizationInvitationModel invitation = InputText.isSafeKey(invitationId) ? manager().getById(invitationId) : null;
        if (invitation == null || !organization.getId().equals(invitation.getOrganizationId())) {
            throw TenancyException.notFound("Organization " + organization.getAlias() + " has no invitation '"
                    + invitationId + "'.");
        }
        return invitation;
    }

    private List<OrganizationRole> promisedTo(String email) {
        return roles.store().invitationRolesOfEmail(organization.getId(), email).values().stream()
                .flatMap(List::stream).toList();
    }

    /**
     * Records the invitation and emails its link: an action link for an existing account, a registration link
     * (email fixed) for a new one. If the email cannot be sent, nothing is kept.
     */
    private OrganizationInvitationModel deliver(String email, String firstName, String lastName, UserModel existing) {
        OrganizationInvitationModel invitation = manager().create(organization, email, firstName, lastName);
        UserModel recipient = existing;
        if (recipient == null) {
            recipient = new InMemoryUserAdapter(session, realm, null);
            recipient.setEmail(email);
            recipient.setFirstName(firstName);
            recipient.setLastName(lastName);
        }
        String token = actionToken(existing == null ? null : existing.getId(), email, invitation);
        String link = existing != null ? existingAccountLink(token) : registrationLink(token);
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
            throw TenancyException.conflict("The invitation email could not be sent, so no invitation was created."
                    + " Check the realm's email settings (Realm settings, Email).");
        }
        return invitation;
    }

    private String actionToken(String userId, String email, OrganizationInvitationModel invitation) {
        InviteOrgActionToken token = new InviteOrgActionToken(userId, invitation.getExpiresAt(), email,
                Constants.ACCOUNT_MANAGEMENT_CLIENT_ID);
        token.setOrgId(organization.getId());
        token.id(invitation.getId());
        String redirect = organization.getRedirectUrl();
        token.setRedirectUri(redirect == null || redirect.isBlank()
                ? Urls.accountBase(session.getContext().getUri().getBaseUri()).path("/").build(realm.getName()).toString()
                : redirect);
        return token.serialize(session, realm, session.getContext().getUri());
    }

    private String existingAccountLink(String token) {
        return LoginActionsService.actionTokenProcessor(session.getContext().getUri())
                .queryParam(Constants.KEY, token).build(realm.getName()).toString();
    }

    private String registrationLink(String token) {
        return OIDCLoginProtocolService.registrationsUrl(session.getContext().getUri().getBaseUriBuilder())
                .queryParam(OAuth2Constants.RESPONSE_TYPE, OAuth2Constants.CODE)
                .queryParam(Constants.CLIENT_ID, Constants.ACCOUNT_MANAGEMENT_CLIENT_ID)
                .queryParam(Constants.TOKEN, token)
                .buildFromMap(Map.of("realm", realm.getName(), "protocol", OIDCLoginProtocol.LOGIN_PROTOCOL)).toString();
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
