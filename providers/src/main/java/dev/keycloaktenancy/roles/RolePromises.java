package dev.keycloaktenancy.roles;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Roles promised to an email address (kept in lower case) by a pending invitation of an organization, kept until the invitee joins
 * through the invitation's link (then granted) or the invitation is revoked. Who may be granted them is decided by
 * the invitations package, which knows the link.
 */
public final class RolePromises {

    private final RealmModel realm;
    private final OrganizationRoleStore store;

    public RolePromises(KeycloakSession session, RealmModel realm) {
        this.realm = realm;
        this.store = new OrganizationRoleStore(session);
    }

    /** Records the roles an invitation promises; a newer promise to the same email replaces the older one. */
    public void promise(OrganizationModel organization, String invitationId, String email, Collection<OrganizationRole> roles) {
        store.deleteInvitationRolesOfEmail(organization.getId(), email);
        store.addInvitationRoles(realm.getId(), organization.getId(), invitationId, email, roles);
    }

    /** email (lower case) -> roles promised, for the organization's invitations. */
    public Map<String, List<OrganizationRole>> promises(OrganizationModel organization) {
        return store.invitationRolesOfOrganization(organization.getId());
    }

    public List<OrganizationRole> promisedTo(OrganizationModel organization, String email) {
        return store.invitationRolesOfEmail(organization.getId(), email).values().stream()
                .flatMap(List::stream).toList();
    }

    public void withdraw(OrganizationModel organization, String email) {
        store.deleteInvitationRolesOfEmail(organization.getId(), email);
    }
}
