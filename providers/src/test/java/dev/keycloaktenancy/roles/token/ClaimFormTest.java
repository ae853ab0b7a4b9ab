package dev.keycloaktenancy.roles.token;

import dev.keycloaktenancy.RealmSettings;
import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.roles.HeldRoles;
import dev.keycloaktenancy.roles.RolesByOrganization;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

    private static Map<String, Object> filled(ClaimForm form) {
        Map<String, Object> value = new HashMap<>();
        form.fill(value, ACME);
        return value;
    }
}
