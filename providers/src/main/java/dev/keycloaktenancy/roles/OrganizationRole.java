package dev.keycloaktenancy.roles;

import java.util.Set;

/**
 * A role as the rest of the pack sees it.
 *
 * @param organizationId null for a template role (available in every organization of the realm)
 */
public record OrganizationRole(String id, String organizationId, String name, String description,
                               Set<String> permissions, boolean defaultRole) {

    public boolean isTemplate() {
        return organizationId == null;
    }

    public boolean isOwner() {
        return isTemplate() && RoleTemplate.OWNER.equals(name);
    }
}
