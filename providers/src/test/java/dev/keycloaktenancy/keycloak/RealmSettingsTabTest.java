package dev.keycloaktenancy.keycloak;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which fields a save of the console's tab writes: those the admin changed, never a value merely shown. */
class RealmSettingsTabTest {

    @Test
    void onlyTheFieldsTheAdminChangedAreWritten() {
        Map<String, String> shown = Map.of("enabled", "false", "maxOrganizationsPerUser", "",
                "selfServeCreateOrganizations", "false", "auditRetentionDays", "90");
        Map<String, String> sent = Map.of("enabled", "false", "maxOrganizationsPerUser", "12",
                "selfServeCreateOrganizations", "false", "auditRetentionDays", "30");

        assertEquals(Set.of("maxOrganizationsPerUser", "auditRetentionDays"), RealmSettingsTab.changed(shown, sent));
    }

    @Test
    void noValueEmptyAndSpacesAreTheSame() {
        Map<String, String> shown = new HashMap<>();
        shown.put("claimDefaultForm", null);
        shown.put("personalOrganizationName", " {name} ");
        Map<String, String> sent = new HashMap<>();
        sent.put("claimDefaultForm", "  ");
        sent.put("personalOrganizationName", "{name}");
        sent.put("maxDomainsPerOrganization", null);

        assertEquals(Set.of(), RealmSettingsTab.changed(shown, sent));
    }

    @Test
    void emptyingAFieldIsAChange() {
        assertEquals(Set.of("maxDomainsPerOrganization"),
                RealmSettingsTab.changed(Map.of("maxDomainsPerOrganization", "7"), Map.of("maxDomainsPerOrganization", "")));
    }
}
