package dev.keycloaktenancy.keycloak;

import dev.keycloaktenancy.TenancyException;
import dev.keycloaktenancy.keycloak.KeycloakVersion.Support;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeycloakVersionTest {

    @ParameterizedTest
    @CsvSource({
            "26.7.3, TESTED",
            "26.7.5, TESTED",
            "26.7.0, UNTESTED",
            "26.7.4, UNTESTED",
            "26.7.12, UNTESTED",
            "26.8.0, KNOWN_BROKEN",
            "26.8.2, KNOWN_BROKEN",
            "26.10.1, KNOWN_BROKEN",
            "27.0.0, KNOWN_BROKEN",
            "999.0.0-SNAPSHOT, KNOWN_BROKEN",
            "26.6.4, UNSUPPORTED",
            "25.0.6, UNSUPPORTED",
            "UNKNOWN, UNKNOWN",
            "'', UNKNOWN",
    })
    void classifiesVersions(String version, Support expected) {
        assertEquals(expected, KeycloakVersion.parse(version).support());
    }

    @Test
    void readsTheNumbersAndIgnoresASuffix() {
        KeycloakVersion version = KeycloakVersion.parse("26.7.3-SNAPSHOT");
        assertEquals(26, version.major());
        assertEquals(7, version.minor());
        assertEquals(3, version.patch());
        assertEquals(Support.TESTED, KeycloakVersion.parse("26.7.3.redhat-00001").support());
        assertEquals(Support.UNTESTED, KeycloakVersion.parse("26.7").support());
        assertEquals(Support.UNKNOWN, KeycloakVersion.parse(null).support());
        assertEquals(Support.UNKNOWN, KeycloakVersion.parse("26.7.3x").support());
    }

    @Test
    void refusesToEnableTenancyWhereThePackBreaks() {
        TenancyException refused = assertThrows(TenancyException.class,
                () -> KeycloakVersion.parse("26.8.0").requireTenancySupport());
        assertEquals(409, refused.status());
        assertEquals("unsupported_keycloak_version", refused.error());
        assertTrue(refused.description().contains("Keycloak 26.8.0"), refused.description());
        assertTrue(refused.description().contains("works on Keycloak 26.7 only"), refused.description());

        assertThrows(TenancyException.class, () -> KeycloakVersion.parse("27.0.0").requireTenancySupport());
        assertThrows(TenancyException.class, () -> KeycloakVersion.parse("26.6.4").requireTenancySupport());
    }

    @Test
    void enablesTenancyOnEvery267PatchAndWhenTheVersionIsUnreadable() {
        assertDoesNotThrow(() -> KeycloakVersion.parse("26.7.3").requireTenancySupport());
        assertDoesNotThrow(() -> KeycloakVersion.parse("26.7.4").requireTenancySupport());
        assertDoesNotThrow(() -> KeycloakVersion.parse("UNKNOWN").requireTenancySupport());
    }

    @Test
    void theStartUpLineNamesTheVersionAndItsClass() {
        assertTrue(KeycloakVersion.parse("26.7.3").describe().endsWith("runs on Keycloak 26.7.3, a version it was tested on."));
        assertTrue(KeycloakVersion.parse("26.7.4").describe().contains("not tested on (tested: 26.7.3, 26.7.5)"));
        assertTrue(KeycloakVersion.parse("26.8.1").describe().contains("does not work on Keycloak 26.8.1"));
        assertTrue(KeycloakVersion.parse("27.0.0").describe().contains("keycloak.v2"));
    }

    @Test
    void theServerUnderTestIsATestedVersion() {
        assertEquals(Support.TESTED, KeycloakVersion.running().support(), KeycloakVersion.running().describe());
        assertTrue(KeycloakVersion.running().describe().startsWith("keycloak-tenancy 0."),
                "the pack's version is filled in by the build: " + KeycloakVersion.running().describe());
    }
}
