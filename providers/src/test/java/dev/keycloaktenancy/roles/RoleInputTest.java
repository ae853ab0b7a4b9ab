package dev.keycloaktenancy.roles;

import dev.keycloaktenancy.TenancyException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoleInputTest {

    @Test
    void validRoleBecomesADefinition() {
        RoleTemplate.RoleDefinition definition = new RoleInput("billing.admin", "Pays", List.of("invoices:write"), true)
                .validated();
        assertEquals("billing.admin", definition.name());
        assertTrue(definition.defaultRole());
        assertEquals(List.of("invoices:write"), List.copyOf(definition.permissions()));
    }

    @Test
    void defaultFlagIsOffUnlessGiven() {
        assertFalse(new RoleInput("x", null, null, null).validated().defaultRole());
    }

    @Test
    void refusesBadNamesAndLongDescriptions() {
        for (String bad : new String[]{null, "", " ", "with space", "-x", "x".repeat(65), "<script>", "ä"}) {
            assertThrows(TenancyException.class, () -> new RoleInput(bad, null, null, null).validated(), bad);
        }
        assertThrows(TenancyException.class, () -> new RoleInput("x", "d".repeat(256), null, null).validated());
    }

    @Test
    void initialTemplateKeepsOwnerAndAdminEqualAndMemberDefault() {
        var roles = RoleTemplate.initialRoles();
        assertEquals(List.of("owner", "admin", "member"), roles.stream().map(RoleTemplate.RoleDefinition::name).toList());
        assertEquals(Permissions.BUILT_IN, roles.get(0).permissions());
        assertEquals(Permissions.BUILT_IN, roles.get(1).permissions());
        assertTrue(roles.get(2).defaultRole());
        assertFalse(roles.get(0).defaultRole());
    }
}
