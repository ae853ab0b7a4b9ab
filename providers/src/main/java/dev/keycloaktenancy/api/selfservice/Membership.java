package dev.keycloaktenancy.api.selfservice;

import dev.keycloaktenancy.InputText;
import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.TenancyException;
import dev.keycloaktenancy.roles.Actor;
import dev.keycloaktenancy.roles.HeldRoles;
import dev.keycloaktenancy.roles.OrganizationRoles;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.UserModel;

/**
 * The caller's standing in the organization named in the path, read from the database (never from token claims):
 * a member, with the permissions of their roles there, or an administrator of the realm's organizations (Keycloak's
 * {@code manage-organizations} or {@code manage-realm}, or a fine-grained permission on this organization), who may
 * do everything the API offers, as in the admin API. An organization the caller neither belongs to nor administers answers 404 exactly like
 * one that does not exist, so nobody learns about other organizations; a member lacking a permission gets 403.
 */
final class Membership {

    private final OrganizationModel organization;
    private final OrganizationRoles roles;
    private final HeldRoles held;
    private final boolean administrator;

    private Membership(OrganizationModel organization, OrganizationRoles roles, HeldRoles held, boolean administrator) {
        this.organization = organization;
        this.roles = roles;
        this.held = held;
        this.administrator = administrator;
    }

    static Membership of(KeycloakSession session, Caller caller, String idOrAlias) {
        if (!Tenancy.isEnabled(caller.realm())) {
            throw TenancyException.notEnabled(caller.realm().getName());
        }
        OrganizationModel organization = Tenancy.findOrganization(session, idOrAlias);
        OrganizationRoles roles = new OrganizationRoles(session, caller.realm());
        if (organization != null && caller.adminPermissions().orgs().canManage(organization)) {
            return new Membership(organization, roles, roles.rolesOf(organization, caller.user()), true);
        }
        if (organization == null || !organization.isMember(caller.user())) {
            throw TenancyException.notFound("You are not a member of an organization '" + shorten(idOrAlias) + "'.");
        }
        if (!organization.isEnabled()) {
            throw TenancyException.forbidden("Organization " + organization.getAlias() + " is disabled.");
        }
        return new Membership(organization, roles, roles.rolesOf(organization, caller.user()), false);
    }

    /** Refuses with 403 unless the caller's roles here give this permission (administrators hold them all). */
    Membership require(String permission) {
        if (!administrator && !held.holds(permission)) {
            throw TenancyException.forbidden("Your roles in " + organization.getAlias() + " do not include the permission "
                    + permission + ".");
        }
        return this;
    }

    /** Another member of the same organization; anyone else answers 404, whether or not the user exists. */
    UserModel member(KeycloakSession session, String userId) {
        UserModel user = InputText.isSafeKey(userId)
                ? session.users().getUserById(session.getContext().getRealm(), userId) : null;
        if (user == null || !organization.isMember(user)) {
            throw TenancyException.notFound("Organization " + organization.getAlias() + " has no member with id '"
                    + shorten(userId) + "'.");
        }
        return user;
    }

    OrganizationModel organization() {
        return organization;
    }

    OrganizationRoles roles() {
        return roles;
    }

    Actor actor() {
        return administrator ? Actor.administrator() : Actor.member(held);
    }

    private static String shorten(String value) {
        return value == null ? "" : value.length() > 80 ? value.substring(0, 80) + "…" : value;
    }
}
