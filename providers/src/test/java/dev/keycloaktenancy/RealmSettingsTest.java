package dev.keycloaktenancy;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RealmSettingsTest {

    @Test
    void textValuesReadAsSettingsAndBlankIsUnset() {
        RealmSettings settings = RealmSettings.ofText(Map.of("claimDefaultForm", " Roles ",
                "maxDomainsPerOrganization", "20", "maxPendingDomainsPerOrganization", ""));
        assertEquals(new RealmSettings("roles", 20, null), settings);
        Map<String, String> values = new HashMap<>();
        values.put("claimDefaultForm", "roles");
        values.put("maxDomainsPerOrganization", "20");
        values.put("maxPendingDomainsPerOrganization", null);
        assertEquals(values, settings.values());
    }

    @Test
    void wrongValuesAreRefusedWithTheirSentence() {
        TenancyException form = assertThrows(TenancyException.class,
                () -> RealmSettings.ofText(Map.of("claimDefaultForm", "compact")));
        assertEquals("claimDefaultForm: 'compact' is not a form of the organization claim; use one of native, full,"
                + " roles, ids.", form.description());
        assertEquals(400, form.status());
        for (String bad : List.of("-1", "ten", "1e3", "1,000", "1001")) {
            TenancyException count = assertThrows(TenancyException.class,
                    () -> RealmSettings.ofText(Map.of("maxDomainsPerOrganization", bad)), bad);
            assertTrue(count.description().startsWith("maxDomainsPerOrganization: a whole number from 0 to 1000"),
                    count.description());
        }
    }

    @Test
    void problemsNameTheFieldsPath() {
        assertEquals(List.of(
                        "settings.claimDefaultForm: 'x' is not a form of the organization claim; use one of native, full,"
                                + " roles, ids.",
                        "settings.maxPendingDomainsPerOrganization: a whole number from 0 to 1000, or no value for the"
                                + " default."),
                new RealmSettings("x", 5, -2).problems("settings."));
        assertEquals(List.of(), new RealmSettings("ids", 0, 1000).problems("settings."));
    }

    @Test
    void everySettingHasItsRealmAttribute() {
        assertEquals(RealmSettings.NONE.values().keySet(), RealmSettings.ATTRIBUTES.keySet());
        assertEquals(Tenancy.CLAIM_DEFAULT_FORM, RealmSettings.ATTRIBUTES.get("claimDefaultForm"));
        assertEquals(Tenancy.MAX_DOMAINS_PER_ORGANIZATION, RealmSettings.ATTRIBUTES.get("maxDomainsPerOrganization"));
    }
}
