package dev.keycloaktenancy.portal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keycloaktenancy.testing.ApiClient;
import dev.keycloaktenancy.testing.ApiClient.Result;
import dev.keycloaktenancy.testing.LoginBrowser;
import dev.keycloaktenancy.testing.OidcTestClient;
import dev.keycloaktenancy.testing.SampleUsers;
import dev.keycloaktenancy.testing.TenancyServerConfig;
import dev.keycloaktenancy.testing.TenancyServerTest;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.keycloaktenancy.testing.ApiAssertions.assertError;
import static dev.keycloaktenancy.testing.ApiAssertions.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How the portal is served and signed in to, without a browser: the client that enabling tenancy creates and what it
 * refuses, the page's security headers and its settings, the scripts, and the pages shown where the portal cannot run.
 */
@KeycloakIntegrationTest(config = TenancyServerConfig.class)
class PortalServingIT extends TenancyServerTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeEach
    void importRealms() {
        importRealms("saas-b2b");
    }

    @Test
    void enablingCreatesAPublicClientForThePortalOnly() {
        ClientRepresentation client = saas().clients().findByClientId("tenancy-portal").get(0);
        assertTrue(client.isPublicClient());
        assertTrue(client.isStandardFlowEnabled());
        assertFalse(client.isDirectAccessGrantsEnabled(), "no password grant");
        assertFalse(client.isImplicitFlowEnabled());
        assertEquals("S256", client.getAttributes().get("pkce.code.challenge.method"));
        assertEquals(List.of("/realms/saas-b2b/tenancy/portal/"), client.getRedirectUris());
        assertFalse(client.isFullScopeAllowed(), "its tokens carry none of the user's other roles");
        String management = saas().clients().findByClientId("realm-management").get(0).getId();
        assertEquals(List.of("manage-organizations", "view-organizations"), saas().clients().get(client.getId())
                .getScopeMappings().clientLevel(management).listAll().stream().map(r -> r.getName()).sorted().toList());
        assertTrue(saas().clients().get(client.getId()).getDefaultClientScopes().stream()
                .anyMatch(s -> s.getName().equals("tenancy-api")), "its tokens carry the API's audience");

        saas().clients().get(client.getId()).getScopeMappings().clientLevel(management)
                .add(List.of(saas().clients().get(management).roles().get("manage-realm").toRepresentation()));
        Result again = adminApi("saas-b2b").post("/enable", "");
        assertEquals(200, again.status(), again::toString);
        assertFalse(again.json().get("portalClientCreated").asBoolean(), "enabling again keeps the client");
        assertEquals(List.of("manage-organizations", "view-organizations"), saas().clients().get(client.getId())
                .getScopeMappings().clientLevel(management).listAll().stream().map(r -> r.getName()).sorted().toList(),
                "a portal client created by 0.1 loses manage-realm");
    }

    @Test
    void thePortalClientRefusesOtherRedirectsMissingPkceAndPasswords() throws Exception {
        String auth = urls.getBase() + "/realms/saas-b2b/protocol/openid-connect/auth?client_id=tenancy-portal"
                + "&response_type=code&scope=openid&redirect_uri=";
        HttpResponse<String> elsewhere = get(auth + encode("https://attacker.example/realms/saas-b2b/tenancy/portal/")
                + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256");
        assertEquals(400, elsewhere.statusCode(), "a redirect outside the portal is refused on the spot");

        String portal = urls.getBase() + "/realms/saas-b2b/tenancy/portal/";
        HttpResponse<String> noPkce = get(auth + encode(portal));
        assertEquals(302, noPkce.statusCode());
        String location = noPkce.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith(portal) && location.contains("error=invalid_request"),
                "without PKCE the portal gets an error, not a login page: " + location);

        Result password = ApiClient.passwordGrantAnswer(urls.getBase(), "saas-b2b", "carol@globex.test", "carol",
                "tenancy-portal", null);
        assertEquals(400, password.status(), password::toString);
        assertEquals("unauthorized_client", password.json().get("error").asText());
    }

    @Test
    void thePageRunsNoInlineScriptAndCarriesItsSettingsAsData() throws Exception {
        String portal = urls.getBase() + "/realms/saas-b2b/tenancy/portal/";
        HttpResponse<String> withoutSlash = get(portal.substring(0, portal.length() - 1));
        assertEquals(302, withoutSlash.statusCode());
        assertEquals(portal, withoutSlash.headers().firstValue("Location").orElseThrow());

        HttpResponse<String> page = get(portal);
        assertEquals(200, page.statusCode());
        assertStrictHeaders(page);
        assertEquals("no-store", page.headers().firstValue("Cache-Control").orElseThrow());
        Document html = Jsoup.parse(page.body());
        for (Element script : html.select("script")) {
            assertTrue(script.hasAttr("src") || "application/json".equals(script.attr("type")),
                    "no inline script may run: " + script);
        }
        assertTrue(html.select("[style]").isEmpty(), "no inline style");
        assertTrue(html.select("*").stream().flatMap(e -> e.attributes().asList().stream())
                .noneMatch(a -> a.getKey().startsWith("on")), "no inline event handler");
        JsonNode config = JSON.readTree(html.getElementById("tenancy-portal-config").data());
        assertEquals("tenancy-portal", config.get("clientId").asText());
        assertEquals(urls.getBase() + "/realms/saas-b2b", config.get("authority").asText());
        assertEquals(portal, config.get("portalUrl").asText());
        assertFalse(config.get("messages").isEmpty(), "texts from the message bundle");
        String patternfly = html.select("link[rel=stylesheet]").first().attr("href");
        assertEquals(200, get(urls.getBase() + patternfly).statusCode(), "PatternFly comes from Keycloak's own resources");

        for (Element script : html.select("script[src]")) {
            HttpResponse<String> asset = get(portal + script.attr("src"));
            assertEquals(200, asset.statusCode(), script.attr("src"));
            assertTrue(asset.headers().firstValue("Content-Type").orElseThrow().startsWith("text/javascript"));
            assertStrictHeaders(asset);
            String etag = asset.headers().firstValue("ETag").orElseThrow();
            HttpResponse<String> again = send(HttpRequest.newBuilder(URI.create(portal + script.attr("src")))
                    .header("If-None-Match", etag).build());
            assertEquals(304, again.statusCode(), "an unchanged script is not sent again");
        }
        for (String hostile : List.of("assets/..%2Findex.html", "assets/PORTAL.JS", "assets/portal.js.map",
                "messages/messages_en.properties", "assets/%2e%2e/index.html")) {
            int status = get(portal + hostile).statusCode();
            assertTrue(status == 404 || status == 400, hostile + " answered " + status);
        }
    }

    @Test
    void eachPageAnswersInTheUsersLanguageWithEscapedSettings() throws Exception {
        RealmRepresentation realm = saas().toRepresentation();
        realm.setInternationalizationEnabled(true);
        realm.setSupportedLocales(Set.of("en", "de"));
        realm.setDefaultLocale("en");
        saas().update(realm);
        HttpResponse<String> german = send(HttpRequest.newBuilder(
                URI.create(urls.getBase() + "/realms/saas-b2b/tenancy/portal/")).header("Accept-Language", "de").build());
        assertEquals(200, german.statusCode());
        JsonNode config = JSON.readTree(Jsoup.parse(german.body()).getElementById("tenancy-portal-config").data());
        assertEquals("de", config.get("locale").asText());
        assertFalse(config.get("messages").isEmpty(), "a language without a bundle falls back to English texts");
        assertFalse(german.body().contains("</script><"), "settings cannot close their script element");
    }

    @Test
    void aRealmWithoutTenancyOrWithoutTheClientSaysWhy() throws Exception {
        RealmRepresentation plain = new RealmRepresentation();
        plain.setRealm("portal-plain");
        plain.setEnabled(true);
        admin.realms().create(plain);
        try {
            HttpResponse<String> off = get(urls.getBase() + "/realms/portal-plain/tenancy/portal/");
            assertEquals(404, off.statusCode());
            assertTrue(off.body().contains("not turned on"), off.body());
            assertStrictHeaders(off);
            assertEquals(404, get(urls.getBase() + "/realms/portal-plain/tenancy/portal/assets/portal.js").statusCode(),
                    "nothing of the portal is served where tenancy is off");
        } finally {
            admin.realm("portal-plain").remove();
        }

        String id = saas().clients().findByClientId("tenancy-portal").get(0).getId();
        saas().clients().get(id).remove();
        HttpResponse<String> missing = get(urls.getBase() + "/realms/saas-b2b/tenancy/portal/");
        assertEquals(404, missing.statusCode());
        assertTrue(missing.body().contains("/admin/realms/saas-b2b/tenancy/enable"), missing.body());

        ClientRepresentation impostor = new ClientRepresentation();
        impostor.setClientId("tenancy-portal");
        impostor.setPublicClient(false);
        impostor.setRedirectUris(List.of("https://attacker.example/*"));
        saas().clients().create(impostor).close();
        HttpResponse<String> foreign = get(urls.getBase() + "/realms/saas-b2b/tenancy/portal/");
        assertEquals(404, foreign.statusCode(), "a client of that id made by someone else is not used");
        assertTrue(foreign.body().contains("is not the portal"), foreign.body());
        saas().clients().get(saas().clients().findByClientId("tenancy-portal").get(0).getId()).remove();

        Result enabled = adminApi("saas-b2b").post("/enable", "");
        assertTrue(enabled.json().get("portalClientCreated").asBoolean(), enabled::toString);
        assertEquals(200, get(urls.getBase() + "/realms/saas-b2b/tenancy/portal/").statusCode());
    }

    @Test
    void aRealmAdministratorsPortalTokenCarriesOnlyTheOrganizationRoles() {
        String id = SampleUsers.create(saas(), "root@example.test", "root");
        String management = saas().clients().findByClientId("realm-management").get(0).getId();
        saas().users().get(id).roles().clientLevel(management)
                .add(List.of(saas().clients().get(management).roles().get("realm-admin").toRepresentation()));
        String token = portalToken("saas-b2b", "root@example.test", "root");
        JsonNode granted = OidcTestClient.claims(token).path("resource_access").path("realm-management").path("roles");
        // view-organizations is a composite of query-organizations, so Keycloak's scope brings that read role along.
        assertEquals(List.of("manage-organizations", "query-organizations", "view-organizations"),
                texts(granted).stream().sorted().toList(), "a realm-admin's token in the portal carries no other admin role");
        assertEquals(403, new ApiClient(urls.getBase() + "/admin/realms/saas-b2b", () -> token).put("",
                "{\"displayName\":\"taken over\"}").status(), "nor the realm's settings");
        ApiClient api = new ApiClient(urls.getBase() + "/realms/saas-b2b/tenancy", () -> token);
        assertEquals(List.of("acme", "globex"), api.get("/me/organizations?administered=true").json()
                .findValuesAsText("alias"));
        assertEquals(403, new ApiClient(urls.getBase() + "/admin/realms/saas-b2b", () -> token).get("/users").status(),
                "Keycloak's admin API refuses it the users");
    }

    @Test
    void aTokenOfThePortalClientReachesTheApiOfItsRealmOnly() {
        String token = portalToken("saas-b2b", "carol@globex.test", "carol");
        JsonNode claims = OidcTestClient.claims(token);
        assertTrue(claims.get("aud").toString().contains("tenancy-api"), claims::toString);
        Result mine = new ApiClient(urls.getBase() + "/realms/saas-b2b/tenancy", () -> token).get("/me/organizations");
        assertEquals(200, mine.status(), mine::toString);
        importRealms("tenant-university-a");
        assertError(401, new ApiClient(urls.getBase() + "/realms/tenant-university-a/tenancy", () -> token)
                .get("/me/organizations"));
    }

    /** A token of the portal's client obtained through its real login page, code and PKCE. */
    private String portalToken(String realm, String username, String password) {
        OidcTestClient portal = new OidcTestClient(urls.getBase(), realm, "tenancy-portal",
                urls.getBase() + "/realms/" + realm + "/tenancy/portal/");
        LoginBrowser browser = new LoginBrowser(portal.redirectUri());
        assertNotNull(browser.open(portal.authorizationUrl("openid tenancy-api")), "expected the login page");
        Document next = browser.submit(Map.of("username", username));
        if (next != null && !next.select("input[name=password]").isEmpty()) {
            next = browser.submit(Map.of("password", password));
        }
        assertNull(next, () -> "expected the redirect to the portal, but: " + browser.page().body().text());
        return portal.exchange(browser.appRedirect()).get("access_token").asText();
    }

    private static void assertStrictHeaders(HttpResponse<String> response) {
        String policy = response.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertTrue(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline")
                && policy.contains("frame-ancestors 'none'"), policy);
        assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElseThrow());
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).build());
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
