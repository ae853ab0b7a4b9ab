package dev.keycloaktenancy.operations;

import dev.keycloaktenancy.testing.AdminLookups;
import dev.keycloaktenancy.testing.ApiClient;
import dev.keycloaktenancy.testing.DemoLogins;
import dev.keycloaktenancy.testing.LoginBrowser;
import dev.keycloaktenancy.testing.OidcTestClient;
import dev.keycloaktenancy.testing.SampleUsers;
import dev.keycloaktenancy.testing.ServerMetrics;
import dev.keycloaktenancy.testing.TenancyServerConfig;
import dev.keycloaktenancy.testing.TenancyServerTest;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pack's metrics on Keycloak's metrics endpoint, scraped as Prometheus does: each one moves when its event
 * happens, labelled with a fixed word, never with a user's or an organization's name, and, as the server runs with
 * the default options, not with the realm either (one series summed over all realms). The token mapper's timer
 * publishes histogram buckets. Labelling by realm (an option) is covered by TenancyMetricsTest.
 */
@KeycloakIntegrationTest(config = TenancyServerConfig.class)
class MetricsIT extends TenancyServerTest {

    private static final String REALM = "saas-b2b";

    @BeforeEach
    void importRealms() {
        importRealms("saas-b2b", "acme-idp");
    }

    @Test
    void routingDecisions() {
        double toIdp = metric("keycloak_tenancy_routing_decisions_total", "outcome", "identity-provider");
        double toKeycloak = metric("keycloak_tenancy_routing_decisions_total", "outcome", "keycloak");
        submitUsername("alice@acme.test");
        submitUsername("erin@example.test");
        assertEquals(toIdp + 1, metric("keycloak_tenancy_routing_decisions_total", "outcome", "identity-provider"));
        assertEquals(toKeycloak + 1, metric("keycloak_tenancy_routing_decisions_total", "outcome", "keycloak"));
    }

    @Test
    void ssoRefusalsAndJoins() {
        SampleUsers.create(saas(), "pat@acme.test", "pat-local-password");
        double refused = metric("keycloak_tenancy_sso_refusals_total", "path", "password-grant");
        ApiClient.Result grant = ApiClient.passwordGrantAnswer(urls.getBase(), REALM, "pat@acme.test",
                "pat-local-password", "admin-cli", null);
        assertEquals(400, grant.status(), grant::toString);
        assertEquals(refused + 1, metric("keycloak_tenancy_sso_refusals_total", "path", "password-grant"));

        double byDomain = metric("keycloak_tenancy_jit_joins_total", "path", "email-domain");
        SampleUsers.create(saas(), "lou@globex.test", "lou");
        DemoLogins.withPassword(urls.getBase(), "lou@globex.test", "lou", "openid", null);
        assertEquals(byDomain + 1, metric("keycloak_tenancy_jit_joins_total", "path", "email-domain"));

        double byIdp = metric("keycloak_tenancy_jit_joins_total", "path", "identity-provider");
        DemoLogins.aliceThroughAcmeIdp(urls.getBase(), "openid");
        assertEquals(byIdp + 1, metric("keycloak_tenancy_jit_joins_total", "path", "identity-provider"));
    }

    @Test
    void limitRefusalsSelfServiceAndTheTokenMapper() {
        OrganizationRepresentation globex = AdminLookups.organization(saas(), "globex");
        globex.singleAttribute("tenancy.limits.max-members", "2");
        AdminLookups.organizationResource(saas(), "globex").update(globex).close();
        double limited = metric("keycloak_tenancy_limit_refusals_total", "limit", "members");
        String extra = SampleUsers.create(saas(), "max@example.test", "max");
        try (Response added = AdminLookups.organizationResource(saas(), "globex").members().addMember(extra)) {
            assertEquals(409, added.getStatus());
        }
        assertEquals(limited + 1, metric("keycloak_tenancy_limit_refusals_total", "limit", "members"));

        double ok = metric("keycloak_tenancy_selfservice_requests_total", "outcome", "ok");
        double refused = metric("keycloak_tenancy_selfservice_requests_total", "outcome", "refused");
        double unauthorized = metric("keycloak_tenancy_selfservice_requests_total", "outcome", "unauthorized");
        selfService(REALM, "carol@globex.test", "carol").get("/me/organizations");
        selfService(REALM, "erin@example.test", "erin").get("/organizations/globex");
        new ApiClient(urls.getBase() + "/realms/" + REALM + "/tenancy", null).get("/me/organizations");
        assertEquals(ok + 1, metric("keycloak_tenancy_selfservice_requests_total", "outcome", "ok"));
        assertEquals(refused + 1, metric("keycloak_tenancy_selfservice_requests_total", "outcome", "refused"));
        assertEquals(unauthorized + 1, metric("keycloak_tenancy_selfservice_requests_total", "outcome", "unauthorized"));

        double tokens = metric("keycloak_tenancy_token_mapper_seconds_count");
        DemoLogins.withPassword(urls.getBase(), "dave@globex.test", "dave", "openid organization", null);
        double timed = metric("keycloak_tenancy_token_mapper_seconds_count");
        assertTrue(timed >= tokens + 1, "the mapper is timed");

        String scraped = ServerMetrics.scrape(urls);
        assertFalse(scraped.lines().filter(l -> l.startsWith("keycloak_tenancy_"))
                .anyMatch(l -> l.contains("globex") || l.contains("@")), "no organization or user in any label");
        assertFalse(scraped.lines().filter(l -> l.startsWith("keycloak_tenancy_")).anyMatch(l -> l.contains("realm=")),
                "no realm label unless the operator asks for it");
        assertTrue(scraped.lines().anyMatch(l -> l.startsWith("keycloak_tenancy_token_mapper_seconds_bucket{le=\"0.001\"}")),
                "a bucket at one millisecond, for p99 with histogram_quantile");
        assertEquals(timed, ServerMetrics.sample(urls, "keycloak_tenancy_token_mapper_seconds_bucket", "le", "+Inf"),
                "every timing is in the histogram");
    }

    private double metric(String name, String... labels) {
        return ServerMetrics.sample(urls, name, labels);
    }

    /** The username step of saas-b2b's login page, as demo-app's user types it. */
    private void submitUsername(String username) {
        OidcTestClient app = new OidcTestClient(urls.getBase(), REALM, "demo-app", DemoLogins.REDIRECT_URI);
        LoginBrowser browser = new LoginBrowser(app.redirectUri());
        assertNotNull(browser.open(app.authorizationUrl("openid")), "expected the login page");
        browser.submit(Map.of("username", username));
    }
}
