package dev.keycloaktenancy.roles;

import dev.keycloaktenancy.TenancyException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static dev.keycloaktenancy.roles.ActorTest.BILLING;
import static dev.keycloaktenancy.roles.ActorTest.OWNER;
import static dev.keycloaktenancy.roles.ActorTest.member;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The guards of roles, without a server: who may grant what, the owner role's shape, the last owner, renames. */
class RoleGuardsTest {

    @Test
    void grantingNamesThePermissionsTheActorLacks() {
        TenancyException refused = assertThrows(TenancyException.class,
                () -> RoleGuards.mayGrantOrRevoke(BILLING, member(Set.of("reader"), Set.of("invoices:read")), "grant"));
        assertEquals(403, refused.getResponse().getStatus());
        assertTrue(refused.description().contains("invoices:write"), refused.description());
        assertTrue(!refused.description().contains("invoices:read,"), "only what is missing: " + refused.description());
        assertDoesNotThrow(() -> RoleGuards.mayGrantOrRevoke(BILLING, Actor.administrator(), "revoke"));
    }

    @Test
    void onlyOwnersGrantOrRevokeOwner() {
        TenancyException refused = assertThrows(TenancyException.class,
                () -> RoleGuards.mayGrantOrRevoke(OWNER, member(Set.of("admin"), Permissions.BUILT_IN), "revoke"));
        assertEquals("Only an owner can revoke the owner role.", refused.description());
        assertDoesNotThrow(() -> RoleGuards.mayGrantOrRevoke(OWNER, member(Set.of("owner"), Permissions.BUILT_IN), "grant"));
    }

    @Test
    void definingARoleNeedsEveryPermissionItCarries() {
        assertThrows(TenancyException.class,
                () -> RoleGuards.holdsAll(Set.of(Permissions.ROLES_MANAGE, "x:y"), member(Set.of(), Set.of(Permissions.ROLES_MANAGE))));
        assertDoesNotThrow(() -> RoleGuards.holdsAll(Set.of("x:y"), member(Set.of(), Set.of("x:y"))));
    }

    @Test
    void theOwnerRoleKeepsEveryBuiltInPermissionAndIsNeverDefault() {
        assertThrows(TenancyException.class, () -> RoleGuards.ownerDefinition(
                new RoleTemplate.RoleDefinition("owner", null, Set.of(Permissions.MEMBERS_READ), false)));
        assertThrows(TenancyException.class, () -> RoleGuards.ownerDefinition(
                new RoleTemplate.RoleDefinition("owner", null, Permissions.BUILT_IN, true)));
        assertDoesNotThrow(() -> RoleGuards.ownerDefinition(
                new RoleTemplate.RoleDefinition("owner", null, Permissions.BUILT_IN, false)));
        assertDoesNotThrow(() -> RoleGuards.ownerDefinition(
                new RoleTemplate.RoleDefinition("auditor", null, Set.of(), true)), "other roles are free");
        assertThrows(TenancyException.class, () -> RoleGuards.ownerDeletion(OWNER));
    }

    @Test
    void theLastOwnerStays() {
        TenancyException refused = assertThrows(TenancyException.class, () -> RoleGuards.keepsAnOwner(1, "globex"));
        assertEquals(409, refused.getResponse().getStatus());
        assertTrue(refused.description().contains("globex"));
        assertDoesNotThrow(() -> RoleGuards.keepsAnOwner(2, "globex"));
    }

    @Test
    void rolesAreNeverRenamed() {
        assertEquals("billing", RoleGuards.updated(BILLING, new RoleInput(null, "new text", List.of("a:b"), false)).name());
        assertThrows(TenancyException.class, () -> RoleGuards.updated(BILLING, new RoleInput("invoicing", null, null, null)));
    }

    @Test
    void aTemplateNameMustBeFreeEverywhere() {
        assertDoesNotThrow(() -> RoleGuards.freeTemplateName("auditor", List.of()));
        TenancyException inOrganizations = assertThrows(TenancyException.class, () -> RoleGuards.freeTemplateName("billing", List.of(BILLING)));
        assertTrue(inOrganizations.description().contains("1 organization"), inOrganizations.description());
    }
}
