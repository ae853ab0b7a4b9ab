package dev.keycloaktenancy.theme;

import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.testing.AdminLookups;
import dev.keycloaktenancy.testing.ApiClient;
import dev.keycloaktenancy.testing.DemoLogins;
import dev.keycloaktenancy.testing.LoginBrowser;
import dev.keycloaktenancy.testing.Mails;
import dev.keycloaktenancy.testing.OidcTestClient;
import dev.keycloaktenancy.testing.RealmExports;
import dev.keycloaktenancy.testing.SampleUsers;
import dev.keycloaktenancy.testing.TenancyServerConfig;
import dev.keycloaktenancy.testing.TenancyServerTest;
import jakarta.mail.internet.MimeMessage;
import jakarta.ws.rs.core.Response;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.OrganizationResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.OrganizationDomainRepresentation;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Per-organization themes and branding on the real login pages and in a real email: acme uses the tenancy theme with
 * its branding, globex another installed theme, pages without an organization the realm's theme; the organization is
 * found from each source the pack reads; hostile attribute values never reach a page raw.
 */
@KeycloakIntegrationTest(config = TenancyServerConfig.class)
class ThemeSelectionIT extends TenancyServerTest {

    @BeforeEach
    void importRealms() {
        importRealms("saas-b2b", "tenant-university-a", "tenant-university-b");
    }

    @Test
    void acmeLoginPagesShowAcmesBranding() throws Exception {
        Document page = open("openid organization:acme", Map.of());
        assertTenancyTheme(page);
        assertEquals("Acme Corp", page.select("#tenancy-brand-name").text());
        String logo = page.select("#tenancy-brand-logo").attr("src");
        assertTrue(logo.endsWith("/login/tenancy/img/demo/acme.svg"), logo);
        assertEquals(200, HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(logo)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode(), "the logo is served by Keycloak");
        String colours = page.select("#tenancy-brand-colours").html();
        assertTrue(colours.contains("#c2410c") && colours.contains("#fff7ed"), colours);
        assertEquals("acme", page.body().attr("data-tenancy-organization"));
    }

    @Test
    void globexUsesAnotherInstalledTheme() {
        LoginBrowser browser = new LoginBrowser(DemoLogins.REDIRECT_URI);
        browser.open(app().authorizationUrl("openid"));
        Document page = browser.submit(Map.of("username", "carol@globex.test"));
        assertFalse(page.select("input[name=password]").isEmpty(), page.body().text());
        assertTrue(stylesheets(page).stream().anyMatch(href -> href.contains("/login/keycloak/")), stylesheets(page).toString());
        assertTrue(page.select("#tenancy-brand-name").isEmpty(), "not the tenancy theme");
    }

    @Test
    void withoutAnOrganizationTheRealmThemeIsUsed() {
        Document page = open("openid", Map.of());
        assertTrue(stylesheets(page).stream().anyMatch(href -> href.contains("/login/keycloak.v2/")), stylesheets(page).toString());
        assertTrue(page.select("#tenancy-brand-name").isEmpty(), "not the tenancy theme");
    }

    @Test
    void theOrganizationIsFoundFromTheFlowTheScopeTheLoginHintAndTheClient() {
        LoginBrowser browser = new LoginBrowser(DemoLogins.REDIRECT_URI);
        browser.open(app().authorizationUrl("openid"));
        Document typed = browser.submit(Map.of("username", "carol@globex.test"));
        assertTrue(stylesheets(typed).stream().anyMatch(href -> href.contains("/login/keycloak/")), "flow: globex");

        assertEquals("Acme Corp", open("openid organization:acme", Map.of()).select("#tenancy-brand-name").text(), "scope");

        Document hinted = open("openid", Map.of("login_hint", "someone@acme.test", "prompt", "login"));
        assertEquals("Acme Corp", hinted.select("#tenancy-brand-name").text(), "login_hint domain");

        ClientRepresentation portal = new ClientRepresentation();
        portal.setClientId("acme-portal");
        portal.setPublicClient(true);
        portal.setRedirectUris(List.of(DemoLogins.REDIRECT_URI));
        portal.setAttributes(Map.of(Tenancy.CLIENT_ORGANIZATION, "acme", "pkce.code.challenge.method", "S256"));
        try (Response created = admin.realm("saas-b2b").clients().create(portal)) {
            assertEquals(201, created.getStatus());
        }
        OidcTestClient portalApp = new OidcTestClient(urls.getBase(), "saas-b2b", "acme-portal", DemoLogins.REDIRECT_URI);
        Document byClient = new LoginBrowser(DemoLogins.REDIRECT_URI).open(portalApp.authorizationUrl("openid"));
        assertEquals("Acme Corp", byClient.select("#tenancy-brand-name").text(), "client attribute");
    }

    @Test
    void aLoginHintAtAnUnverifiedDomainBrandsNothing() {
        OrganizationResource acme = AdminLookups.organizationResource(admin.realm("saas-b2b"), "acme");
        OrganizationRepresentation representation = acme.toRepresentation();
        OrganizationDomainRepresentation unverified =
                new OrganizationDomainRepresentation("acme-unverified.test");
        representation.addDomain(unverified);
        try (Response updated = acme.update(representation)) {
            assertEquals(204, updated.getStatus());
        }
        Document page = open("openid", Map.of("login_hint", "someone@acme-unverified.test", "prompt", "login"));
        assertTrue(page.select("#tenancy-brand-name").isEmpty(), "an unverified domain does not pick acme's theme");
    }

    @Test
    void anInvitationEmailCarriesAcmesBranding() throws Exception {
        Mails.useTestMailServer(admin.realm("saas-b2b"));
        ApiClient api = new ApiClient(urls.getBase() + "/admin/realms/saas-b2b/tenancy",
                () -> admin.tokenManager().getAccessTokenString());
        assertEquals(201, api.post("/organizations/acme/invitations",
                "{\"email\": \"newhire@example.test\", \"roles\": [\"member\"]}").status());
        assertTrue(mail.waitForIncomingEmail(1), "an invitation email is sent");
        MimeMessage message = mail.getLastReceivedMessage();
        Document html = Jsoup.parse(Mails.text(message));
        assertEquals("Acme Corp", html.select("#tenancy-email-name").text());
        String logo = html.select("#tenancy-email-logo").attr("src");
        assertTrue(logo.startsWith(urls.getBase() + "/resources/") && logo.endsWith("/login/tenancy/img/demo/acme.svg"),
                "an absolute logo URL, as email clients need: " + logo);
        assertTrue(html.outerHtml().contains("#c2410c"), "acme's colour");
    }

    @Test
    void anEmailToAMemberOfOneOrganizationCarriesItsBranding() {
        Mails.useTestMailServer(admin.realm("saas-b2b"));
        String pat = SampleUsers.createMember(admin.realm("saas-b2b"), "acme", "pat@example.test", "pat-password-1");
        admin.realm("saas-b2b").users().get(pat).executeActionsEmail(List.of("UPDATE_PASSWORD"));
        assertTrue(mail.waitForIncomingEmail(1), "the email is sent");
        Document html = Jsoup.parse(Mails.text(mail.getLastReceivedMessage()));
        assertEquals("Acme Corp", html.select("#tenancy-email-name").text(), "pat's only organization brands it");
    }

    @Test
    void universityRealmsAreBrandedThroughRealmAttributes() {
        for (String[] tenant : new String[][]{{"tenant-university-a", "University A", "university-a.svg"},
                {"tenant-university-b", "University B", "university-b.svg"}}) {
            OidcTestClient campus = new OidcTestClient(urls.getBase(), tenant[0], "campus-app", campusRedirect(tenant[0]));
            Document page = new LoginBrowser(campus.redirectUri()).open(campus.authorizationUrl("openid"));
            assertNotNull(page, tenant[0]);
            assertTenancyTheme(page);
            assertEquals(tenant[1], page.select("#tenancy-brand-name").text());
            assertTrue(page.select("#tenancy-brand-logo").attr("src").endsWith(tenant[2]));
        }
    }

    @Test
    void hostileBrandingValuesAreEscapedOrRefused() {
        OrganizationResource acme = AdminLookups.organizationResource(admin.realm("saas-b2b"), "acme");
        // values the pages would drop are refused where they are written (read-time dropping of values stored
        // before the check: BrandingTest)
        for (Map.Entry<String, String> hostile : Map.of(Tenancy.BRAND_LOGO_URL, "javascript:alert(1)",
                Tenancy.BRAND_PRIMARY_COLOR, "red;} body{display:none",
                Tenancy.BRAND_BACKGROUND_COLOR, "#ffffff; } * { display: none").entrySet()) {
            OrganizationRepresentation representation = acme.toRepresentation();
            Map<String, List<String>> attributes = new HashMap<>(representation.getAttributes());
            attributes.put(hostile.getKey(), List.of(hostile.getValue()));
            representation.setAttributes(attributes);
            try (Response refused = acme.update(representation)) {
                assertEquals(400, refused.getStatus(), hostile::toString);
            }
        }
        OrganizationRepresentation representation = acme.toRepresentation();
        Map<String, List<String>> attributes = new HashMap<>(representation.getAttributes());
        attributes.put(Tenancy.BRAND_DISPLAY_NAME, List.of("<script>alert(1)</script><b>Acme</b>"));
        representation.setAttributes(attributes);
        try (Response updated = acme.update(representation)) {
            assertEquals(204, updated.getStatus());
        }
        Document page = open("openid organization:acme", Map.of());
        assertTenancyTheme(page);
        assertEquals("<script>alert(1)</script><b>Acme</b>", page.select("#tenancy-brand-name").text(), "shown as text");
        assertTrue(page.select("#kc-header script, #kc-header b").isEmpty(), "no markup from the attribute");
        assertFalse(page.html().contains("display:none") || page.html().contains("display: none"), "nothing of them in the page");
        assertFalse(page.html().contains("javascript:alert"));
    }

    @Test
    void anUnknownThemeNameFallsBackToTheRealmTheme() {
        OrganizationResource acme = AdminLookups.organizationResource(admin.realm("saas-b2b"), "acme");
        OrganizationRepresentation representation = acme.toRepresentation();
        Map<String, List<String>> attributes = new HashMap<>(representation.getAttributes());
        attributes.put(Tenancy.LOGIN_THEME, List.of("no-such-theme"));
        representation.setAttributes(attributes);
        try (Response updated = acme.update(representation)) {
            assertEquals(204, updated.getStatus());
        }
        Document page = open("openid organization:acme", Map.of());
        assertTrue(stylesheets(page).stream().anyMatch(href -> href.contains("/login/keycloak.v2/")), stylesheets(page).toString());
    }

    private Document open(String scope, Map<String, String> extra) {
        Document page = new LoginBrowser(DemoLogins.REDIRECT_URI).open(app().authorizationUrl(scope, extra));
        assertNotNull(page, "expected a login page");
        return page;
    }

    private OidcTestClient app() {
        return new OidcTestClient(urls.getBase(), "saas-b2b", "demo-app", DemoLogins.REDIRECT_URI);
    }

    private String campusRedirect(String realm) {
        return RealmExports.read(realm).getClients().stream().filter(c -> "campus-app".equals(c.getClientId()))
                .findFirst().orElseThrow().getRedirectUris().get(0).replace("*", "callback");
    }

    private static List<String> stylesheets(Document page) {
        return page.select("link[rel=stylesheet]").eachAttr("href");
    }

    private static void assertTenancyTheme(Document page) {
        assertTrue(stylesheets(page).stream().anyMatch(href -> href.contains("/login/tenancy/css/tenancy.css")),
                "the tenancy theme: " + stylesheets(page));
    }
}
