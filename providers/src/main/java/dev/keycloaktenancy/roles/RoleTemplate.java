package dev.keycloaktenancy.roles;

import java.util.List;
import java.util.Set;

/** The template roles created when tenancy is enabled on a realm. Realm admins may edit them afterwards. */
public final class RoleTemplate {

    public static final String OWNER = "owner";
    public static final String ADMIN = "admin";
    public static final String MEMBER = "member";

    private RoleTemplate() {
    }

    /** A role to create: name, description, permissions and whether members get it on joining. */
    public record RoleDefinition(String name, String description, Set<String> permissions, boolean defaultRole) {
    }

    public static List<RoleDefinition> initialRoles() {
        return List.of(
                new RoleDefinition(OWNER, "Owns the organization: every administration permission, including granting owner.",
                        Permissions.BUILT_IN, false),
                new RoleDefinition(ADMIN, "Administers the organization; cannot grant or revoke owner.",
                        Permissions.BUILT_IN, false),
                new RoleDefinition(MEMBER, "Every member: can see the other members.",
                        Set.of(Permissions.MEMBERS_READ), true));
    }
}
