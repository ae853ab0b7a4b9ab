package dev.keycloaktenancy.domains;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keycloaktenancy.testing.AdminLookups;
import dev.keycloaktenancy.testing.ApiClient;
import dev.keycloaktenancy.testing.ApiClient.Result;
import dev.keycloaktenancy.testing.RealmExports;
import dev.keycloaktenancy.testing.SampleUsers;
import dev.keycloaktenancy.testing.TenancyServerConfig;
import dev.keycloaktenancy.testing.TestDnsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.OrganizationDomainRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.server.KeycloakUrls;

import java.net.SocketException;
import java.util.Map;

import static dev.keycloaktenancy.testing.ApiAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Claiming and verifying domains with a real DNS query, against a DNS server the test runs on loopback:
 * the right record, a wrong token, no record, and the resolver down; plus name normalisation and refusals.
 */
@KeycloakIntegrationTest(config = TenancyServerConfig.class)
class DomainVerificationIT {

    @InjectAdminClient
    Keycloak admin;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    private RealmExports.Imported realms;
    private TestDnsServer dns;
    private ApiClient owner;

    @BeforeEach
    void setUp() throws SocketException {
        realms = RealmExports.importRealms(admin, "saas-b2b");
        dns = new TestDnsServer();
        owner = new ApiClient(urls.getBase() + "/realms/saas-b2b/tenancy",
                () -> ApiClient.passwordGrant(urls.getBase(), "saas-b2b", "carol@globex.test", "carol"));
    }

    @AfterEach
    void tearDown() {
        dns.close();
        realms.close();
    }

    @Test
    void claimThenVerifyThroughDns() {
        Result claimed = owner.post("/organizations/globex/domains", ApiClient.json(Map.of("name", "Globex-Labs.TEST.")));
        assertEquals(201, claimed.status(), claimed::toString);
        JsonNode domain = claimed.json();
        assertEquals("globex-labs.test", domain.get("name").asText(), "lower case, no trailing dot");
        assertFalse(domain.get("verified").asBoolean());
        assertEquals("_keycloak-tenancy.globex-labs.test", domain.get("verification").get("name").asText());
        String value = domain.get("verification").get("value").asText();
        assertTrue(value.startsWith("keycloak-tenancy-verification="), value);
        assertFalse(nativeDomain("globex", "globex-labs.test").isVerified(), "claimed, not verified");

        Result missing = owner.post("/organizations/globex/domains/globex-labs.test/verify", "");
        assertError(409, missing);
        assertEquals("verification_failed", missing.json().get("error").asText());

        dns.txt("_keycloak-tenancy.globex-labs.test", "keycloak-tenancy-verification=not-the-token", "v=spf1 -all");
        Result wrong = owner.post("/organizations/globex/domains/globex-labs.test/verify", "");
        assertError(409, wrong);
        assertEquals("verification_failed", wrong.json().get("error").asText());
        assertFalse(nativeDomain("globex", "globex-labs.test").isVerified(), "nothing changed");

        dns.txt("_keycloak-tenancy.globex-labs.test", "v=spf1 -all", value);
        Result verified = owner.post("/organizations/globex/domains/globex-labs.test/verify", "");
        assertEquals(200, verified.status(), verified::toString);
        assertTrue(verified.json().get("verified").asBoolean());
        assertNull(verified.json().get("verification"));
        assertTrue(nativeDomain("globex", "globex-labs.test").isVerified(), "the native flag is set");
        assertFalse(AdminLookups.organizationResource(admin.realm("saas-b2b"), "globex").toRepresentation()
                .getAttributes().containsKey("tenancy.domain-verification.globex-labs.test"), "the token is dropped");
    }

    @Test
    void resolverDownChangesNothing() {
        JsonNode domain = owner.post("/organizations/globex/domains", ApiClient.json(Map.of("name", "globex-eu.test"))).json();
        dns.txt("_keycloak-tenancy.globex-eu.test", domain.get("verification").get("value").asText());
        dns.close();
        Result down = owner.post("/organizations/globex/domains/globex-eu.test/verify", "");
        assertError(409, down);
        assertEquals("dns_unavailable", down.json().get("error").asText());
        assertFalse(nativeDomain("globex", "globex-eu.test").isVerified());
    }

    @Test
    void wildcardsAndInternationalNames() {
        JsonNode wildcard = owner.post("/organizations/globex/domains", ApiClient.json(Map.of("name", "*.globex-labs.test"))).json();
        assertEquals("*.globex-labs.test", wildcard.get("name").asText());
        assertEquals("_keycloak-tenancy.globex-labs.test", wildcard.get("verification").get("name").asText(),
                "a wildcard is proven at its base");
        dns.txt("_keycloak-tenancy.globex-labs.test", wildcard.get("verification").get("value").asText());
        assertEquals(200, owner.post("/organizations/globex/domains/*.globex-labs.test/verify", "").status());

        Result idn = owner.post("/organizations/globex/domains", ApiClient.json(Map.of("name", "bücher.test")));
        assertEquals(201, idn.status(), idn::toString);
        assertEquals("xn--bcher-kva.test", idn.json().get("name").asText(), "internationalised names in punycode");
    }

    @Test
    void lookAlikesAndConflicts() {
        assertError(409, owner.post("/organizations/globex/domains", ApiClient.json(Map.of("name", "ACME.test."))),
                "acme.test belongs to acme, however it is written");
        assertEquals(201, owner.post("/organizations/globex/domains",
                ApiClient.json(Map.of("name", "acme.test.evil.test"))).status(), "a different domain");
        assertError(409, owner.post("/organizations/globex/domains", ApiClient.json(Map.of("name", "acme.test.evil.test"))),
                "already claimed");
        for (String bad : new String[]{"", "not a domain", "localhost", "*.test", "a..b", "-x.test", "x".repeat(300) + ".test",
                "javascript:alert(1)"}) {
            assertError(400, owner.post("/organizations/globex/domains", ApiClient.json(Map.of("name", bad))), bad);
        }
        assertError(404, owner.post("/organizations/globex/domains/unknown.test/verify", ""));
        assertError(404, owner.delete("/organizations/globex/domains/unknown.test"));
        assertEquals(204, owner.delete("/organizations/globex/domains/acme.test.evil.test").status());
    }

    @Test
    void onlyDomainManagersOfTheOrganization() {
        ApiClient member = new ApiClient(urls.getBase() + "/realms/saas-b2b/tenancy",
                () -> ApiClient.passwordGrant(urls.getBase(), "saas-b2b", "dave@globex.test", "dave"));
        assertError(403, member.post("/organizations/globex/domains", ApiClient.json(Map.of("name", "dave.test"))));
        assertError(403, member.get("/organizations/globex/domains"));
        SampleUsers.createMember(admin.realm("saas-b2b"), "acme", "oscar@example.test", "oscar");
        ApiClient stranger = new ApiClient(urls.getBase() + "/realms/saas-b2b/tenancy",
                () -> ApiClient.passwordGrant(urls.getBase(), "saas-b2b", "oscar@example.test", "oscar"));
        assertError(404, stranger.post("/organizations/globex/domains/globex.test/verify", ""));

        ApiClient realmAdmin = new ApiClient(urls.getBase() + "/admin/realms/saas-b2b/tenancy",
                () -> admin.tokenManager().getAccessTokenString());
        Result claimed = realmAdmin.post("/organizations/globex/domains", ApiClient.json(Map.of("name", "globex-admin.test")));
        assertEquals(201, claimed.status(), claimed::toString);
        dns.txt("_keycloak-tenancy.globex-admin.test", claimed.json().get("verification").get("value").asText());
        assertEquals(200, realmAdmin.post("/organizations/globex/domains/globex-admin.test/verify", "").status());
    }

    private OrganizationDomainRepresentation nativeDomain(String org, String name) {
        return AdminLookups.organizationResource(admin.realm("saas-b2b"), org).toRepresentation().getDomains().stream()
                .filter(d -> d.getName().equals(name)).findFirst().orElseThrow();
    }
}
