package dev.keycloaktenancy.roles.token;

import com.fasterxml.jackson.databind.util.RawValue;
import dev.keycloaktenancy.RealmSettings;
import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.roles.HeldRoles;
import dev.keycloaktenancy.roles.RolesByOrganization;
import org.junit.jupiter.api.Test;
import org.keycloak.util.JsonSerialization;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class ClaimFormTest {

    private static final RolesByOrganization.Membership ACME = new RolesByOrganization.Membership("id-1",
            new HeldRoles(new TreeSet<>(List.of("owner", "billing")), new TreeSet<>(List.of("invoices:read"))));

    @Test
    void eachFormCarriesLessThanTheOneBefore() {
        assertEquals(Map.of("id", "id-1", "roles", List.of("billing", "owner"), "permissions", List.of("invoices:read")),
                filled(ClaimForm.FULL));
        assertEquals(Map.of("id", "id-1", "roles", List.of("billing", "owner")), filled(ClaimForm.ROLES));
        assertEquals(Map.of("id", "id-1"), filled(ClaimForm.IDS));
    }

    @Test
    void theClientsChoiceComesFirstThenTheRealmsThenTheMappers() {
        assertEquals(ClaimForm.IDS, ClaimForm.of("ids", "roles", "native"));
        assertEquals(ClaimForm.ROLES, ClaimForm.of(null, "roles", "native"));
        assertEquals(ClaimForm.NATIVE, ClaimForm.of(" ", null, " NATIVE "));
        assertEquals(ClaimForm.FULL, ClaimForm.of("full", null, "native"), "a client opts in");
        assertEquals(ClaimForm.FULL, ClaimForm.of("compact", null, null), "an unknown value keeps the claim");
        assertEquals(ClaimForm.FULL, ClaimForm.of(null, null, null), "a mapper of 0.1, without the setting");
    }

    @Test
    void theRealmSettingsOfferEveryFormAndNoOther() {
        assertEquals(Arrays.stream(ClaimForm.values()).map(ClaimForm::value).toList(), RealmSettings.CLAIM_FORMS);
        assertEquals(Tenancy.CLAIM_DEFAULT_FORM, ClaimForm.REALM_DEFAULT);
    }

    @Test
    void theClaimsJsonTextReadsAsTheClaimAndIsMadeOncePerFormAndValue() throws Exception {
        RolesByOrganization roles = new RolesByOrganization(Map.of("acme", ACME,
                "quote\"d", new RolesByOrganization.Membership("id-2", HeldRoles.NONE)));
        List<String> both = List.of("quote\"d", "acme");
        RawValue full = ClaimJson.of(roles, ClaimForm.FULL, both);
        assertSame(full, ClaimJson.of(roles, ClaimForm.FULL, both));
        assertEquals(Map.of("acme", filled(ClaimForm.FULL), "quote\"d", Map.of("id", "id-2", "roles", List.of(),
                "permissions", List.of())), read(full));
        assertEquals(Map.of("acme", filled(ClaimForm.IDS)), read(ClaimJson.of(roles, ClaimForm.IDS, List.of("acme"))));
        assertNotSame(full, ClaimJson.of(new RolesByOrganization(roles.byAlias()), ClaimForm.FULL, both),
                "a new value (after a change) makes its own text");
    }

    @Test
    void keycloaksClaimIsReplacedByTheKeptTextOnlyWhenItCarriesNothingTheFormDoesNotWrite() {
        assertEquals(List.of("acme", "globex"), OrganizationRolesClaim.aliasesOnly(List.of("acme", "globex")),
                "Keycloak's default, a list of aliases");
        assertEquals(List.of("acme"), OrganizationRolesClaim.aliasesOnly(Map.of("acme", Map.of("id", "id-1"))),
                "with Add organization id");
        assertEquals(List.of("acme"), OrganizationRolesClaim.aliasesOnly(Map.of("acme", Map.of())));
        assertNull(OrganizationRolesClaim.aliasesOnly(Map.of("acme", Map.of("id", "id-1", "region", List.of("eu")))),
                "organization attributes stay: the pack adds to each entry");
        assertNull(OrganizationRolesClaim.aliasesOnly(Map.of("acme", "id-1")), "a shape another mapper made");
        assertNull(OrganizationRolesClaim.aliasesOnly(List.of(Map.of("alias", "acme"))));
        assertNull(OrganizationRolesClaim.aliasesOnly("acme"));
    }

    private static Object read(RawValue claim) throws Exception {
        return JsonSerialization.readValue(JsonSerialization.writeValueAsString(Map.of("organization", claim)),
                Map.class).get("organization");
    }

    private static Map<String, Object> filled(ClaimForm form) {
        Map<String, Object> value = new HashMap<>();
        form.fill(value, ACME);
        return value;
    }
}
