package dev.keycloaktenancy.roles;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What a token carries for one user: for each organization the user belongs to, by alias, the organization's id and
 * the roles held there.
 */
public record RolesByOrganization(Map<String, Membership> byAlias) {

    /**
     * One organization of the user, with the role names and permissions as the lists a token carries, made once when
     * the value is loaded rather than for every token (the value is kept in Keycloak's user cache).
     */
    public record Membership(String organizationId, HeldRoles roles, List<String> roleNames, List<String> permissions) {

        public Membership(String organizationId, HeldRoles roles) {
            this(organizationId, roles, List.copyOf(roles.names()), List.copyOf(roles.permissions()));
        }
    }

    public RolesByOrganization {
        byAlias = Map.copyOf(byAlias);
    }

    /** The user's membership in the organization with this alias, or null. */
    public Membership in(String alias) {
        return byAlias.get(alias);
    }

    /** Whether every one of these organizations is known here. */
    public boolean covers(Collection<String> aliases) {
        return byAlias.keySet().containsAll(aliases);
    }
}
