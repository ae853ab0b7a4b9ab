package dev.keycloaktenancy.roles;

import java.util.Collection;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The roles a member holds in one organization, by name, with the union of their permissions: what tokens carry,
 * what the APIs show, and what a member's actions are checked against.
 */
public record HeldRoles(SortedSet<String> names, SortedSet<String> permissions) {

    public static final HeldRoles NONE = new HeldRoles(Collections.emptySortedSet(), Collections.emptySortedSet());

    public HeldRoles {
        names = Collections.unmodifiableSortedSet(new TreeSet<>(names));
        permissions = Collections.unmodifiableSortedSet(new TreeSet<>(permissions));
    }

    public static HeldRoles of(Collection<OrganizationRole> roles) {
        SortedSet<String> names = new TreeSet<>();
        SortedSet<String> permissions = new TreeSet<>();
        for (OrganizationRole role : roles) {
            names.add(role.name());
            permissions.addAll(role.permissions());
        }
        return new HeldRoles(names, permissions);
    }

    public boolean holds(String permission) {
        return permissions.contains(permission);
    }

    /** Whether one of the roles is the template's owner role (no organization role may take that name). */
    public boolean includesOwner() {
        return names.contains(RoleTemplate.OWNER);
    }
}
