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
        assertEquals(new RealmSettings("roles", 20, null, null, null, null, null, null, null), settings);
        Map<String, String> values = new HashMap<>();
        values.put("claimDefaultForm", "roles");
        values.put("maxDomainsPerOrganization", "20");
        values.put("maxPendingDomainsPerOrganization", null);
        values.put("allowedMfaMethods", null);
        values.put("auditRetentionDays", null);
        values.put("selfServeCreateOrganizations", null);
        values.put("maxOrganizationsPerUser", null);
        values.put("personalOrganization", null);
        values.put("personalOrganizationName", null);
        values.put("loginCreateOrganization", null);
        assertEquals(values, settings.values());
    }

    @Test
    void theSelfServeSettingsAreCheckedAndStoredAsTheFeatureReadsThem() {
        RealmSettings settings = RealmSettings.ofText(Map.of("selfServeCreateOrganizations", " TRUE ",
                "maxOrganizationsPerUser", "3", "personalOrganization", "false",
                "personalOrganizationName", " {firstName}'s team ({email}) "));
        assertEquals(new RealmSettings(null, null, null, null, null, true, 3, false, "{firstName}'s team ({email})"),
                settings);
        assertEquals("true", settings.values().get("selfServeCreateOrganizations"));
        assertEquals("false", settings.values().get("personalOrganization"));
        assertEquals(Tenancy.SELF_SERVICE_CREATE_ORGANIZATIONS, RealmSettings.ATTRIBUTES.get("selfServeCreateOrganizations"));
        assertEquals(Tenancy.MAX_ORGANIZATIONS_PER_USER, RealmSettings.ATTRIBUTES.get("maxOrganizationsPerUser"));
        assertEquals(Tenancy.PERSONAL_ORGANIZATION, RealmSettings.ATTRIBUTES.get("personalOrganization"));
        assertEquals(Tenancy.PERSONAL_ORGANIZATION_NAME, RealmSettings.ATTRIBUTES.get("personalOrganizationName"));
        assertEquals(Tenancy.LOGIN_CREATE_ORGANIZATION, RealmSettings.ATTRIBUTES.get("loginCreateOrganization"));
        assertEquals("offer", RealmSettings.ofText(Map.of("loginCreateOrganization", " Offer ")).loginCreateOrganization());
        TenancyException refused = assertThrows(TenancyException.class,
                () -> RealmSettings.ofText(Map.of("loginCreateOrganization", "always")));
        assertTrue(refused.description().startsWith("loginCreateOrganization: 'always' is not a choice"),
                refused.description());

        assertEquals("selfServeCreateOrganizations: true or false.", assertThrows(TenancyException.class,
                () -> RealmSettings.ofText(Map.of("selfServeCreateOrganizations", "yes"))).description());
        assertTrue(assertThrows(TenancyException.class, () -> RealmSettings.ofText(Map.of("maxOrganizationsPerUser",
                "five"))).description().startsWith("maxOrganizationsPerUser: how many organizations"));
        for (String bad : List.of("{company} workspace", "{name", "line\nbreak", "x".repeat(256))) {
            List<String> problems = new RealmSettings(null, null, null, null, null, null, null, null,
                    bad).problems("settings.");
            assertEquals(1, problems.size(), bad);
            assertTrue(problems.get(0).startsWith("settings.personalOrganizationName: up to 255 characters"), bad);
        }
        assertEquals(List.of("settings.maxOrganizationsPerUser: how many organizations one user may own, a whole number"
                        + " from 0 to 10000000, digits only, or no value for the default (5)."),
                new RealmSettings(null, null, null, null, null, null, -1, null, null).problems("settings."));
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
                new RealmSettings("x", 5, -2, null, null, null, null, null, null).problems("settings."));
        assertEquals(List.of(), new RealmSettings("ids", 0, 1000, null, null, null, null, null, null).problems("settings."));
    }

    @Test
    void theMfaCapAndAuditRetentionAreCheckedAndNormalized() {
        RealmSettings settings = RealmSettings.ofText(Map.of("allowedMfaMethods", " WebAuthn, otp,otp ",
                "auditRetentionDays", "30"));
        assertEquals("otp,webauthn", settings.allowedMfaMethods());
        assertEquals(30, settings.auditRetentionDays());
        assertEquals("none", RealmSettings.ofText(Map.of("allowedMfaMethods", "none")).allowedMfaMethods());
        assertEquals(List.of("settings.allowedMfaMethods: 'sms' is not a second-factor method; use one or more of otp,"
                        + " webauthn (comma-separated), or none.",
                        "settings.auditRetentionDays: a whole number of days from 1 to 3650, or no value for the default"
                                + " (90)."),
                new RealmSettings(null, null, null, "otp,sms", 0, null, null, null, null).problems("settings."));
        assertEquals(List.of("allowedMfaMethods: none goes alone."),
                new RealmSettings(null, null, null, "none otp", 3650, null, null, null, null).problems(""));
        for (String bad : List.of("0", "3651", "ninety", "-5")) {
            TenancyException refused = assertThrows(TenancyException.class,
                    () -> RealmSettings.ofText(Map.of("auditRetentionDays", bad)), bad);
            assertTrue(refused.description().startsWith("auditRetentionDays: a whole number of days"), bad);
        }
    }

    @Test
    void everySettingHasItsRealmAttribute() {
        assertEquals(RealmSettings.NONE.values().keySet(), RealmSettings.ATTRIBUTES.keySet());
        assertEquals(Tenancy.CLAIM_DEFAULT_FORM, RealmSettings.ATTRIBUTES.get("claimDefaultForm"));
        assertEquals(Tenancy.MAX_DOMAINS_PER_ORGANIZATION, RealmSettings.ATTRIBUTES.get("maxDomainsPerOrganization"));
        assertEquals(Tenancy.ALLOWED_MFA_METHODS, RealmSettings.ATTRIBUTES.get("allowedMfaMethods"));
        assertEquals(Tenancy.AUDIT_RETENTION_DAYS, RealmSettings.ATTRIBUTES.get("auditRetentionDays"));
    }
}
