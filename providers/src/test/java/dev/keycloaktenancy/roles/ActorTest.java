package dev.keycloaktenancy.roles;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActorTest {

    private static final OrganizationRole OWNER = new OrganizationRole("1", null, "owner", null, Permissions.BUILT_IN, false);
    private static final OrganizationRole BILLING = new OrganizationRole("2", "org", "billing", null,
            Set.of("invoices:read", "invoices:write"), false);
    private static final OrganizationRole MEMBER = new OrganizationRole("3", null, "member", null,
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
        Actor billingClerk = Actor.member(Set.of("invoices:read", "invoices:write", Permissions.MEMBERS_READ),
                Set.of("billing", "member"));
        assertTrue(billingClerk.mayGrantOrRevoke(BILLING));
        assertTrue(billingClerk.mayGrantOrRevoke(MEMBER));

        Actor reader = Actor.member(Set.of("invoices:read"), Set.of("reader"));
        assertFalse(reader.mayGrantOrRevoke(BILLING), "invoices:write is missing");
    }

    @Test
    void onlyOwnersGrantOwnerEvenWithEveryPermission() {
        Actor admin = Actor.member(Permissions.BUILT_IN, Set.of("admin"));
        assertFalse(admin.mayGrantOrRevoke(OWNER));
        Actor owner = Actor.member(Permissions.BUILT_IN, Set.of("owner"));
        assertTrue(owner.mayGrantOrRevoke(OWNER));
    }

    @Test
    void anOrganizationRoleNamedOwnerIsNotTheOwnerRole() {
        OrganizationRole lookalike = new OrganizationRole("4", "org", "owner", null, Set.of(), false);
        assertFalse(lookalike.isOwner());
        assertTrue(Actor.member(Set.of(), Set.of()).mayGrantOrRevoke(lookalike));
    }
}
