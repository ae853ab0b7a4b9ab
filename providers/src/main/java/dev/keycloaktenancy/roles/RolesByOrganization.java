package dev.keycloaktenancy.roles;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * What a token carries for one user: for each organization the user belongs to, by alias, the organization's id and
 * the roles held there. A value is never changed: a change of roles or memberships drops it from the cache and the
 * next request loads a new one.
 */
public final class RolesByOrganization {

    /**
     * One organization of the user, with the role names and permissions as the lists a token carries, made once when
     * the value is loaded rather than for every token (the value is kept in Keycloak's user cache).
     */
    public record Membership(String organizationId, HeldRoles roles, List<String> roleNames, List<String> permissions) {

        public Membership(String organizationId, HeldRoles roles) {
            this(organizationId, roles, List.copyOf(roles.names()), List.copyOf(roles.permissions()));
        }
    }

    private final Map<String, Membership> byAlias;
    private final ConcurrentMap<Object, Object> derived = new ConcurrentHashMap<>();

    public RolesByOrganization(Map<String, Membership> byAlias) {
        this.byAlias = Map.copyOf(byAlias);
    }

    public Map<String, Membership> byAlias() {
        return byAlias;
    }

    /** The user's membership in the organization with this alias, or null. */
    public Membership in(String alias) {
        return byAlias.get(alias);
    }

    /** Whether every one of these organizations is known here. */
    public boolean covers(Collection<String> aliases) {
        return byAlias.keySet().containsAll(aliases);
    }

    /**
     * A value computed from this one (for example the claim's JSON), made on first use and kept with it, so it lives
     * exactly as long as the roles it was made from: a change makes a new value, which starts without any.
     */
    public <T> T derived(Object key, Class<T> type, Supplier<T> compute) {
        return type.cast(derived.computeIfAbsent(key, ignored -> compute.get()));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RolesByOrganization roles && byAlias.equals(roles.byAlias);
    }

    @Override
    public int hashCode() {
        return Objects.hash(byAlias);
    }

    @Override
    public String toString() {
        return "RolesByOrganization" + byAlias;
    }
}
