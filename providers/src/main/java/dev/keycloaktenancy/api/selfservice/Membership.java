package dev.keycloaktenancy.api.selfservice;

import dev.keycloaktenancy.InputText;
import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.TenancyException;
import dev.keycloaktenancy.api.organization.OrganizationCaller;
import dev.keycloaktenancy.roles.Actor;
import dev.keycloaktenancy.roles.HeldRoles;
import dev.keycloaktenancy.roles.RoleAssignments;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;

/**
 * The caller's standing in the organization named in the path, read from the database (never from token claims):
 * a member, with the permissions of their roles there, or an administrator of the realm's organizations (Keycloak's
 * {@code manage-organizations} or {@code manage-realm}, or a fine-grained permission on this organization), who may
 * do everything the API offers, as in the admin API. An organization the caller neither belongs to nor administers
 * answers 404 exactly like one that does not exist, so nobody learns about other organizations; a member lacking a
 * permission gets 403.
 */
final class Membership implements OrganizationCaller.Authority {

    private final HeldRoles held;
    private final boolean administrator;
    private final boolean mayDeleteAccounts;

    private Membership(HeldRoles held, boolean administrator, boolean mayDeleteAccounts) {
        this.held = held;
        this.administrator = administrator;
        this.mayDeleteAccounts = mayDeleteAccounts;
    }

    /** The caller in the organization of the path, or the refusal for a stranger. */
    static OrganizationCaller of(KeycloakSession session, Caller caller, String idOrAlias) {
        if (!Tenancy.isEnabled(caller.realm())) {
            throw TenancyException.notEnabled(caller.realm().getName());
        }
        OrganizationModel organization = Tenancy.findOrganization(session, idOrAlias);
        HeldRoles held = organization == null ? HeldRoles.NONE
                : new RoleAssignments(session, caller.realm()).rolesOf(organization, caller.user());
        Membership membership;
        if (organization != null && caller.adminAccess().mayManage(organization)) {
            membership = new Membership(held, true, caller.adminAccess().mayManageUsers());
        } else if (organization == null || !organization.isMember(caller.user())) {
            throw TenancyException.notFound("You are not a member of an organization '" + InputText.shorten(idOrAlias)
                    + "'.");
        } else if (!organization.isEnabled()) {
            throw TenancyException.forbidden("Organization " + organization.getAlias() + " is disabled.");
        } else {
            membership = new Membership(held, false, false);
        }
        return new OrganizationCaller(session, organization, membership, caller.events());
    }

    /**
     * The caller in an organization they do not belong to, with no permission there: a user asking to join, whose
     * request is recorded as the organization's change.
     */
    static OrganizationCaller stranger(KeycloakSession session, Caller caller, OrganizationModel organization) {
        return new OrganizationCaller(session, organization, new Membership(HeldRoles.NONE, false, false), caller.events());
    }

    /** Refuses with 403 unless the caller's roles here give this permission (administrators hold them all). */
    @Override
    public void require(OrganizationModel organization, String permission, boolean change) {
        if (!administrator && !held.holds(permission)) {
            throw TenancyException.forbidden("Your roles in " + organization.getAlias() + " do not include the permission "
                    + permission + ".");
        }
    }

    @Override
    public Actor actor() {
        return administrator ? Actor.administrator() : Actor.member(held);
    }

    @Override
    public boolean mayDeleteAccounts() {
        return mayDeleteAccounts;
    }
}
