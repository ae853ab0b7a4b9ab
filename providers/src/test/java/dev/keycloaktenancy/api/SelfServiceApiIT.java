package dev.keycloaktenancy.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keycloaktenancy.testing.AdminLookups;
import dev.keycloaktenancy.testing.ApiClient.Result;
import dev.keycloaktenancy.testing.ApiClient;
import dev.keycloaktenancy.testing.DemoLogins;
import dev.keycloaktenancy.testing.LoginBrowser;
import dev.keycloaktenancy.testing.Mails;
import dev.keycloaktenancy.testing.SampleUsers;
import dev.keycloaktenancy.testing.TenancyServerConfig;
import dev.keycloaktenancy.testing.TenancyServerTest;
import dev.keycloaktenancy.testing.TestDnsServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.AdminEventRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import static dev.keycloaktenancy.testing.ApiAssertions.assertError;
import static dev.keycloaktenancy.testing.ApiAssertions.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The self-service API at /realms/{realm}/tenancy, called with members' own access tokens: the authorization
 * matrix (every operation by every kind of caller), the guards, an invitation round trip, CORS and admin events.
 */
@KeycloakIntegrationTest(config = TenancyServerConfig.class)
class SelfServiceApiIT extends TenancyServerTest {

    @BeforeEach
    void importRealms() {
        importRealms("saas-b2b", "tenant-university-a");
        Mails.useTestMailServer(saas());
    }

    /** One kind of caller: a name for the table and how it gets its token (null: no token). */
    private record Actor(String name, Supplier<String> token) {
    }

    private record Operation(String name, String method, Function<Actor, String> path, String body) {
    }

    @Test
    void authorizationMatrix() throws IOException {
        try (TestDnsServer dns = new TestDnsServer()) {
            authorizationMatrix(dns);
        }
    }

    private void authorizationMatrix(TestDnsServer dns) throws IOException {
        String gina = SampleUsers.createMember(saas(), "globex", "gina@globex.test", "gina");
        adminApi().put("/organizations/globex/members/" + gina + "/roles", roles("admin"));
        String oscar = SampleUsers.createMember(saas(), "acme", "oscar@example.test", "oscar");
        adminApi().put("/organizations/acme/members/" + oscar + "/roles", roles("admin"));
        String expired = expiredToken("erin@example.test", "erin");

        List<Actor> actors = List.of(
                new Actor("owner", token("carol@globex.test", "carol")),
                new Actor("admin", token("gina@globex.test", "gina")),
                new Actor("member", token("dave@globex.test", "dave")),
                new Actor("other org's admin", token("oscar@example.test", "oscar")),
                new Actor("no organization", token("erin@example.test", "erin")),
                new Actor("other realm", () -> ApiClient.passwordGrant(urls.getBase(), "tenant-university-a",
                        "sam@example.test", "sam-a")),
                new Actor("token not for the API", () -> ApiClient.passwordGrant(urls.getBase(), "saas-b2b",
                        "carol@globex.test", "carol", "demo-cli", null)),
                new Actor("lightweight token", () -> ApiClient.passwordGrant(urls.getBase(), "saas-b2b",
                        "carol@globex.test", "carol")),
                new Actor("anonymous", null),
                new Actor("expired token", () -> expired));
        for (Actor actor : actors) {
            SampleUsers.createMember(saas(), "globex", victim(actor), "victim");
        }
        String dave = SampleUsers.id(saas(), "dave@globex.test");

        Map<String, String> invitationIds = new LinkedHashMap<>();
        List<Operation> operations = List.of(
                op("GET me/organizations", "GET", a -> "/me/organizations", null),
                op("GET organizations/{org}", "GET", a -> "/organizations/globex", null),
                op("PUT organizations/{org}", "PUT", a -> "/organizations/globex",
                        "{\"name\": \"Globex\", \"description\": \"Globex, updated\", \"branding\": {}}"),
                op("GET …/members", "GET", a -> "/organizations/globex/members", null),
                op("GET …/members/{id}/roles", "GET", a -> "/organizations/globex/members/" + dave + "/roles", null),
                op("PUT …/members/{id}/roles", "PUT", a -> "/organizations/globex/members/" + dave + "/roles", roles("member")),
                op("DELETE …/members/{id}", "DELETE", a -> "/organizations/globex/members/" + SampleUsers.id(saas(), victim(a)), null),
                op("GET …/roles", "GET", a -> "/organizations/globex/roles", null),
                op("POST …/roles", "POST", a -> "/organizations/globex/roles", null),
                op("PUT …/roles/{name}", "PUT", a -> "/organizations/globex/roles/" + roleName(a),
                        "{\"description\": \"updated\", \"permissions\": [\"org:members:read\"], \"default\": false}"),
                op("DELETE …/roles/{name}", "DELETE", a -> "/organizations/globex/roles/" + roleName(a), null),
                op("GET …/invitations", "GET", a -> "/organizations/globex/invitations", null),
                op("POST …/invitations", "POST", a -> "/organizations/globex/invitations", null),
                op("POST …/invitations/{id}/resend", "POST", a -> "/organizations/globex/invitations/"
                        + invitationIds.getOrDefault(a.name(), "none") + "/resend", ""),
                op("DELETE …/invitations/{id}", "DELETE", a -> "/organizations/globex/invitations/"
                        + invitationIds.getOrDefault(a.name(), "none"), null),
                op("GET …/domains", "GET", a -> "/organizations/globex/domains", null),
                op("POST …/domains", "POST", a -> "/organizations/globex/domains",
                        null),
                op("POST …/domains/{name}/verify", "POST", a -> "/organizations/globex/domains/" + domain(a) + "/verify", ""),
                op("DELETE …/domains/{name}", "DELETE", a -> "/organizations/globex/domains/" + domain(a), null),
                op("GET …/sign-in", "GET", a -> "/organizations/globex/sign-in", null),
                op("PUT …/sign-in", "PUT", a -> "/organizations/globex/sign-in",
                        "{\"ssoRequired\": false, \"joinByEmailDomain\": true}"));

        Map<String, List<Integer>> expected = new LinkedHashMap<>();
        expected.put("owner", List.of(200, 200, 200, 200, 200, 200, 204, 200, 201, 200, 204, 200, 201, 200, 204,
                200, 201, 200, 204, 200, 200));
        expected.put("admin", List.of(200, 200, 200, 200, 200, 200, 204, 200, 201, 200, 204, 200, 201, 200, 204,
                200, 201, 200, 204, 200, 200));
        expected.put("member", List.of(200, 200, 403, 200, 200, 403, 403, 200, 403, 403, 403, 403, 403, 403, 403,
                403, 403, 403, 403, 403, 403));
        List<Integer> stranger = new ArrayList<>(List.of(200));
        stranger.addAll(Collections.nCopies(operations.size() - 1, 404));
        expected.put("other org's admin", stranger);
        expected.put("no organization", stranger);
        for (String refused : List.of("other realm", "token not for the API", "lightweight token", "anonymous",
                "expired token")) {
            expected.put(refused, Collections.nCopies(operations.size(), 401));
        }

        Map<String, List<Integer>> actual = new LinkedHashMap<>();
        for (Actor actor : actors) {
            ApiClient api = selfService(actor.token());
            List<Integer> statuses = new ArrayList<>();
            for (Operation operation : operations) {
                String path = operation.path().apply(actor);
                String body = operation.body();
                if (operation.name().equals("POST …/roles")) {
                    body = ApiClient.json(Map.of("name", roleName(actor), "permissions", List.of("org:members:read")));
                } else if (operation.name().equals("POST …/invitations")) {
                    body = ApiClient.json(Map.of("email", "invited-" + slug(actor) + "@example.test", "roles", List.of("member")));
                } else if (operation.name().equals("POST …/domains")) {
                    body = ApiClient.json(Map.of("name", domain(actor)));
                }
                Result result = switch (operation.method()) {
                    case "GET" -> api.get(path);
                    case "PUT" -> api.put(path, body);
                    case "POST" -> api.post(path, body);
                    default -> api.delete(path);
                };
                if (operation.name().startsWith("POST …/invitations") && result.status() < 300) {
                    invitationIds.put(actor.name(), result.json().get("id").asText());
                }
                if (operation.name().equals("POST …/domains") && result.status() == 201) {
                    dns.txt(result.json().get("verification").get("name").asText(),
                            result.json().get("verification").get("value").asText());
                }
                if (result.status() >= 400) {
                    JsonNode error = result.json();
                    assertTrue(error.hasNonNull("error") && error.hasNonNull("error_description"),
                            () -> actor.name() + " " + operation.name() + ": " + result);
                }
                statuses.add(result.status());
            }
            actual.put(actor.name(), statuses);
        }

        String table = table(operations, actual);
        System.out.println(table);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "self-service-authorization-matrix.md"), table);
        assertEquals(expected, actual, table);
    }

    @Test
    void guardsAgainstEscalationAndLosingTheLastOwner() {
        String gina = SampleUsers.createMember(saas(), "globex", "gina@globex.test", "gina");
        adminApi().put("/organizations/globex/members/" + gina + "/roles", roles("admin"));
        String carol = SampleUsers.id(saas(), "carol@globex.test");
        String dave = SampleUsers.id(saas(), "dave@globex.test");
        ApiClient owner = selfService(token("carol@globex.test", "carol"));
        ApiClient admin = selfService(token("gina@globex.test", "gina"));

        assertError(403, admin.put("/organizations/globex/members/" + dave + "/roles", roles("owner")),
                "an admin cannot grant owner");
        assertError(403, admin.put("/organizations/globex/members/" + carol + "/roles", roles("member")),
                "an admin cannot revoke owner");
        assertError(403, admin.delete("/organizations/globex/members/" + carol), "an admin cannot remove an owner");
        assertError(403, admin.post("/organizations/globex/invitations",
                ApiClient.json(Map.of("email", "boss@example.test", "roles", List.of("owner")))), "nor invite one");
        assertError(403, admin.post("/organizations/globex/roles",
                ApiClient.json(Map.of("name", "sneaky", "permissions", List.of("org:members:read", "reports:admin")))),
                "nobody defines a role with permissions they lack");
        assertError(409, owner.put("/organizations/globex/members/" + carol + "/roles", roles("admin")),
                "the last owner cannot step down");
        assertError(409, owner.delete("/organizations/globex/members/" + carol), "nor leave");

        assertEquals(200, owner.put("/organizations/globex/members/" + gina + "/roles", roles("owner")).status());
        assertEquals(200, owner.put("/organizations/globex/members/" + carol + "/roles", roles("member")).status(),
                "with a second owner, the first may step down");

        ApiClient clerk = selfService(token("dave@globex.test", "dave"));
        adminApi().post("/organizations/globex/roles", ApiClient.json(Map.of("name", "clerk",
                "permissions", List.of("org:members:read", "org:members:manage"))));
        adminApi().put("/organizations/globex/members/" + dave + "/roles", roles("clerk"));
        assertError(403, clerk.put("/organizations/globex/members/" + dave + "/roles", roles("clerk", "admin")),
                "nobody grants a role carrying permissions they lack, to themselves either");
    }

    @Test
    void invitationRoundTripThroughTheRealPages() {
        ApiClient owner = selfService(token("carol@globex.test", "carol"));
        Result invited = owner.post("/organizations/globex/invitations",
                ApiClient.json(Map.of("email", "newbie@example.test", "firstName", "New", "lastName", "Bie",
                        "roles", List.of("admin"))));
        assertEquals(201, invited.status(), invited::toString);
        assertTrue(mail.waitForIncomingEmail(1));
        assertTrue(Mails.text(mail.getLastReceivedMessage()).contains("Globex"));

        LoginBrowser browser = new LoginBrowser("http://localhost:3000/never");
        browser.open(Mails.realmLink(mail.getLastReceivedMessage()));
        browser.submit(Map.of("firstName", "New", "lastName", "Bie", "password", "Newbie-pass-1",
                "password-confirm", "Newbie-pass-1"));
        String newbie = SampleUsers.id(saas(), "newbie@example.test");
        JsonNode roles = owner.get("/organizations/globex/members/" + newbie + "/roles").json();
        assertEquals(List.of("admin", "member"), texts(roles.get("roles")));

        ApiClient newcomer = selfService(token("newbie@example.test", "Newbie-pass-1"));
        JsonNode mine = newcomer.get("/me/organizations").json();
        assertEquals("globex", mine.get(0).get("alias").asText());
        assertEquals(List.of("admin", "member"), texts(mine.get(0).get("roles")));

        // an existing account: the email links to a confirmation, never to a silent add
        assertEquals(201, owner.post("/organizations/globex/roles", ApiClient.json(Map.of("name", "support",
                "permissions", List.of("org:members:read")))).status());
        assertEquals(201, owner.post("/organizations/globex/invitations",
                ApiClient.json(Map.of("email", "erin@example.test", "roles", List.of("support")))).status());
        assertTrue(mail.waitForIncomingEmail(2));
        LoginBrowser erinsBrowser = new LoginBrowser("http://localhost:3000/never");
        erinsBrowser.open(Mails.realmLink(mail.getLastReceivedMessage()));
        var confirm = erinsBrowser.page().selectFirst("a[href*=action-token]");
        assertNotNull(confirm, () -> "expected the confirmation page: " + erinsBrowser.page().body().text());
        erinsBrowser.open(confirm.absUrl("href"));
        String erin = SampleUsers.id(saas(), "erin@example.test");
        assertEquals(List.of("member", "support"),
                texts(owner.get("/organizations/globex/members/" + erin + "/roles").json().get("roles")));
    }

    @Test
    void profileAndBrandingUpdates() {
        ApiClient owner = selfService(token("carol@globex.test", "carol"));
        Result updated = owner.patch("/organizations/globex", ApiClient.json(Map.of("name", "Globex International",
                "branding", Map.of("displayName", "Globex <b>Intl</b>", "logoUrl", "https://cdn.globex.test/logo.svg",
                        "primaryColor", "#004488"))));
        assertEquals(200, updated.status(), updated::toString);
        assertEquals("Globex International", updated.json().get("name").asText());
        assertEquals("#004488", updated.json().path("branding").path("primaryColor").asText(), updated::toString);
        assertEquals(List.of("#004488"), globexAttributes().get("tenancy.brand.primary-color"));

        assertError(400, owner.patch("/organizations/globex", "{\"branding\": {\"logoUrl\": \"javascript:alert(1)\"}}"));
        assertError(400, owner.patch("/organizations/globex", "{\"branding\": {\"logoUrl\": \"http://plain.test/x.png\"}}"));
        assertError(400, owner.patch("/organizations/globex", "{\"branding\": {\"primaryColor\": \"red;} body{display:none\"}}"));
        assertError(409, owner.patch("/organizations/globex", "{\"name\": \"Acme Corp\"}"), "names are unique");
        assertEquals(200, owner.patch("/organizations/globex", "{\"branding\": {\"primaryColor\": \"\"}}").status());
        assertEquals(null, globexAttributes().get("tenancy.brand.primary-color"), "an empty value removes it");
        assertEquals(List.of("https://cdn.globex.test/logo.svg"), globexAttributes().get("tenancy.brand.logo-url"),
                "the other values stay");

        Result partialPut = owner.put("/organizations/globex", "{\"description\": \"only this\"}");
        assertError(400, partialPut, "a PUT carries the whole profile");
        assertEquals("missing_field", partialPut.json().get("error").asText());
        assertEquals("name", partialPut.json().get("field").asText());
        assertEquals(List.of("https://cdn.globex.test/logo.svg"), globexAttributes().get("tenancy.brand.logo-url"),
                "a refused PUT changes nothing");

        Result whole = owner.put("/organizations/globex", ApiClient.json(Map.of("name", "Globex International",
                "description", "Replaced", "branding", Map.of("displayName", "Globex"))));
        assertEquals(200, whole.status(), whole::toString);
        assertEquals(null, globexAttributes().get("tenancy.brand.logo-url"), "what a whole profile leaves out goes");
        assertEquals(List.of("Globex"), globexAttributes().get("tenancy.brand.display-name"));
    }

    @Test
    void browserApplicationsGetCorsHeadersOnAnswersAndRefusals() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String url = urls.getBase() + "/realms/saas-b2b/tenancy/me/organizations";
        var preflight = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://localhost:3000").header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization").build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, preflight.statusCode());
        assertTrue(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("PUT"));

        String token = DemoLogins.withPassword(urls.getBase(), "carol@globex.test", "carol", "openid tenancy-api", null)
                .get("access_token").asText();
        var allowed = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                .header("Authorization", "Bearer " + token).header("Origin", "http://localhost:3000").build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, allowed.statusCode());
        assertEquals("http://localhost:3000", allowed.headers().firstValue("Access-Control-Allow-Origin").orElse(null));

        var foreign = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                .header("Authorization", "Bearer " + token).header("Origin", "https://evil.test").build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(null, foreign.headers().firstValue("Access-Control-Allow-Origin").orElse(null),
                "an origin that is not the client's gets no CORS grant");

        var refused = http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(urls.getBase() + "/realms/saas-b2b/tenancy/organizations/initech/members"))
                .header("Authorization", "Bearer " + token).header("Origin", "http://localhost:3000").build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(404, refused.statusCode(), refused.body());
        assertEquals("http://localhost:3000", refused.headers().firstValue("Access-Control-Allow-Origin").orElse(null),
                "refusals are readable by the application too");
    }

    @Test
    void changesAreAdminEventsNamingTheMember() {
        ApiClient owner = selfService(token("carol@globex.test", "carol"));
        assertEquals(201, owner.post("/organizations/globex/roles", ApiClient.json(Map.of("name", "auditor"))).status());
        String carol = SampleUsers.id(saas(), "carol@globex.test");
        List<AdminEventRepresentation> events = saas().getAdminEvents();
        AdminEventRepresentation event = events.stream().filter(e -> "TENANCY_ROLE".equals(e.getResourceType()))
                .findFirst().orElse(null);
        assertNotNull(event, events::toString);
        assertEquals(carol, event.getAuthDetails().getUserId());
        assertEquals("CREATE", event.getOperationType());
    }

    private Map<String, List<String>> globexAttributes() {
        Map<String, List<String>> attributes = AdminLookups.organizationResource(saas(), "globex").toRepresentation()
                .getAttributes();
        return attributes == null ? Map.of() : attributes;
    }

    private static Operation op(String name, String method, Function<Actor, String> path, String body) {
        return new Operation(name, method, path, body);
    }

    private static String table(List<Operation> operations, Map<String, List<Integer>> actual) {
        StringBuilder table = new StringBuilder("| operation | ");
        table.append(String.join(" | ", actual.keySet())).append(" |\n|---|");
        actual.keySet().forEach(a -> table.append("---|"));
        table.append('\n');
        for (int i = 0; i < operations.size(); i++) {
            table.append("| ").append(operations.get(i).name()).append(" |");
            for (List<Integer> statuses : actual.values()) {
                table.append(' ').append(statuses.get(i)).append(" |");
            }
            table.append('\n');
        }
        return table.toString();
    }

    private static String domain(Actor actor) {
        return slug(actor) + ".globex-matrix.test";
    }

    private static String victim(Actor actor) {
        return "victim-" + slug(actor) + "@globex.test";
    }

    private static String roleName(Actor actor) {
        return "role-" + slug(actor);
    }

    private static String slug(Actor actor) {
        return actor.name().replaceAll("[^a-z]+", "-");
    }

    private Supplier<String> token(String username, String password) {
        return () -> ApiClient.selfServiceToken(urls.getBase(), "saas-b2b", username, password);
    }

    private String expiredToken(String username, String password) {
        RealmRepresentation realm = saas().toRepresentation();
        Integer lifespan = realm.getAccessTokenLifespan();
        realm.setAccessTokenLifespan(1);
        saas().update(realm);
        String token = ApiClient.selfServiceToken(urls.getBase(), "saas-b2b", username, password);
        realm.setAccessTokenLifespan(lifespan);
        saas().update(realm);
        try {
            Thread.sleep(2100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return token;
    }

    private ApiClient selfService(Supplier<String> token) {
        return new ApiClient(urls.getBase() + "/realms/saas-b2b/tenancy", token);
    }

    private ApiClient adminApi() {
        return new ApiClient(urls.getBase() + "/admin/realms/saas-b2b/tenancy", () -> admin.tokenManager().getAccessTokenString());
    }

    private static String roles(String... names) {
        return ApiClient.json(Map.of("roles", List.of(names)));
    }

}
