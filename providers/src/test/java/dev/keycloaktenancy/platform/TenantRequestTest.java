package dev.keycloaktenancy.platform;

import dev.keycloaktenancy.TenancyException;
import dev.keycloaktenancy.Branding;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TenantRequestTest {

    private static final TenantRequest.Administrator ADMIN = new TenantRequest.Administrator("it@north.example", "Ada", "Admin", null);

    @Test
    void aCompleteRequestPassesAndItsDomainsAreNormalised() {
        TenantRequest request = new TenantRequest("uni-north", "university", "North University",
                new Branding("North", "https://cdn.north.example/logo.svg", "#1d4ed8", null),
                List.of("North.Example.", "north.example"), "Login.North.Example", new TenantLimits(100, 5), ADMIN)
                .validated();
        assertEquals(List.of("north.example"), request.normalizedDomains());
        assertEquals("login.north.example", request.parsedHostname().orElseThrow().authority());
    }

    @Test
    void everyProblemIsListedInOneAnswer() {
        TenancyException refused = assertThrows(TenancyException.class, () -> new TenantRequest("Uni North", null,
                "", new Branding(null, "javascript:alert(1)", "red", null), List.of("not a domain"),
                "https://login.north.example/", new TenantLimits(0, -1), new TenantRequest.Administrator("nobody", null, null, null)).validated());
        String description = refused.description();
        for (String field : List.of("realm", "template", "displayName", "branding", "domains", "hostname", "limits.maxUsers",
                "limits.maxOrganizations", "administrator.email")) {
            assertTrue(description.contains(field), field + " in: " + description);
        }
    }

    @Test
    void aRetryHasTheSameFingerprintAndAChangedRequestAnother() {
        TenantRequest first = new TenantRequest("uni-north", "university", null, null, List.of("north.example"),
                "login.north.example", new TenantLimits(100, null), ADMIN);
        TenantRequest retry = new TenantRequest("uni-north", "university", null, null, List.of("north.example"),
                "login.north.example", new TenantLimits(100, null), ADMIN);
        TenantRequest otherHostname = new TenantRequest("uni-north", "university", null, null, List.of("north.example"),
                "sso.north.example", new TenantLimits(100, null), ADMIN);
        TenantRequest otherLimit = new TenantRequest("uni-north", "university", null, null, List.of("north.example"),
                "login.north.example", new TenantLimits(200, null), ADMIN);
        assertEquals(first.fingerprint(), retry.fingerprint());
        assertEquals(64, first.fingerprint().length(), "SHA-256 in hex");
        assertNotEquals(first.fingerprint(), otherHostname.fingerprint());
        assertNotEquals(first.fingerprint(), otherLimit.fingerprint());
    }

    @Test
    void masterIsNeverATenant() {
        TenancyException refused = assertThrows(TenancyException.class,
                () -> new TenantRequest("master", "university", null, null, null, null, null, ADMIN).validated());
        assertTrue(refused.description().contains("master"));
    }
}
