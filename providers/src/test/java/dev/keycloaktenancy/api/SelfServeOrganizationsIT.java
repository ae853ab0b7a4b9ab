package dev.keycloaktenancy.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.testing.AdminLookups;
import dev.keycloaktenancy.testing.ApiClient;
import dev.keycloaktenancy.testing.LoginBrowser;
import dev.keycloaktenancy.testing.Mails;
import dev.keycloaktenancy.testing.OidcTestClient;
import dev.keycloaktenancy.testing.PortalBrowser;
import dev.keycloaktenancy.testing.SampleUsers;
import dev.keycloaktenancy.testing.TenancyServerConfig;
import dev.keycloaktenancy.testing.TenancyServerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.MembershipType;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
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
 * Self-serve organizations on the real server: creating one where the realm allows it (alias and name rules, the
 * realm's and the per-user limits, also under concurrent requests), leaving one, and an owner deleting one with
 * everything the pack stored for it; each with the callers who must be refused, in the shared B2B realm and in a
 * platform realm.
 */
@KeycloakIntegrationTest(config = TenancyServerConfig.class)
class SelfServeOrganizationsIT extends TenancyServerTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String OUTSIDER = "outsider@example.test";
    private static final String OUTSIDER_PASSWORD = "Outsider-pass-1";

    @BeforeEach
    void importRealms() {
        importRealms("saas-b2b");
    }

    // ---- creating -------------------------------------------------------------------------------------------------

    @Test
    void creationIsRefusedUntilTheRealmAllowsIt() {
        setRealmAttribute(saas(), Tenancy.SELF_SERVICE_CREATE_ORGANIZATIONS, "false");
        ApiClient erin = selfService("saas-b2b", "erin@example.test", "erin");
        assertError(403, erin.post("/organizations", "{\"name\": \"Erin's Shop\"}"));
        assertEquals("creation_disabled", erin.post("/organizations", "{\"name\": \"Erin's Shop\"}").json()
                .get("error").asText());
        assertNull(saas().organizations().getAll().stream().filter(o -> o.getAlias().equals("erin-s-shop")).findFirst()
                .orElse(null));
        JsonNode creation = erin.get("/me/organization-creation").json();
        assertFalse(creation.get("allowed").asBoolean(), creation.toString());
        assertEquals("creation_disabled", creation.get("reason").asText());
        assertTrue(creation.get("message").asText().contains("does not let its users create"), creation.toString());
        assertEquals(401, new ApiClient(urls.getBase() + "/realms/saas-b2b/tenancy", null)
                .get("/me/organization-creation").status());

        allowCreation(saas());
        creation = erin.get("/me/organization-creation").json();
        assertTrue(creation.get("allowed").asBoolean(), creation.toString());
        assertFalse(creation.has("reason"), creation.toString());
        assertEquals(0, creation.get("owned").asInt());
    }

    @Test
    void theCreatorBecomesOwnerAndAClaimedDomainStartsUnverified() {
        allowCreation(saas());
        ApiClient erin = selfService("saas-b2b", "erin@example.test", "erin");
        ApiClient.Result created = erin.post("/organizations",
                "{\"name\": \"Erin's Shop\", \"domain\": \"erins-shop.test\"}");
        assertEquals(201, created.status(), created.toString());
        JsonNode body = created.json();
        assertEquals("erin-s-shop", body.get("alias").asText(), "the alias is made from the name");
        assertEquals("Erin's Shop", body.get("name").asText());
        assertNotNull(body.get("id").asText());
        assertTrue(created.header("Location").endsWith("/organizations/erin-s-shop"), created.header("Location"));

        JsonNode mine = erin.get("/me/organizations").json();
        JsonNode shop = find(mine, "erin-s-shop");
        assertNotNull(shop, mine.toString());
        assertTrue(shop.toString().contains("\"owner\""), "owner and the default member role: " + shop);

        JsonNode domains = erin.get("/organizations/erin-s-shop/domains").json();
        assertEquals("erins-shop.test", domains.get(0).get("name").asText());
        assertFalse(domains.get(0).get("verified").asBoolean(), "a claim has no effect until verified: " + domains);
        OrganizationRepresentation stored = AdminLookups.organization(saas(), "erin-s-shop");
        assertTrue(stored.getDomains().stream().noneMatch(d -> d.isVerified()), "nor in Keycloak");

        JsonNode audit = erin.get("/organizations/erin-s-shop/audit?action=organization.").json();
        // one record: the pack's own, with the creator as actor, not a second one from Keycloak's creation hook
        assertEquals(1, audit.size(), audit.toString());
        assertEquals("organization.created", audit.get(0).get("action").asText(), audit.toString());
        assertEquals(SampleUsers.id(saas(), "erin@example.test"), audit.get(0).get("actor").get("userId").asText());

        String token = ApiClient.passwordGrant(urls.getBase(), "saas-b2b", "erin@example.test", "erin", "demo-cli",
                "tenancy-api organization");
        JsonNode claim = OidcTestClient.claims(token).get("organization");
        assertTrue(claim.has("erin-s-shop") && claim.get("erin-s-shop").get("roles").toString().contains("owner"),
                "the next token carries the organization and the role: " + claim);
    }

    @Test
    void aliasAndNameRulesAnswerWithTheirOwnCodes() {
        allowCreation(saas());
        ApiClient erin = selfService("saas-b2b", "erin@example.test", "erin");
        assertCode(400, "missing_field", erin.post("/organizations", "{\"alias\": \"no-name\"}"));
        assertCode(400, null, erin.post("/organizations", "{\"name\": \"\"}"));
        assertCode(400, null, erin.post("/organizations", "{\"name\": \"Bad\\u202Ename\"}"));
        assertCode(400, "invalid_alias", erin.post("/organizations", "{\"name\": \"Shop\", \"alias\": \"Has Space\"}"));
        assertCode(400, "invalid_alias", erin.post("/organizations", "{\"name\": \"Shop\", \"alias\": \"-edge\"}"));
        assertCode(400, "invalid_alias", erin.post("/organizations", "{\"name\": \"Shop\", \"alias\": \""
                + "a".repeat(65) + "\"}"));
        assertCode(400, "invalid_alias", erin.post("/organizations", "{\"name\": \"日本\"}"));
        assertCode(400, null, erin.post("/organizations", "{\"name\": \"Shop\", \"extra\": 1}"));
        assertCode(400, null, erin.post("/organizations", "not json"));
        assertCode(409, "alias_taken", erin.post("/organizations", "{\"name\": \"Another Globex\", \"alias\": \"globex\"}"));
        assertCode(409, "name_taken", erin.post("/organizations", "{\"name\": \"Globex\", \"alias\": \"globex-2\"}"));
        assertCode(409, "name_taken", erin.post("/organizations", "{\"name\": \"GLOBEX \", \"alias\": \"globex-3\"}"));
        assertCode(409, "name_taken", erin.post("/organizations", "{\"name\": \"Glоbex\", \"alias\": \"globex-4\"}"));
        assertCode(409, "name_taken", erin.post("/organizations", "{\"name\": \"saas-b2b\"}"));
        assertEquals(2, saas().organizations().getAll().size(), "nothing was created: " + names(saas()));
        assertTrue(erin.get("/me/organizations").json().isEmpty());
    }

    /**
     * The name rule looks names up by their stored comparable form: names written through Keycloak's own admin API
     * (a rename, a display name among the attributes, a removal) count at once, and look-alike names asked for at the
     * same moment give one organization.
     */
    @Test
    void theNameRuleFollowsKeycloaksOwnWritesAndHoldsUnderRaces() throws Exception {
        allowCreation(saas());
        ApiClient erin = selfService("saas-b2b", "erin@example.test", "erin");
        OrganizationRepresentation globex = AdminLookups.organization(saas(), "globex");
        globex.setName("Initech");
        globex.setAttributes(Map.of(Tenancy.BRAND_DISPLAY_NAME, List.of("Hooli")));
        try (jakarta.ws.rs.core.Response updated = AdminLookups.organizationResource(saas(), "globex").update(globex)) {
            assertEquals(204, updated.getStatus());
        }
        assertCode(409, "name_taken", erin.post("/organizations", "{\"name\": \"INITECH\", \"alias\": \"initech-2\"}"));
        assertCode(409, "name_taken", erin.post("/organizations", "{\"name\": \"Hoоli\"}"), "Cyrillic o");
        globex.setAttributes(Map.of());
        try (jakarta.ws.rs.core.Response updated = AdminLookups.organizationResource(saas(), "globex").update(globex)) {
            assertEquals(204, updated.getStatus());
        }
        assertEquals(201, erin.post("/organizations", "{\"name\": \"Hooli\"}").status(), "the display name went");
        assertEquals(201, erin.post("/organizations", "{\"name\": \"Globex\", \"alias\": \"globex-2\"}").status(),
                "globex's old name is free");

        String token = ApiClient.selfServiceToken(urls.getBase(), "saas-b2b", "erin@example.test", "erin");
        List<String> lookAlikes = List.of("Pied Piper", "PIED PIPER", "Pied  Piper", "Piеd Piper");
        List<Integer> statuses = race(4, i -> createRequest("saas-b2b", token, "{\"name\": \"" + lookAlikes.get(i)
                + "\", \"alias\": \"piper-" + i + "\"}"));
        assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
        assertEquals(3, statuses.stream().filter(s -> s == 409).count(), statuses.toString());

        try (jakarta.ws.rs.core.Response removed = AdminLookups.organizationResource(saas(), "hooli").delete()) {
            assertEquals(204, removed.getStatus());
        }
        assertEquals(201, erin.post("/organizations", "{\"name\": \"hooli\", \"alias\": \"hooli-2\"}").status(),
                "a removed organization's name is free");
        JsonNode diagnostics = adminApi("saas-b2b").get("/diagnostics").json();
        assertEquals(0, diagnostics.get("orphanNameKeys").asLong(), diagnostics.toString());
    }

    @Test
    void callersOutsideTheRealmAreRefused() {
        allowCreation(saas());
        ApiClient anonymous = new ApiClient(urls.getBase() + "/realms/saas-b2b/tenancy", null);
        assertEquals(401, anonymous.post("/organizations", "{\"name\": \"Anon\"}").status());
        String otherRealm = otherRealmToken();
        ApiClient sam = new ApiClient(urls.getBase() + "/realms/saas-b2b/tenancy", () -> otherRealm);
        assertEquals(401, sam.post("/organizations", "{\"name\": \"Sam's\"}").status(), "another realm's token");
        String notForApi = ApiClient.passwordGrant(urls.getBase(), "saas-b2b", "erin@example.test", "erin", "demo-cli", null);
        ApiClient erinWithoutAudience = new ApiClient(urls.getBase() + "/realms/saas-b2b/tenancy", () -> notForApi);
        assertEquals(401, erinWithoutAudience.post("/organizations", "{\"name\": \"Erin's\"}").status());
        assertEquals(2, saas().organizations().getAll().size(), names(saas()));
    }

    @Test
    void thePerUserLimitHoldsUnderConcurrentRequests() throws Exception {
        allowCreation(saas());
        setRealmAttribute(saas(), Tenancy.MAX_ORGANIZATIONS_PER_USER, "3");
        String token = ApiClient.selfServiceToken(urls.getBase(), "saas-b2b", "erin@example.test", "erin");
        List<Integer> statuses = race(10, i -> createRequest("saas-b2b", token, "{\"name\": \"Erin " + i + "\"}"));
        assertEquals(3, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
        assertEquals(7, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
        assertEquals(5, saas().organizations().getAll().size(), names(saas()));
        ApiClient erin = new ApiClient(urls.getBase() + "/realms/saas-b2b/tenancy", () -> token);
        ApiClient.Result refused = erin.post("/organizations", "{\"name\": \"Erin more\"}");
        assertCode(409, "limit_reached", refused);
        assertTrue(refused.json().get("error_description").asText().contains("own 3 organizations"), refused.toString());
        JsonNode creation = erin.get("/me/organization-creation").json();
        assertFalse(creation.get("allowed").asBoolean(), creation.toString());
        assertEquals("limit_reached", creation.get("reason").asText());
        assertEquals(refused.json().get("error_description").asText(), creation.get("message").asText());
        assertEquals(3, creation.get("owned").asInt());
        assertEquals(3, creation.get("maxOwned").asInt());
        // Carol owns globex already: her limit counts it.
        setRealmAttribute(saas(), Tenancy.MAX_ORGANIZATIONS_PER_USER, "1");
        assertCode(409, "limit_reached", selfService("saas-b2b", "carol@globex.test", "carol")
                .post("/organizations", "{\"name\": \"Carol's second\"}"));
    }

    @Test
    void creatingAndDeletingInALoopStopsAtTwiceThePerUserLimitADay() {
        allowCreation(saas());
        setRealmAttribute(saas(), Tenancy.MAX_ORGANIZATIONS_PER_USER, "1");
        SampleUsers.create(saas(), "nora@example.test", "nora-pass-1");
        ApiClient nora = selfService("saas-b2b", "nora@example.test", "nora-pass-1");
        for (int i = 1; i <= 2; i++) {
            assertEquals(201, nora.post("/organizations", "{\"name\": \"Loop " + i + "\"}").status());
            assertEquals(204, deleteOrganization(nora, "loop-" + i, "loop-" + i).status());
        }
        ApiClient.Result third = nora.post("/organizations", "{\"name\": \"Loop 3\"}");
        assertCode(429, "too_many_requests", third);
        assertNotNull(third.header("Retry-After"), third.toString());
        assertTrue(saas().organizations().getAll().stream().noneMatch(o -> o.getAlias().equals("loop-3")),
                "a refused creation leaves no organization: " + names(saas()));
    }

    @Test
    void theRealmsOrganizationLimitHoldsUnderConcurrentRequests() throws Exception {
        allowCreation(saas());
        setRealmAttribute(saas(), Tenancy.MAX_ORGANIZATIONS, "4");
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            SampleUsers.create(saas(), "racer" + i + "@example.test", "racer-pass-" + i);
            tokens.add(ApiClient.selfServiceToken(urls.getBase(), "saas-b2b", "racer" + i + "@example.test",
                    "racer-pass-" + i));
        }
        List<Integer> statuses = race(6, i -> createRequest("saas-b2b", tokens.get(i),
                "{\"name\": \"Racer " + i + "\"}"));
        assertEquals(2, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
        assertEquals(4, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
        assertEquals(4, saas().organizations().getAll().size(), names(saas()));
    }

    /**
     * Everything self-serve in a platform (tenant) realm: create, the name rule, join requests, leave, delete and the
     * personal workspace, each staying in that realm.
     */
    @Test
    void usersOfAPlatformRealmCreateOrganizationsThere() {
        importRealms("tenant-university-a");
        RealmRepresentation platform = realm("tenant-university-a").toRepresentation();
        platform.setOrganizationsEnabled(true);
        realm("tenant-university-a").update(platform);
        String enabled = adminApi("tenant-university-a").post("/enable", "").toString();
        assertTrue(enabled.startsWith("200"), enabled);
        RealmResource university = realm("tenant-university-a");
        allowCreation(university);
        String token = selfServiceTokenIn("tenant-university-a", "sam@example.test", "sam-a");
        ApiClient sam = new ApiClient(urls.getBase() + "/realms/tenant-university-a/tenancy", () -> token);
        ApiClient.Result created = sam.post("/organizations", "{\"name\": \"Chess Club\"}");
        assertEquals(201, created.status(), created.toString());
        assertNotNull(AdminLookups.organization(university, "chess-club"));
        assertTrue(saas().organizations().getAll().stream().noneMatch(o -> o.getAlias().equals("chess-club")));
        assertCode(409, "last_owner", sam.delete("/me/organizations/chess-club"));
        assertCode(409, "name_taken", sam.post("/organizations", "{\"name\": \"CHESS  club\", \"alias\": \"chess-2\"}"));

        // join requests: a verified domain of the club, a user of the platform realm at it asks, the owner approves
        OrganizationRepresentation club = AdminLookups.organization(university, "chess-club");
        org.keycloak.representations.idm.OrganizationDomainRepresentation domain =
                new org.keycloak.representations.idm.OrganizationDomainRepresentation("chess.university-a.test");
        domain.setVerified(true);
        club.addDomain(domain);
        try (jakarta.ws.rs.core.Response updated = AdminLookups.organizationResource(university, "chess-club")
                .update(club)) {
            assertEquals(204, updated.getStatus());
        }
        assertEquals(200, sam.patch("/organizations/chess-club/sign-in",
                "{\"joinByEmailDomain\": false, \"joinRequests\": true}").status());
        SampleUsers.create(university, "pat@chess.university-a.test", "pat-pass-1");
        String patToken = selfServiceTokenIn("tenant-university-a", "pat@chess.university-a.test", "pat-pass-1");
        ApiClient pat = new ApiClient(urls.getBase() + "/realms/tenant-university-a/tenancy", () -> patToken);
        assertEquals("chess-club", pat.get("/me/suggestions").json().get(0).get("alias").asText());
        assertEquals(200, pat.post("/organizations/chess-club/join-requests", "").status());
        String request = sam.get("/organizations/chess-club/join-requests").json().get(0).get("id").asText();
        assertEquals(200, sam.post("/organizations/chess-club/join-requests/" + request + "/approve", "").status());
        assertNotNull(find(pat.get("/me/organizations").json(), "chess-club"));
        // the same user and organization are unknown in the shared realm
        assertError(401, new ApiClient(urls.getBase() + "/realms/saas-b2b/tenancy", () -> patToken)
                .get("/me/suggestions"));
        // a member who is not the last owner leaves
        assertEquals(204, pat.delete("/me/organizations/chess-club").status());
        assertNull(find(pat.get("/me/organizations").json(), "chess-club"));

        assertEquals(204, deleteOrganization(sam, "chess-club", "chess-club").status());
        assertTrue(university.organizations().getAll().isEmpty());

        // a personal workspace at first sign-in, in the platform realm
        setRealmAttribute(university, Tenancy.PERSONAL_ORGANIZATION, "true");
        SampleUsers.create(university, "quinn@example.test", "quinn-pass-1");
        String quinnToken = selfServiceTokenIn("tenant-university-a", "quinn@example.test", "quinn-pass-1");
        JsonNode quinns = new ApiClient(urls.getBase() + "/realms/tenant-university-a/tenancy", () -> quinnToken)
                .get("/me/organizations").json();
        assertEquals("quinn Test's workspace", quinns.get(0).get("name").asText(), quinns.toString());
        assertTrue(quinns.get(0).toString().contains("\"owner\""), quinns.toString());
        assertTrue(saas().organizations().getAll().stream().noneMatch(o -> o.getName().startsWith("quinn")));
    }

    // ---- leaving --------------------------------------------------------------------------------------------------

    @Test
    void aMemberLeavesAndTheirRolesAndClaimGo() {
        // Globex lets people of its domain join by themselves: Dave would be back at his next sign-in.
        assertEquals(200, selfService("saas-b2b", "carol@globex.test", "carol").patch("/organizations/globex/sign-in",
                "{\"joinByEmailDomain\": false}").status());
        ApiClient dave = selfService("saas-b2b", "dave@globex.test", "dave");
        String daveId = SampleUsers.id(saas(), "dave@globex.test");
        int assignments = adminApi("saas-b2b").get("/diagnostics").json().get("assignments").asInt();
        assertEquals(204, dave.delete("/me/organizations/globex").status());
        assertTrue(dave.get("/me/organizations").json().isEmpty());
        assertEquals(404, adminApi("saas-b2b").get("/organizations/globex/members/" + daveId + "/roles").status());
        JsonNode diagnostics = adminApi("saas-b2b").get("/diagnostics").json();
        assertEquals(assignments - 1, diagnostics.get("assignments").asInt(), "Dave's member role went: " + diagnostics);
        String token = ApiClient.passwordGrant(urls.getBase(), "saas-b2b", "dave@globex.test", "dave", "demo-cli",
                "tenancy-api organization");
        JsonNode claims = OidcTestClient.claims(token);
        assertTrue(!claims.has("organization") || !claims.get("organization").toString().contains("globex"),
                "the next token does not carry globex: " + claims);
        JsonNode audit = selfService("saas-b2b", "carol@globex.test", "carol")
                .get("/organizations/globex/audit?action=member.removed").json();
        assertEquals(daveId, audit.get(0).get("target").asText(), audit.toString());
        assertTrue(audit.get(0).get("detail").toString().contains("left"), audit.toString());
    }

    @Test
    void theLastOwnerAndManagedMembersCannotLeave() {
        invitedOutsider();
        ApiClient outsider = selfService("saas-b2b", OUTSIDER, OUTSIDER_PASSWORD);
        assertCode(409, "managed_member", outsider.delete("/me/organizations/globex"));
        assertTrue(outsider.get("/me/organizations").json().toString().contains("globex"), "still a member");

        ApiClient carol = selfService("saas-b2b", "carol@globex.test", "carol");
        assertCode(409, "last_owner", carol.delete("/me/organizations/globex"));
        String fay = SampleUsers.create(saas(), "fay@globex.test", "fay-pass-1");
        try (var added = AdminLookups.organizationResource(saas(), "globex").members().addMember(fay)) {
            assertEquals(201, added.getStatus());
        }
        adminApi("saas-b2b").put("/organizations/globex/members/" + fay + "/roles", "{\"roles\": [\"owner\"]}");
        assertEquals(204, carol.delete("/me/organizations/globex").status(), "with another owner, Carol may leave");
        assertTrue(carol.get("/me/organizations").json().toString().contains("acme"), "and stays in acme");
        assertFalse(carol.get("/me/organizations").json().toString().contains("globex"));
    }

    @Test
    void leavingAnOrganizationOneIsNotInAnswers404() {
        ApiClient erin = selfService("saas-b2b", "erin@example.test", "erin");
        assertCode(404, "not_found", erin.delete("/me/organizations/globex"));
        assertCode(404, "not_found", erin.delete("/me/organizations/no-such-org"));
        assertEquals(401, new ApiClient(urls.getBase() + "/realms/saas-b2b/tenancy", null)
                .delete("/me/organizations/globex").status());
        String otherRealm = otherRealmToken();
        assertEquals(401, new ApiClient(urls.getBase() + "/realms/saas-b2b/tenancy", () -> otherRealm)
                .delete("/me/organizations/globex").status());
        assertEquals(2, AdminLookups.organizationResource(saas(), "globex").members().count().intValue());
    }

    // ---- deleting -------------------------------------------------------------------------------------------------

    @Test
    void onlyAnOwnerDeletesWithTheAliasAsConfirmation() {
        String gina = SampleUsers.createMember(saas(), "globex", "gina@globex.test", "gina");
        adminApi("saas-b2b").put("/organizations/globex/members/" + gina + "/roles", "{\"roles\": [\"admin\"]}");
        String oscar = SampleUsers.createMember(saas(), "acme", "oscar@example.test", "oscar");
        adminApi("saas-b2b").put("/organizations/acme/members/" + oscar + "/roles", "{\"roles\": [\"owner\"]}");
        String otherRealm = otherRealmToken();

        assertEquals(401, deleteOrganization(new ApiClient(urls.getBase() + "/realms/saas-b2b/tenancy", null),
                "globex", "globex").status());
        assertEquals(401, deleteOrganization(new ApiClient(urls.getBase() + "/realms/saas-b2b/tenancy", () -> otherRealm),
                "globex", "globex").status());
        assertCode(403, null, deleteOrganization(selfService("saas-b2b", "dave@globex.test", "dave"), "globex", "globex"));
        assertCode(403, null, deleteOrganization(selfService("saas-b2b", "gina@globex.test", "gina"), "globex", "globex"));
        assertCode(404, "not_found", deleteOrganization(selfService("saas-b2b", "oscar@example.test", "oscar"),
                "globex", "globex"));
        ApiClient carol = selfService("saas-b2b", "carol@globex.test", "carol");
        assertCode(400, "confirmation_mismatch", deleteOrganization(carol, "globex", "Globex"));
        assertCode(400, null, carol.delete("/organizations/globex"));
        assertNotNull(AdminLookups.organization(saas(), "globex"), "nothing refused deleted anything");

        String outsider = invitedOutsider();
        assertEquals(204, deleteOrganization(carol, "globex", "globex").status());
        assertTrue(saas().organizations().getAll().stream().noneMatch(o -> o.getAlias().equals("globex")));
        assertEquals(1, saas().users().search(OUTSIDER, true).size(), "an account globex does not vouch for stays");
        assertEquals(0, saas().organizations().members().getOrganizations(outsider, true).size());
        assertCode(404, "not_found", selfService("saas-b2b", "oscar@example.test", "oscar").get("/organizations/globex"));
    }

    @Test
    void deletingRemovesEverythingThePackStoredForTheOrganization() {
        allowCreation(saas());
        ApiClient erin = selfService("saas-b2b", "erin@example.test", "erin");
        ApiClient.Result created = erin.post("/organizations", "{\"name\": \"Short Lived\", \"domain\": \"short-lived.test\"}");
        assertEquals(201, created.status(), created.toString());
        String id = created.json().get("id").asText();
        assertEquals(201, erin.post("/organizations/short-lived/roles",
                "{\"name\": \"support\", \"permissions\": [\"org:members:read\"]}").status());
        assertEquals(200, erin.put("/organizations/short-lived/sign-in", "{\"ssoRequired\": false,"
                + " \"joinByEmailDomain\": true}").status());
        String dave = SampleUsers.id(saas(), "dave@globex.test");
        try (var added = AdminLookups.organizationResource(saas(), "short-lived").members().addMember(dave)) {
            assertEquals(201, added.getStatus());
        }
        assertEquals(200, erin.put("/organizations/short-lived/members/" + dave + "/roles",
                "{\"roles\": [\"support\"]}").status());

        Mails.useTestMailServer(saas());
        assertEquals(201, erin.post("/organizations/short-lived/invitations",
                "{\"email\": \"helper@example.test\", \"roles\": [\"support\"]}").status());
        JsonNode before = adminApi("saas-b2b").get("/diagnostics").json();

        assertEquals(204, deleteOrganization(erin, "short-lived", "short-lived").status());
        assertTrue(saas().organizations().getAll().stream().noneMatch(o -> o.getAlias().equals("short-lived")));
        assertTrue(erin.get("/me/organizations").json().isEmpty());
        assertEquals(1, saas().users().search("dave@globex.test", true).size(), "members keep their accounts");
        JsonNode after = adminApi("saas-b2b").get("/diagnostics").json();
        assertEquals(before.get("roles").asInt() - 1, after.get("roles").asInt(), "its own role: " + after);
        assertEquals(before.get("assignments").asInt() - 3, after.get("assignments").asInt(),
                "Erin's owner and member, Dave's support: " + after);
        assertEquals(before.get("invitationRoles").asInt() - 1, after.get("invitationRoles").asInt(), after.toString());
        assertEquals(0, after.get("orphanRoles").asInt(), after.toString());
        assertEquals(0, after.get("orphanAssignments").asInt(), after.toString());
        JsonNode audit = adminApi("saas-b2b").get("/audit?organization=" + id + "&action=organization.").json();
        assertEquals("organization.deleted", audit.get(0).get("action").asText(), "the realm admin still reads it: " + audit);
        assertEquals(1, audit.findValues("action").stream().filter(a -> a.asText().equals("organization.deleted")).count(),
                "recorded once: " + audit);
        // The alias is free again, and the new organization inherits nothing.
        ApiClient.Result again = erin.post("/organizations", "{\"name\": \"Short Lived\"}");
        assertEquals(201, again.status(), again.toString());
        assertFalse(erin.get("/organizations/short-lived/roles").json().toString().contains("support"),
                "the old organization's own role went with it");
    }

    @Test
    void aRealmAdministratorDeletesThroughTheAdminDoor() {
        ApiClient admins = adminApi("saas-b2b");
        assertCode(400, "confirmation_mismatch", deleteOrganization(admins, "acme", "globex"));
        assertEquals(204, deleteOrganization(admins, "acme", "acme").status());
        assertTrue(saas().organizations().getAll().stream().noneMatch(o -> o.getAlias().equals("acme")));
        assertNotNull(SampleUsers.id(saas(), "carol@globex.test"), "its members keep their accounts");
    }

    // ---- personal workspace ---------------------------------------------------------------------------------------

    @Test
    void aNewUserGetsAPersonalOrganizationAtFirstSignIn() {
        setRealmAttribute(saas(), Tenancy.PERSONAL_ORGANIZATION, "true");
        setRealmAttribute(saas(), Tenancy.PERSONAL_ORGANIZATION_NAME, "{firstName}'s space");
        SampleUsers.create(saas(), "lena@example.test", "lena-pass-1");
        assertEquals(2, saas().organizations().getAll().size(), "nothing before the first sign-in");
        ApiClient api = selfService("saas-b2b", "lena@example.test", "lena-pass-1");
        JsonNode mine = api.get("/me/organizations").json();
        assertEquals(1, mine.size(), mine.toString());
        assertEquals("lena's space", mine.get(0).get("name").asText());
        assertEquals("lena-s-space", mine.get(0).get("alias").asText());
        assertTrue(mine.get(0).get("roles").toString().contains("owner"), mine.toString());
        JsonNode audit = api.get("/organizations/lena-s-space/audit?action=organization.created").json();
        assertEquals("system", audit.get(0).get("actor").get("type").asText(), audit.toString());

        // Once per user: a second sign-in adds nothing, and a deleted workspace does not come back.
        assertEquals(1, selfService("saas-b2b", "lena@example.test", "lena-pass-1").get("/me/organizations").json().size());
        assertEquals(204, deleteOrganization(api, "lena-s-space", "lena-s-space").status());
        assertTrue(selfService("saas-b2b", "lena@example.test", "lena-pass-1").get("/me/organizations").json().isEmpty());

        // A second Lena gets a name of her own; it counts against the per-user limit.
        setRealmAttribute(saas(), Tenancy.MAX_ORGANIZATIONS_PER_USER, "1");
        SampleUsers.create(saas(), "lena@other.test", "lena-pass-2");
        allowCreation(saas());
        ApiClient other = selfService("saas-b2b", "lena@other.test", "lena-pass-2");
        assertEquals("lena's space", other.get("/me/organizations").json().get(0).get("name").asText(),
                "the first Lena's workspace is gone, so the name is free");
        assertCode(409, "limit_reached", other.post("/organizations", "{\"name\": \"Lena's second\"}"));
        SampleUsers.create(saas(), "lena@third.test", "lena-pass-3");
        setRealmAttribute(saas(), Tenancy.MAX_ORGANIZATIONS_PER_USER, "5");
        JsonNode third = selfService("saas-b2b", "lena@third.test", "lena-pass-3").get("/me/organizations").json();
        assertEquals("lena's space (2)", third.get(0).get("name").asText(), third.toString());
        assertEquals("lena-s-space-2", third.get(0).get("alias").asText());

        // A name that only reads like the next one (Cyrillic е) takes it too, as for a created organization.
        OrganizationRepresentation lookAlike = new OrganizationRepresentation();
        lookAlike.setName("L\u0435na's Space (3)");
        lookAlike.setAlias("look-alike");
        saas().organizations().create(lookAlike).close();
        SampleUsers.create(saas(), "lena@fourth.test", "lena-pass-4");
        JsonNode fourth = selfService("saas-b2b", "lena@fourth.test", "lena-pass-4").get("/me/organizations").json();
        assertEquals("lena's space (4)", fourth.get(0).get("name").asText(), fourth.toString());
    }

    @Test
    void fullLimitsLeaveTheUserWithoutAWorkspaceButSignedIn() {
        setRealmAttribute(saas(), Tenancy.PERSONAL_ORGANIZATION, "true");
        setRealmAttribute(saas(), Tenancy.MAX_ORGANIZATIONS, "2");
        SampleUsers.create(saas(), "mona@example.test", "mona-pass-1");
        ApiClient api = selfService("saas-b2b", "mona@example.test", "mona-pass-1");
        assertTrue(api.get("/me/organizations").json().isEmpty(), "the realm is full: no workspace, and signed in");
        assertEquals(2, saas().organizations().getAll().size());
        setRealmAttribute(saas(), Tenancy.MAX_ORGANIZATIONS, "10");
        assertTrue(selfService("saas-b2b", "mona@example.test", "mona-pass-1").get("/me/organizations").json().isEmpty(),
                "a user gets one chance, at the first sign-in");
    }

    // ---- join requests and suggestions ----------------------------------------------------------------------------

    @Test
    void aUserAtAVerifiedDomainAsksToJoinAndAnAdminApproves() {
        ApiClient carol = selfService("saas-b2b", "carol@globex.test", "carol");
        assertEquals(200, carol.patch("/organizations/globex/sign-in",
                "{\"joinByEmailDomain\": false, \"joinRequests\": true}").status());
        assertTrue(carol.get("/organizations/globex/sign-in").json().get("joinRequests").asBoolean());
        String hankId = SampleUsers.create(saas(), "hank@globex.test", "hank-pass-1");
        ApiClient hank = selfService("saas-b2b", "hank@globex.test", "hank-pass-1");

        JsonNode suggestions = hank.get("/me/suggestions").json();
        assertEquals(1, suggestions.size(), suggestions.toString());
        assertEquals("globex", suggestions.get(0).get("alias").asText());
        assertTrue(suggestions.get(0).path("joinRequest").isMissingNode(), "not asked yet: " + suggestions);

        ApiClient.Result asked = hank.post("/organizations/globex/join-requests", "");
        assertEquals(200, asked.status(), asked.toString());
        assertEquals("pending", asked.json().get("status").asText());
        assertEquals(asked.json().get("id"), hank.post("/organizations/globex/join-requests", "").json().get("id"),
                "asking again answers the same request");
        assertEquals("pending", hank.get("/me/suggestions").json().get(0).get("joinRequest").asText());
        assertCode(404, "not_found", hank.get("/organizations/globex"), "asking makes nobody a member");

        JsonNode pending = carol.get("/organizations/globex/join-requests").json();
        assertEquals(1, pending.size(), pending.toString());
        assertEquals(hankId, pending.get(0).get("userId").asText());
        assertEquals("hank@globex.test", pending.get(0).get("email").asText());
        String id = pending.get(0).get("id").asText();
        ApiClient.Result approved = carol.post("/organizations/globex/join-requests/" + id + "/approve", "");
        assertEquals(200, approved.status(), approved.toString());
        assertEquals("approved", approved.json().get("status").asText());
        assertCode(409, "already_decided", carol.post("/organizations/globex/join-requests/" + id + "/decline", ""));

        JsonNode hanks = hank.get("/me/organizations").json();
        assertTrue(hanks.toString().contains("\"member\""), "Hank joined with the default role: " + hanks);
        assertEquals("approved", hank.get("/me/join-requests").json().get(0).get("status").asText());
        assertTrue(hank.get("/me/suggestions").json().isEmpty(), "a member is offered nothing more");
        assertCode(409, "already_member", hank.post("/organizations/globex/join-requests", ""));
        JsonNode audit = carol.get("/organizations/globex/audit?action=join_request.").json();
        assertEquals(List.of("join_request.approved", "join_request.created"),
                List.of(audit.get(0).get("action").asText(), audit.get(1).get("action").asText()), audit.toString());
        assertEquals(hankId, audit.get(1).get("actor").get("userId").asText(), "the request names the requester");
    }

    @Test
    void aDeclinedRequesterSeesTheOutcomeAndCannotInsist() {
        ApiClient carol = selfService("saas-b2b", "carol@globex.test", "carol");
        carol.patch("/organizations/globex/sign-in", "{\"joinByEmailDomain\": false, \"joinRequests\": true}");
        SampleUsers.create(saas(), "ivy@globex.test", "ivy-pass-1");
        ApiClient ivy = selfService("saas-b2b", "ivy@globex.test", "ivy-pass-1");
        String id = ivy.post("/organizations/globex/join-requests", "").json().get("id").asText();
        ApiClient.Result declined = carol.post("/organizations/globex/join-requests/" + id + "/decline", "");
        assertEquals(200, declined.status(), declined.toString());
        JsonNode mine = ivy.get("/me/join-requests").json();
        assertEquals("declined", mine.get(0).get("status").asText(), mine.toString());
        assertEquals("globex", mine.get(0).get("organization").get("alias").asText());
        assertCode(409, "join_request_declined", ivy.post("/organizations/globex/join-requests", ""));
        assertTrue(carol.get("/organizations/globex/join-requests").json().isEmpty());
        assertTrue(ivy.get("/me/organizations").json().isEmpty());
    }

    @Test
    void nobodyElseSeesOrDecidesJoinRequests() {
        ApiClient carol = selfService("saas-b2b", "carol@globex.test", "carol");
        carol.patch("/organizations/globex/sign-in", "{\"joinByEmailDomain\": false, \"joinRequests\": true}");
        SampleUsers.create(saas(), "jack@globex.test", "jack-pass-1");
        ApiClient jack = selfService("saas-b2b", "jack@globex.test", "jack-pass-1");
        String id = jack.post("/organizations/globex/join-requests", "").json().get("id").asText();

        // Users of other domains, or with an unverified address at the domain, learn nothing.
        ApiClient erin = selfService("saas-b2b", "erin@example.test", "erin");
        assertTrue(erin.get("/me/suggestions").json().isEmpty());
        ApiClient.Result refused = erin.post("/organizations/globex/join-requests", "");
        ApiClient.Result unknown = erin.post("/organizations/no-such-org/join-requests", "");
        assertCode(404, "not_found", refused);
        assertCode(404, "not_found", unknown);
        assertEquals(unknown.body().replace("no-such-org", "globex"), refused.body(), "the same answer as no organization");
        String unverified = SampleUsers.create(saas(), "kim@globex.test", "kim-pass-1");
        var kim = saas().users().get(unverified).toRepresentation();
        kim.setEmailVerified(false);
        saas().users().get(unverified).update(kim);
        ApiClient kimApi = selfService("saas-b2b", "kim@globex.test", "kim-pass-1");
        assertTrue(kimApi.get("/me/suggestions").json().isEmpty());
        assertCode(404, "not_found", kimApi.post("/organizations/globex/join-requests", ""));

        // Members without org:members:manage, other organizations' admins, other realms, anonymous callers.
        ApiClient dave = selfService("saas-b2b", "dave@globex.test", "dave");
        assertCode(403, null, dave.get("/organizations/globex/join-requests"));
        assertCode(403, null, dave.post("/organizations/globex/join-requests/" + id + "/approve", ""));
        String oscar = SampleUsers.createMember(saas(), "acme", "oscar@example.test", "oscar");
        adminApi("saas-b2b").put("/organizations/acme/members/" + oscar + "/roles", "{\"roles\": [\"admin\"]}");
        ApiClient oscarApi = selfService("saas-b2b", "oscar@example.test", "oscar");
        assertCode(404, "not_found", oscarApi.get("/organizations/globex/join-requests"));
        assertCode(404, "not_found", oscarApi.post("/organizations/globex/join-requests/" + id + "/approve", ""));
        assertCode(404, "not_found", oscarApi.post("/organizations/acme/join-requests/" + id + "/approve", ""),
                "a request of another organization is not found through one's own");
        String otherRealm = otherRealmToken();
        ApiClient sam = new ApiClient(urls.getBase() + "/realms/saas-b2b/tenancy", () -> otherRealm);
        assertEquals(401, sam.get("/organizations/globex/join-requests").status());
        assertEquals(401, sam.get("/me/suggestions").status());
        ApiClient anonymous = new ApiClient(urls.getBase() + "/realms/saas-b2b/tenancy", null);
        assertEquals(401, anonymous.get("/me/suggestions").status());
        assertEquals(401, anonymous.post("/organizations/globex/join-requests", "").status());
        assertEquals(401, anonymous.post("/organizations/globex/join-requests/" + id + "/approve", "").status());
        assertEquals("pending", carol.get("/organizations/globex/join-requests").json().get(0).get("status").asText(),
                "nothing decided it");

        // An organization that stops taking requests is suggested to nobody; the admin door sees the request.
        carol.patch("/organizations/globex/sign-in", "{\"joinRequests\": false}");
        assertTrue(jack.get("/me/suggestions").json().isEmpty());
        assertCode(404, "not_found", jack.post("/organizations/globex/join-requests", ""));
        assertEquals(1, adminApi("saas-b2b").get("/organizations/globex/join-requests").json().size());
    }

    // ---- portal -------------------------------------------------------------------------------------------------

    @Test
    void aUserWithoutOrganizationCreatesAndDeletesOneInThePortal() {
        allowCreation(saas());
        try (PortalBrowser browser = new PortalBrowser(urls.getBase(), "saas-b2b")) {
            browser.signIn("", "erin@example.test", "erin");
            browser.waitFor(By.id("no-organizations"));
            browser.type(By.id("create-name"), "Erin Portal");
            browser.click(By.id("create-organization"));
            browser.waitFor(By.id("page-profile"));
            assertTrue(browser.waitFor(By.cssSelector("#alerts [role=status]")).getText().contains("Erin Portal"));
            assertNotNull(AdminLookups.organization(saas(), "erin-portal"));

            browser.go("#/~");
            WebElement row = browser.waitFor(By.cssSelector("#my-organizations tr[data-alias='erin-portal']"));
            assertTrue(row.getText().contains("owner"), row.getText());
            browser.screenshot("portal-my-organizations");
            row.findElement(By.cssSelector("button[data-action='delete']")).click();
            Alert prompt = new WebDriverWait(browser.driver(), Duration.ofSeconds(10))
                    .until(ExpectedConditions.alertIsPresent());
            prompt.sendKeys("erin-portal");
            prompt.accept();
            browser.waitFor(By.id("no-organizations"));
            assertTrue(saas().organizations().getAll().stream().noneMatch(o -> o.getAlias().equals("erin-portal")));
        }
    }

    /**
     * The realm's login leads a user without any organization to create one, through the API's rules: a required page
     * has no skip and shows the rule's sentence for a look-alike name and a bad alias; the organization created is the
     * user's, with the creator as owner and the audit record naming them. A user who has an organization is not asked,
     * and where the realm only offers the page, it can be skipped.
     */
    @Test
    void aUserWithoutOrganizationIsLedToCreateOneAtSignIn() {
        allowCreation(saas());
        setRealmAttribute(saas(), Tenancy.LOGIN_CREATE_ORGANIZATION, "require");
        try (PortalBrowser browser = new PortalBrowser(urls.getBase(), "saas-b2b")) {
            passwordPage(browser, "erin@example.test", "erin");
            browser.waitFor(By.id("tenancy-create-organization"));
            assertFalse(browser.present(By.id("tenancy-create-organization-skip")), "required: nothing to skip");
            browser.type(By.id("tenancy_organization_name"), "Glоbex");
            browser.click(By.id("tenancy-create-organization-submit"));
            browser.waitForText(By.className("kc-feedback-text"), "reads the same");
            browser.type(By.id("tenancy_organization_name"), "Erin at Login");
            browser.type(By.id("tenancy_organization_alias"), "Not An Alias");
            browser.click(By.id("tenancy-create-organization-submit"));
            browser.waitForText(By.className("kc-feedback-text"), "is not valid: use 1 to 64 lower-case letters");
            assertEquals("Erin at Login", browser.waitFor(By.id("tenancy_organization_name")).getAttribute("value"),
                    "what the user typed stays");
            browser.screenshot("login-create-organization");
            browser.type(By.id("tenancy_organization_alias"), "");
            browser.click(By.id("tenancy-create-organization-submit"));
            browser.waitFor(By.id("user-name"));
        }
        assertEquals(1, saas().organizations().getAll().stream().filter(o -> o.getName().equals("Erin at Login")).count(),
                "one organization, however often the page was sent: " + names(saas()));
        ApiClient erin = selfService("saas-b2b", "erin@example.test", "erin");
        JsonNode created = find(erin.get("/me/organizations").json(), "erin-at-login");
        assertNotNull(created, names(saas()));
        assertTrue(created.toString().contains("\"owner\""), created.toString());
        JsonNode audit = erin.get("/organizations/erin-at-login/audit?action=organization.created").json();
        assertEquals(SampleUsers.id(saas(), "erin@example.test"), audit.get(0).get("actor").get("userId").asText(),
                audit.toString());

        // carol has globex: she goes straight through; a realm that only offers the page lets a new user skip it
        try (PortalBrowser browser = new PortalBrowser(urls.getBase(), "saas-b2b")) {
            browser.signIn("", "carol@globex.test", "carol");
            browser.waitFor(By.id("user-name"));
        }
        setRealmAttribute(saas(), Tenancy.LOGIN_CREATE_ORGANIZATION, "offer");
        SampleUsers.create(saas(), "olga@example.test", "olga-pass-1");
        try (PortalBrowser browser = new PortalBrowser(urls.getBase(), "saas-b2b")) {
            passwordPage(browser, "olga@example.test", "olga-pass-1");
            browser.click(By.id("tenancy-create-organization-skip"));
            browser.waitFor(By.id("no-organizations"));
        }
        assertEquals(3, saas().organizations().getAll().size(), names(saas()));
    }

    /** Opens the portal and signs in with the password, stopping at whatever page follows the password. */
    private static void passwordPage(PortalBrowser browser, String username, String password) {
        browser.go("");
        browser.waitFor(By.id("username")).sendKeys(username);
        browser.click(By.id("kc-login"));
        browser.waitFor(By.id("password")).sendKeys(password);
        browser.click(By.id("kc-login"));
    }

    @Test
    void aRequesterAsksAndAnOwnerApprovesInThePortal() {
        ApiClient carol = selfService("saas-b2b", "carol@globex.test", "carol");
        carol.patch("/organizations/globex/sign-in", "{\"joinByEmailDomain\": false, \"joinRequests\": true}");
        SampleUsers.create(saas(), "nina@globex.test", "nina-pass-1");
        try (PortalBrowser browser = new PortalBrowser(urls.getBase(), "saas-b2b")) {
            browser.signIn("", "nina@globex.test", "nina-pass-1");
            browser.waitFor(By.cssSelector("#suggestions li[data-alias='globex'] button[data-action='ask']")).click();
            browser.waitFor(By.cssSelector("#join-requests li[data-status='pending']"));
        }
        try (PortalBrowser browser = new PortalBrowser(urls.getBase(), "saas-b2b")) {
            browser.signIn("#/globex/join-requests", "carol@globex.test", "carol");
            WebElement request = browser.waitFor(By.cssSelector("#join-requests-table tr[data-email='nina@globex.test']"));
            browser.screenshot("portal-join-requests");
            request.findElement(By.cssSelector("button[data-action='approve']")).click();
            browser.waitFor(By.cssSelector("#alerts [role=status]"));
        }
        assertTrue(selfService("saas-b2b", "nina@globex.test", "nina-pass-1").get("/me/organizations").json().toString()
                .contains("globex"));
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private static void assertCode(int status, String code, ApiClient.Result result) {
        assertCode(status, code, result, "");
    }

    private static void assertCode(int status, String code, ApiClient.Result result, String why) {
        assertError(status, result, why);
        if (code != null) {
            assertEquals(code, result.json().get("error").asText(), result.toString());
        }
    }

    /** A token of a user of another realm (a platform realm, imported for the test). */
    private String otherRealmToken() {
        importRealms("tenant-university-a");
        return ApiClient.passwordGrant(urls.getBase(), "tenant-university-a", "sam@example.test", "sam-a");
    }

    private static JsonNode find(JsonNode organizations, String alias) {
        for (JsonNode organization : organizations) {
            if (organization.get("alias").asText().equals(alias)) {
                return organization;
            }
        }
        return null;
    }

    private static String names(RealmResource realm) {
        return realm.organizations().getAll().stream().map(OrganizationRepresentation::getAlias).sorted().toList()
                .toString();
    }

    private static void allowCreation(RealmResource realm) {
        setRealmAttribute(realm, Tenancy.SELF_SERVICE_CREATE_ORGANIZATIONS, "true");
    }

    private static void setRealmAttribute(RealmResource realm, String key, String value) {
        RealmRepresentation representation = realm.toRepresentation();
        Map<String, String> attributes = new HashMap<>(representation.getAttributes());
        attributes.put(key, value);
        representation.setAttributes(attributes);
        realm.update(representation);
    }

    /**
     * Globex invites someone at an outside address, who registers through the link: Keycloak counts them as a managed
     * member of globex, an account globex does not vouch for. Answers their id.
     */
    private String invitedOutsider() {
        Mails.useTestMailServer(saas());
        ApiClient carol = selfService("saas-b2b", "carol@globex.test", "carol");
        assertEquals(201, carol.post("/organizations/globex/invitations", ApiClient.json(Map.of("email", OUTSIDER)))
                .status());
        LoginBrowser browser = new LoginBrowser("http://localhost:3000/never");
        browser.open(Mails.realmLink(mail.getLastReceivedMessage()));
        browser.submit(Map.of("firstName", "Out", "lastName", "Sider", "password", OUTSIDER_PASSWORD,
                "password-confirm", OUTSIDER_PASSWORD));
        String outsider = SampleUsers.id(saas(), OUTSIDER);
        assertEquals(MembershipType.MANAGED, AdminLookups.organizationResource(saas(), "globex").members()
                .member(outsider).toRepresentation().getMembershipType());
        return outsider;
    }

    private ApiClient.Result deleteOrganization(ApiClient api, String org, String confirm) {
        return api.deleteWithBody("/organizations/" + org, "{\"confirm\": \"" + confirm + "\"}");
    }

    private HttpRequest createRequest(String realm, String token, String body) {
        return HttpRequest.newBuilder(URI.create(urls.getBase() + "/realms/" + realm + "/tenancy/organizations"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private interface RequestOf {
        HttpRequest request(int i);
    }

    /** Sends the requests all at once, each from its own thread, and answers their statuses. */
    private static List<Integer> race(int count, RequestOf requests) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                HttpRequest request = requests.request(i);
                calls.add(() -> HTTP.send(request, HttpResponse.BodyHandlers.ofString()).statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : pool.invokeAll(calls)) {
                statuses.add(answer.get());
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }
}
