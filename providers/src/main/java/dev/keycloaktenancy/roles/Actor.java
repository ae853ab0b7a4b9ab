package dev.keycloaktenancy.roles;

import java.util.Set;

/**
 * Who changes roles, for the guards: an administrator (realm admin or console-delegated organization admin, who may
 * grant anything) or a member acting with the permissions and roles the database gives them in that organization.
 */
public record Actor(boolean isAdministrator, Set<String> permissions, boolean owner) {

    public static Actor administrator() {
        return new Actor(true, Set.of(), true);
    }

    public static Actor member(HeldRoles held) {
        return new Actor(false, Set.copyOf(held.permissions()), held.includesOwner());
    }

    /** Nobody grants a role carrying permissions they lack; only owners grant or revoke owner. */
    public boolean mayGrantOrRevoke(OrganizationRole role) {
        if (isAdministrator) {
            return true;
        }
        if (role.isOwner() && !owner) {
            return false;
        }
        return permissions.containsAll(role.permissions());
    }

    public boolean holds(String permission) {
        return isAdministrator || permissions.contains(permission);
    }
}
