package dev.keycloaktenancy.security;

import dev.keycloaktenancy.testing.AdminLookups;
import dev.keycloaktenancy.testing.ApiClient;
import dev.keycloaktenancy.testing.ApiClient.Result;
import dev.keycloaktenancy.testing.DemoLogins;
import dev.keycloaktenancy.testing.LoginBrowser;
import dev.keycloaktenancy.testing.OidcTestClient;
import dev.keycloaktenancy.testing.PartnerIdentityProvider;
import dev.keycloaktenancy.testing.SampleUsers;
import dev.keycloaktenancy.testing.TenancyServerConfig;
import dev.keycloaktenancy.testing.TenancyServerTest;
import dev.keycloaktenancy.testing.TestDnsServer;
import jakarta.ws.rs.core.Response;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.OrganizationResource;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.OrganizationDomainRepresentation;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.keycloaktenancy.testing.ApiAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an organization admin can do with domains must not reach people outside the organization's verified domains.
 * A claimed but unverified domain routes nobody (neither through the pack's step nor Keycloak's own "redirect when
 * email domain matches"); nobody claims another organization's verified ground; claims are capped; and an email's
 * domain is matched the same way everywhere, whatever its case, trailing dot or script.
 */
@KeycloakIntegrationTest(config = TenancyServerConfig.class)
class DomainGroundIT extends TenancyServerTest {

    private ApiClient globexOwner;

    @BeforeEach
    void importRealms() {
        importRealms("acme-idp", "saas-b2b");
        globexOwner = selfService("saas-b2b", "carol@globex.test", "carol");
    }

    /**
     * globex's owner claims bigprospect.test without proving it, and globex has an identity provider that takes
     * every domain of the organization with "redirect when email domain matches" on: bigprospect's people are not sent
     * there, whether they type their email or an application hints it; once the domain is verified, they are.
     */
    @Test
    void anUnverifiedDomainRoutesNobody() {
        assertEquals(201, globexOwner.post("/organizations/globex/domains", domain("bigprospect.test")).status());
        linkPartnerToGlobex(true);

        for (boolean hinted : new boolean[]{false, true}) {
            Document page = typeOrHint("someone@bigprospect.test", hinted);
            assertOnSaasB2b(page);
            assertFalse(page.select("input[name=password]").isEmpty(), () -> "the password step: " + page.body().text());
        }

        OrganizationResource globex = AdminLookups.organizationResource(saas(), "globex");
        OrganizationRepresentation representation = globex.toRepresentation();
        representation.getDomains().forEach(d -> d.setVerified(true));
        globex.update(representation).close();
        Document verified = typeOrHint("someone@bigprospect.test", false);
        assertNotNull(verified);
        assertTrue(verified.location().startsWith(urls.getBase() + "/realms/acme-idp/"),
                () -> "verified now, so routed to globex's provider: " + verified.location());
    }

    /**
     * A link that names globex in its scope ({@code scope=organization:globex}) makes Keycloak's own step match the
     * email against globex's domains, verified or not, and follow its provider linked with ANY: bigprospect's people
     * are still not sent there, whether they type their email or the link hints it (M1).
     */
    @Test
    void anUnverifiedDomainRoutesNobodyWhenTheRequestNamesTheOrganization() {
        assertEquals(201, globexOwner.post("/organizations/globex/domains", domain("bigprospect.test")).status());
        linkPartnerToGlobex(true);
        OidcTestClient app = new OidcTestClient(urls.getBase(), "saas-b2b", "demo-app", DemoLogins.REDIRECT_URI);

        LoginBrowser typing = new LoginBrowser(app.redirectUri());
        assertNotNull(typing.open(app.authorizationUrl("openid organization:globex")));
        Document typed = typing.submit(Map.of("username", "someone@bigprospect.test"));
        assertOnSaasB2b(typed);
        assertFalse(typed.select("input[name=password]").isEmpty(), () -> "the password step: " + typed.body().text());

        Document hinted = new LoginBrowser(app.redirectUri()).open(app.authorizationUrl("openid organization:globex",
                Map.of("login_hint", "someone@bigprospect.test")));
        assertOnSaasB2b(hinted);
        assertFalse(hinted.select("input[name=password]").isEmpty(), () -> "the password step: " + hinted.body().text());
    }

    /**
     * An organization's identity provider signs in addresses at the organization's verified domains only (H2).
     * globex's provider, linked with ANY, asserts an address at bigprospect.test, which globex only claimed; then,
     * with no domain pin at all (as Keycloak leaves a provider whose domain was removed), an address at acme.test,
     * another organization's verified domain. Both first logins stop on a page that says why, and no account is
     * created. An address at globex.test, verified, signs in.
     */
    @Test
    void anOrganizationsProviderSignsInAddressesAtItsVerifiedDomainsOnly() {
        assertEquals(201, globexOwner.post("/organizations/globex/domains", domain("bigprospect.test")).status());
        linkPartnerToGlobex(false);
        OidcTestClient app = new OidcTestClient(urls.getBase(), "saas-b2b", "demo-app", DemoLogins.REDIRECT_URI);

        SampleUsers.create(realm("acme-idp"), "someone@bigprospect.test", "someone");
        assertRefusedFirstLogin(PartnerIdentityProvider.signIn(urls.getBase(), app, "someone@bigprospect.test", "someone", "openid"));
        assertTrue(saas().users().search("someone@bigprospect.test", true).isEmpty(), "no account at bigprospect.test");

        IdentityProviderRepresentation partner = saas().identityProviders().get(PartnerIdentityProvider.ALIAS).toRepresentation();
        partner.getConfig().remove("kc.org.domain");
        saas().identityProviders().get(PartnerIdentityProvider.ALIAS).update(partner);
        SampleUsers.create(realm("acme-idp"), "ceo@acme.test", "ceo");
        assertRefusedFirstLogin(PartnerIdentityProvider.signIn(urls.getBase(), app, "ceo@acme.test", "ceo", "openid"));
        assertTrue(saas().users().search("ceo@acme.test", true).isEmpty(), "no account at acme.test from globex's provider");

        SampleUsers.create(realm("acme-idp"), "new.hire@globex.test", "new-hire");
        LoginBrowser verified = PartnerIdentityProvider.signIn(urls.getBase(), app, "new.hire@globex.test", "new-hire", "openid");
        assertNull(verified.page(), () -> "an address at globex.test signs in: " + verified.page().body().text());
        assertEquals(1, saas().users().search("new.hire@globex.test", true).size());
    }

    /** Keycloak's own identity-first step offers an organization's providers to unknown users of its domains. */
    @Test
    void anUnverifiedDomainShowsNoOrganizationPage() {
        assertEquals(201, globexOwner.post("/organizations/globex/domains", domain("bigprospect.test")).status());
        linkPartnerToGlobex(false);
        Document page = typeOrHint("newcomer@bigprospect.test", false);
        assertOnSaasB2b(page);
        assertFalse(page.select("input[name=password]").isEmpty(), () -> "the password step: " + page.body().text());
        assertFalse(page.body().text().contains("matches an organization"), () -> "no organization page: " + page.body().text());
        assertTrue(page.select("a[href*=/broker/" + PartnerIdentityProvider.ALIAS + "/]").isEmpty()
                        && page.select("#social-" + PartnerIdentityProvider.ALIAS).isEmpty(),
                () -> "globex's provider is not offered: " + page.body().text());
    }

    @Test
    void noClaimOverAnotherOrganizationsVerifiedGround() {
        for (String ground : List.of("acme.test", "ACME.test.", "*.acme.test", "eng.acme.test", "*.eng.acme.test")) {
            Result refused = globexOwner.post("/organizations/globex/domains", domain(ground));
            assertError(409, refused, ground);
            String sentence = refused.json().get("error_description").asText();
            assertFalse(sentence.contains("Acme Corp") || sentence.contains("organization acme"),
                    () -> "names no other organization: " + sentence);
        }
        assertEquals(201, globexOwner.post("/organizations/globex/domains", domain("acme.test.evil.test")).status(),
                "a different domain altogether");
    }

    @Test
    void claimsAreCapped() {
        RealmRepresentation realm = saas().toRepresentation();
        Map<String, String> attributes = new HashMap<>(realm.getAttributes());
        attributes.put("tenancy.domains.max-per-organization", "4");
        attributes.put("tenancy.domains.max-pending-per-organization", "2");
        realm.setAttributes(attributes);
        saas().update(realm);

        assertEquals(201, globexOwner.post("/organizations/globex/domains", domain("one.globex.test")).status());
        assertEquals(201, globexOwner.post("/organizations/globex/domains", domain("two.globex.test")).status());
        Result pending = globexOwner.post("/organizations/globex/domains", domain("three.globex.test"));
        assertError(409, pending, "a third pending verification");
        assertTrue(pending.json().get("error_description").asText().contains("2"), pending::toString);

        OrganizationResource globex = AdminLookups.organizationResource(saas(), "globex");
        OrganizationRepresentation representation = globex.toRepresentation();
        representation.getDomains().forEach(d -> d.setVerified(true));
        globex.update(representation).close();
        assertEquals(201, globexOwner.post("/organizations/globex/domains", domain("three.globex.test")).status(),
                "globex.test, one and two are verified now: four domains");
        Result tooMany = globexOwner.post("/organizations/globex/domains", domain("five.globex.test"));
        assertError(409, tooMany, "a fifth domain");
        assertTrue(tooMany.json().get("error_description").asText().contains("4"), tooMany::toString);
    }

    /**
     * globex squats newco.test with a claim it cannot prove. acme claims it too (its claim waits beside globex's,
     * naming nobody), proves it in DNS, and takes it over: globex's pending claim goes.
     */
    @Test
    void aPendingClaimCannotBlockTheOwnerWhoProvesTheDomain() throws Exception {
        assertEquals(201, globexOwner.post("/organizations/globex/domains", domain("newco.test")).status());
        ApiClient acmeAdmin = adminApi("saas-b2b");
        Result contested = acmeAdmin.post("/organizations/acme/domains", domain("newco.test"));
        assertEquals(201, contested.status(), contested::toString);
        assertFalse(contested.body().contains("Globex") || contested.body().contains("globex"), contested::toString);
        String value = contested.json().get("verification").get("value").asText();
        assertEquals(List.of("newco.test"), names(acmeAdmin.get("/organizations/acme/domains").json(), false));

        try (TestDnsServer dns = new TestDnsServer()) {
            dns.txt("_keycloak-tenancy.newco.test", value);
            Result verified = acmeAdmin.post("/organizations/acme/domains/newco.test/verify", "");
            assertEquals(200, verified.status(), verified::toString);
        }
        assertTrue(AdminLookups.organizationResource(saas(), "acme").toRepresentation().getDomains().stream()
                .anyMatch(d -> d.getName().equals("newco.test") && d.isVerified()), "acme holds it, verified");
        assertTrue(AdminLookups.organizationResource(saas(), "globex").toRepresentation().getDomains().stream()
                .noneMatch(d -> d.getName().equals("newco.test")), "globex's pending claim is gone");
        Result again = globexOwner.post("/organizations/globex/domains", domain("newco.test"));
        assertError(409, again, "now verified ground");
        assertFalse(again.body().contains("Acme"), again::toString);
    }

    /** Claims of one domain at the same moment never leave it with two holders. */
    @Test
    void simultaneousClaimsLeaveOneHolder() throws Exception {
        ApiClient acmeAdmin = adminApi("saas-b2b");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                String name = "race-" + round + ".test";
                Future<Result> globex = pool.submit(() -> globexOwner.post("/organizations/globex/domains", domain(name)));
                Future<Result> acme = pool.submit(() -> acmeAdmin.post("/organizations/acme/domains", domain(name)));
                assertEquals(201, globex.get().status(), globex.get()::toString);
                assertEquals(201, acme.get().status(), acme.get()::toString);
                long holders = saas().organizations().getAll().stream()
                        .filter(o -> AdminLookups.organizationResource(saas(), o.getAlias()).toRepresentation()
                                .getDomains().stream().anyMatch(d -> d.getName().equals(name)))
                        .count();
                assertEquals(1, holders, name + " is held in Keycloak's table by one organization");
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, acmeAdmin.get("/diagnostics").json().get("duplicateDomains").size());
    }

    /** Removing the domain its identity provider is pinned to would let the provider vouch for any address. */
    @Test
    void theDomainAProviderIsPinnedToStays() {
        Result refused = adminApi("saas-b2b").delete("/organizations/acme/domains/acme.test");
        assertError(409, refused);
        assertEquals("domain_in_use", refused.json().get("error").asText(), refused::toString);
        assertTrue(refused.json().get("error_description").asText().contains("acme-idp"), refused::toString);
        assertEquals("acme.test", saas().identityProviders().get("acme-idp").toRepresentation().getConfig()
                .get("kc.org.domain"), "the pin stays");
        assertError(404, selfService("saas-b2b", "dave@globex.test", "dave").delete("/organizations/acme/domains/acme.test"),
                "a member of globex only does not even see acme");
    }

    /** Typed or hinted, an address at acme.test in any spelling goes to Acme's provider. */
    @Test
    void emailDomainsMatchWhateverTheirCaseOrTrailingDot() {
        for (String email : List.of("ALICE@ACME.TEST", "alice@acme.test.", "Alice+sales@Acme.Test")) {
            for (boolean hinted : new boolean[]{false, true}) {
                Document page = typeOrHint(email, hinted);
                assertNotNull(page);
                assertTrue(page.location().startsWith(urls.getBase() + "/realms/acme-idp/"),
                        () -> email + (hinted ? " (hinted)" : " (typed)") + " goes to Acme's IdP: " + page.location());
            }
        }
    }

    /** An address at bücher.test belongs to the organization that verified xn--bcher-kva.test. */
    @Test
    void internationalisedDomainsMatchTheirAsciiForm() {
        OrganizationRepresentation buecher = new OrganizationRepresentation();
        buecher.setName("Bücher GmbH");
        buecher.setAlias("buecher");
        buecher.setEnabled(true);
        OrganizationDomainRepresentation idn = new OrganizationDomainRepresentation("xn--bcher-kva.test");
        idn.setVerified(true);
        buecher.addDomain(idn);
        buecher.setAttributes(Map.of("tenancy.theme.login", List.of("tenancy"),
                "tenancy.brand.display-name", List.of("Bücher Login")));
        try (Response created = saas().organizations().create(buecher)) {
            assertEquals(201, created.getStatus());
        }
        OidcTestClient app = new OidcTestClient(urls.getBase(), "saas-b2b", "demo-app", DemoLogins.REDIRECT_URI);
        Document page = new LoginBrowser(app.redirectUri())
                .open(app.authorizationUrl("openid", Map.of("login_hint", "hans@bücher.test", "prompt", "login")));
        assertNotNull(page);
        assertTrue(page.body().text().contains("Bücher Login"), () -> "branded for buecher: " + page.body().text());
    }

    private Document typeOrHint(String email, boolean hinted) {
        OidcTestClient app = new OidcTestClient(urls.getBase(), "saas-b2b", "demo-app", DemoLogins.REDIRECT_URI);
        LoginBrowser browser = new LoginBrowser(app.redirectUri());
        if (hinted) {
            return browser.open(app.authorizationUrl("openid", Map.of("login_hint", email)));
        }
        browser.open(app.authorizationUrl("openid"));
        return browser.submit(Map.of("username", email));
    }

    /** Links the partner provider to globex for every domain of the organization. */
    private void linkPartnerToGlobex(boolean redirect) {
        PartnerIdentityProvider.add(admin, false);
        try (Response linked = AdminLookups.organizationResource(saas(), "globex").identityProviders()
                .addIdentityProvider(PartnerIdentityProvider.ALIAS)) {
            assertEquals(204, linked.getStatus());
        }
        IdentityProviderRepresentation partner = saas().identityProviders().get(PartnerIdentityProvider.ALIAS).toRepresentation();
        partner.getConfig().put("kc.org.domain", "ANY");
        partner.getConfig().put("kc.org.broker.redirect.mode.email-matches", String.valueOf(redirect));
        // offered on the login page only where its organization is resolved, as organizations' providers usually are
        partner.setHideOnLogin(true);
        saas().identityProviders().get(PartnerIdentityProvider.ALIAS).update(partner);
    }

    private void assertRefusedFirstLogin(LoginBrowser browser) {
        Document page = browser.page();
        assertNotNull(page, "the first login must not reach the application");
        assertTrue(page.body().text().contains("can sign in only addresses at Globex's verified domains"),
                () -> "refused with the reason: " + page.body().text());
    }

    private void assertOnSaasB2b(Document page) {
        assertNotNull(page, "expected a page of saas-b2b");
        assertTrue(page.location().startsWith(urls.getBase() + "/realms/saas-b2b/"),
                () -> "stays on saas-b2b, but the browser is at " + page.location());
    }

    private static List<String> names(com.fasterxml.jackson.databind.JsonNode domains, boolean verified) {
        List<String> names = new java.util.ArrayList<>();
        domains.forEach(d -> {
            if (d.get("verified").asBoolean() == verified) {
                names.add(d.get("name").asText());
            }
        });
        return names;
    }

    private static String domain(String name) {
        return ApiClient.json(Map.of("name", name));
    }
}
