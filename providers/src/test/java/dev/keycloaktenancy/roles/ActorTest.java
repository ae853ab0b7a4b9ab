package dev.keycloaktenancy.roles;

import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActorTest {

    static final OrganizationRole OWNER = new OrganizationRole("1", null, "owner", null, Permissions.BUILT_IN, false);
    static final OrganizationRole BILLING = new OrganizationRole("2", "org", "billing", null,
            Set.of("invoices:read", "invoices:write"), false);
    static final OrganizationRole MEMBER = new OrganizationRole("3", null, "member", null,
            Set.of(Permissions.MEMBERS_READ), true);

    @Test
    void administratorsMayGrantAnything() {
        Actor admin = Actor.administrator();
        assertTrue(admin.mayGrantOrRevoke(OWNER));
        assertTrue(admin.mayGrantOrRevoke(BILLING));
        assertTrue(admin.holds("anything:at-all"));
    }

    @Test
    void membersGrantOnlyRolesWhosePermissionsTheyHold() {
        Actor billingClerk = member(Set.of("billing", "member"), Set.of("invoices:read", "invoices:write", Permissions.MEMBERS_READ));
        assertTrue(billingClerk.mayGrantOrRevoke(BILLING));
        assertTrue(billingClerk.mayGrantOrRevoke(MEMBER));

        Actor reader = member(Set.of("reader"), Set.of("invoices:read"));
        assertFalse(reader.mayGrantOrRevoke(BILLING), "invoices:write is missing");
    }

    @Test
    void onlyOwnersGrantOwnerEvenWithEveryPermission() {
        assertFalse(member(Set.of("admin"), Permissions.BUILT_IN).mayGrantOrRevoke(OWNER));
        assertTrue(member(Set.of("owner"), Permissions.BUILT_IN).mayGrantOrRevoke(OWNER));
    }

    @Test
    void anOrganizationRoleNamedOwnerIsNotTheOwnerRole() {
        OrganizationRole lookalike = new OrganizationRole("4", "org", "owner", null, Set.of(), false);
        assertFalse(lookalike.isOwner());
        assertTrue(member(Set.of(), Set.of()).mayGrantOrRevoke(lookalike));
    }

    static Actor member(Set<String> roleNames, Set<String> permissions) {
        return Actor.member(new HeldRoles(new TreeSet<>(roleNames), new TreeSet<>(permissions)));
    }
}
