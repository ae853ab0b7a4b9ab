package dev.keycloaktenancy.domains;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keycloaktenancy.testing.AdminLookups;
import dev.keycloaktenancy.testing.ApiClient;
import dev.keycloaktenancy.testing.ApiClient.Result;
import dev.keycloaktenancy.testing.SampleUsers;
import dev.keycloaktenancy.testing.ServerMetrics;
import dev.keycloaktenancy.testing.TenancyServerConfig;
import dev.keycloaktenancy.testing.TenancyServerTest;
import dev.keycloaktenancy.testing.TestDnsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import jakarta.ws.rs.core.Response;
import org.keycloak.representations.idm.OrganizationDomainRepresentation;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
class DomainVerificationIT extends TenancyServerTest {

    private TestDnsServer dns;
    private ApiClient owner;

    @BeforeEach
    void setUp() throws SocketException {
        importRealms("saas-b2b");
        dns = new TestDnsServer();
        owner = new ApiClient(urls.getBase() + "/realms/saas-b2b/tenancy",
                () -> ApiClient.selfServiceToken(urls.getBase(), "saas-b2b", "carol@globex.test", "carol"));
    }

    @AfterEach
    void stopDns() {
        dns.close();
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
        assertError(503, down);
        assertEquals("dns_unavailable", down.json().get("error").asText());
        assertEquals("60", down.header("Retry-After"));
        assertFalse(down.body().contains("127.0.0.1"), "the resolver's address stays in the server log: " + down.body());
        assertFalse(nativeDomain("globex", "globex-eu.test").isVerified());
    }

    /** Each DNS check costs the resolver a query: an organization may ask 5 times in 30 seconds, and is told when again. */
    @Test
    void verificationIsRateLimitedPerOrganization() {
        assertEquals(201, owner.post("/organizations/globex/domains", ApiClient.json(Map.of("name", "globex-rate.test"))).status());
        for (int check = 1; check <= 5; check++) {
            Result answered = owner.post("/organizations/globex/domains/globex-rate.test/verify", "");
            assertEquals("verification_failed", answered.json().get("error").asText(), "check " + check + ": " + answered);
        }
        Result again = owner.post("/organizations/globex/domains/globex-rate.test/verify", "");
        assertError(429, again);
        assertTrue(again.header("Retry-After") != null && again.header("Retry-After").matches("[1-9][0-9]*"), again::toString);

        ApiClient realmAdmin = new ApiClient(urls.getBase() + "/admin/realms/saas-b2b/tenancy",
                () -> admin.tokenManager().getAccessTokenString());
        Result otherOrganization = realmAdmin.post("/organizations/acme/domains/acme.test/verify", "");
        assertEquals(200, otherOrganization.status(), "acme's checks are its own: " + otherOrganization);
    }

    /**
     * A resolver that never answers: each check waits for DNS, but not while holding a database connection, so slow
     * DNS cannot starve the server of connections. The server's own pool metrics show the connections in use.
     */
    @Test
    void aResolverThatNeverAnswersHoldsNoDatabaseConnection() throws Exception {
        dns.close();
        int checks = 6;
        ApiClient realmAdmin = adminApi("saas-b2b");
        for (int i = 0; i < checks; i++) {
            OrganizationRepresentation organization = new OrganizationRepresentation();
            organization.setName("Slow " + i);
            organization.setAlias("slow-" + i);
            organization.addDomain(new OrganizationDomainRepresentation("slow-" + i + ".test"));
            try (Response created = admin.realm("saas-b2b").organizations().create(organization)) {
                assertEquals(201, created.getStatus());
            }
            realmAdmin.get("/organizations/slow-" + i + "/domains");
        }
        try (TestDnsServer silent = TestDnsServer.silent()) {
            ExecutorService pool = Executors.newFixedThreadPool(checks);
            try {
                List<Future<Result>> calls = new ArrayList<>();
                for (int i = 0; i < checks; i++) {
                    String path = "/organizations/slow-" + i + "/domains/slow-" + i + ".test/verify";
                    calls.add(pool.submit(() -> realmAdmin.post(path, "")));
                }
                double mostInUse = 0;
                while (calls.stream().anyMatch(call -> !call.isDone())) {
                    mostInUse = Math.max(mostInUse, ServerMetrics.read(urls, "agroal_active_count"));
                    Thread.sleep(50);
                }
                for (Future<Result> call : calls) {
                    assertError(503, call.get());
                    assertEquals("dns_unavailable", call.get().json().get("error").asText());
                }
                System.out.printf("database connections in use while %d DNS checks waited: at most %.0f%n", checks, mostInUse);
                assertTrue(mostInUse < checks, "database connections in use while " + checks
                        + " checks waited for DNS: at most " + mostInUse);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /**
     * However many organizations ask at once, a node waits on DNS for at most 8 checks: a hostile tenant with many
     * organizations and a silent nameserver cannot take every request thread. The others are told to come back.
     */
    @Test
    void aNodeWaitsOnDnsForAFewChecksAtATime() throws Exception {
        dns.close();
        int checks = 12;
        ApiClient realmAdmin = adminApi("saas-b2b");
        for (int i = 0; i < checks; i++) {
            OrganizationRepresentation organization = new OrganizationRepresentation();
            organization.setName("Busy " + i);
            organization.setAlias("busy-" + i);
            organization.addDomain(new OrganizationDomainRepresentation("busy-" + i + ".test"));
            try (Response created = admin.realm("saas-b2b").organizations().create(organization)) {
                assertEquals(201, created.getStatus());
            }
            realmAdmin.get("/organizations/busy-" + i + "/domains");
        }
        try (TestDnsServer silent = TestDnsServer.silent()) {
            ExecutorService pool = Executors.newFixedThreadPool(checks);
            try {
                List<Future<Result>> calls = new ArrayList<>();
                for (int i = 0; i < checks; i++) {
                    String path = "/organizations/busy-" + i + "/domains/busy-" + i + ".test/verify";
                    calls.add(pool.submit(() -> realmAdmin.post(path, "")));
                }
                int waited = 0;
                int turnedAway = 0;
                for (Future<Result> call : calls) {
                    assertError(503, call.get());
                    String error = call.get().json().get("error").asText();
                    if (error.equals("dns_busy")) {
                        assertEquals("10", call.get().header("Retry-After"));
                        turnedAway++;
                    } else {
                        assertEquals("dns_unavailable", error);
                        waited++;
                    }
                }
                assertTrue(waited <= 8 && turnedAway >= checks - 8, waited + " waited on DNS, " + turnedAway + " turned away");
            } finally {
                pool.shutdownNow();
            }
        }
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
                () -> ApiClient.selfServiceToken(urls.getBase(), "saas-b2b", "dave@globex.test", "dave"));
        assertError(403, member.post("/organizations/globex/domains", ApiClient.json(Map.of("name", "dave.test"))));
        assertError(403, member.get("/organizations/globex/domains"));
        SampleUsers.createMember(admin.realm("saas-b2b"), "acme", "oscar@example.test", "oscar");
        ApiClient stranger = new ApiClient(urls.getBase() + "/realms/saas-b2b/tenancy",
                () -> ApiClient.selfServiceToken(urls.getBase(), "saas-b2b", "oscar@example.test", "oscar"));
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
