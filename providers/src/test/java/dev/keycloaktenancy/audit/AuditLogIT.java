package dev.keycloaktenancy.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keycloaktenancy.testing.AdminLookups;
import dev.keycloaktenancy.testing.ApiClient;
import dev.keycloaktenancy.testing.ApiClient.Result;
import dev.keycloaktenancy.testing.SampleUsers;
import dev.keycloaktenancy.testing.TenancyServerConfig;
import dev.keycloaktenancy.testing.TenancyServerTest;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.keycloaktenancy.testing.ApiAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit log: every change through either door is one record written with the change (a refused change leaves
 * none), Keycloak's own membership changes are recorded too, and an organization's log is read by those who hold
 * {@code org:audit:read} there (or administer it) and by nobody else.
 */
@KeycloakIntegrationTest(config = TenancyServerConfig.class)
class AuditLogIT extends TenancyServerTest {

    private static final String PASSWORD = "Audit-pass-1";

    private String carol;
    private String dave;
    private ApiClient owner;

    @BeforeEach
    void importSampleRealm() {
        importRealms("saas-b2b");
        carol = SampleUsers.id(saas(), "carol@globex.test");
        dave = SampleUsers.id(saas(), "dave@globex.test");
        owner = selfService("saas-b2b", "carol@globex.test", "carol");
    }

    @Test
    void changesThroughBothDoorsAreRecordedOnceWithTheirActorNewestFirst() {
        assertEquals(200, owner.patch("/organizations/globex", "{\"description\": \"audited\"}").status());
        assertEquals(201, owner.post("/organizations/globex/roles", "{\"name\": \"auditor\"}").status());
        assertEquals(200, adminApi("saas-b2b").patch("/organizations/globex/sign-in", "{\"joinByEmailDomain\": true}")
                .status());

        JsonNode page = ok(owner.get("/organizations/globex/audit?action=organization.updated"));
        assertEquals(1, page.size(), page::toString);
        JsonNode updated = page.get(0);
        assertEquals(carol, updated.path("actor").path("userId").asText());
        assertEquals("user", updated.path("actor").path("type").asText());
        assertEquals("demo-cli", updated.path("actor").path("clientId").asText());
        assertEquals("success", updated.path("outcome").asText());
        assertEquals("audited", updated.path("detail").path("description").asText());
        assertEquals(AdminLookups.organization(saas(), "globex").getId(), updated.path("organizationId").asText());

        JsonNode recent = ok(owner.get("/organizations/globex/audit?max=3"));
        assertEquals(List.of("sign_in.updated", "role.created", "organization.updated"), actions(recent));
        assertEquals("auditor", recent.get(1).path("target").asText());
        String administrator = recent.get(0).path("actor").path("userId").asText();
        assertTrue(!administrator.isEmpty() && !administrator.equals(carol), "the realm administrator acted: " + recent);

        assertEquals(recent, ok(adminApi("saas-b2b").get("/organizations/globex/audit?max=3")),
                "both doors read the same log");
        assertEquals(List.of("role.created", "organization.updated"),
                actions(ok(owner.get("/organizations/globex/audit?actor=" + carol))));
        assertEquals(List.of("role.created"), actions(ok(owner.get("/organizations/globex/audit?action=role."))));
        assertEquals(List.of("role.created"), actions(ok(owner.get("/organizations/globex/audit?first=1&max=1"))));
        long sinceCreated = recent.get(1).path("timestamp").asLong();
        assertEquals(List.of("sign_in.updated", "role.created"),
                actions(ok(owner.get("/organizations/globex/audit?from=" + sinceCreated))));
        assertEquals(0, ok(owner.get("/organizations/globex/audit?from=2999-01-01T00:00:00Z")).size());
        assertError(400, owner.get("/organizations/globex/audit?from=yesterday"));
        assertError(400, owner.get("/organizations/globex/audit?max=201"));
    }

    @Test
    void aRefusedChangeLeavesNoRecord() {
        int before = ok(owner.get("/organizations/globex/audit?max=200")).size();
        ApiClient member = selfService("saas-b2b", "dave@globex.test", "dave");
        assertError(403, member.patch("/organizations/globex", "{\"description\": \"not mine\"}"));
        // The last-owner guard refuses on both doors; the request rolls back and records nothing.
        assertError(409, owner.put("/organizations/globex/members/" + carol + "/roles",
                ApiClient.json(Map.of("roles", List.of("member")))));
        assertError(409, adminApi("saas-b2b").delete("/organizations/globex/members/" + carol));
        assertEquals(before, ok(owner.get("/organizations/globex/audit?max=200")).size());
        assertEquals(List.of("owner"), roleNames(owner.get("/organizations/globex/members/" + carol)));
    }

    @Test
    void keycloaksOwnMembershipChangesAreRecordedAndTheDoorsOnesOnce() {
        String erin = SampleUsers.id(saas(), "erin@example.test");
        try (Response added = AdminLookups.organizationResource(saas(), "globex").members().addMember(erin)) {
            assertEquals(201, added.getStatus());
        }
        try (Response removed = AdminLookups.organizationResource(saas(), "globex").members().member(erin).delete()) {
            assertEquals(204, removed.getStatus());
        }
        JsonNode native_ = ok(owner.get("/organizations/globex/audit?max=2"));
        assertEquals(List.of("member.removed", "member.added"), actions(native_));
        for (JsonNode record : native_) {
            assertEquals(erin, record.path("target").asText());
            assertEquals("user", record.path("actor").path("type").asText(), "the administrator's token: " + record);
        }

        assertEquals(204, owner.delete("/organizations/globex/members/" + dave).status());
        JsonNode removals = ok(owner.get("/organizations/globex/audit?action=member.removed"));
        assertEquals(List.of(dave, erin), targets(removals), "one record per removal: " + removals);
        assertEquals(carol, removals.get(0).path("actor").path("userId").asText());
    }

    /**
     * The owner reads the log on both doors; a plain member, another organization's admin, a token of another realm
     * and nobody at all are refused; the other organization's admin sees only their own organization's records.
     */
    @Test
    void onlyThoseWhoMayReadAnOrganizationsLogReadIt() {
        String acmeAdmin = SampleUsers.createMember(saas(), "acme", "acme-admin@example.test", PASSWORD);
        assertEquals(200, adminApi("saas-b2b").put("/organizations/acme/members/" + acmeAdmin + "/roles",
                ApiClient.json(Map.of("roles", List.of("admin")))).status());
        assertEquals(200, owner.patch("/organizations/globex", "{\"description\": \"globex only\"}").status());
        String globex = AdminLookups.organization(saas(), "globex").getId();
        String acme = AdminLookups.organization(saas(), "acme").getId();

        assertEquals(200, owner.get("/organizations/globex/audit").status());
        assertEquals(200, adminApi("saas-b2b").get("/organizations/globex/audit").status());

        assertError(403, selfService("saas-b2b", "dave@globex.test", "dave").get("/organizations/globex/audit"));
        ApiClient otherAdmin = selfService("saas-b2b", "acme-admin@example.test", PASSWORD);
        assertError(404, otherAdmin.get("/organizations/globex/audit"));
        assertError(404, otherAdmin.get("/organizations/" + globex + "/audit"));
        JsonNode acmeLog = ok(otherAdmin.get("/organizations/acme/audit?max=200"));
        assertTrue(acmeLog.size() > 0, "acme's own records: " + acmeLog);
        for (JsonNode record : acmeLog) {
            assertEquals(acme, record.path("organizationId").asText(), "only acme's records: " + record);
        }

        String masterToken = admin.tokenManager().getAccessTokenString();
        assertEquals(401, new ApiClient(urls.getBase() + "/realms/saas-b2b/tenancy", () -> masterToken)
                .get("/organizations/globex/audit").status(), "a token of another realm");
        assertEquals(401, new ApiClient(urls.getBase() + "/realms/saas-b2b/tenancy", null)
                .get("/organizations/globex/audit").status(), "no token");
        assertEquals(401, new ApiClient(urls.getBase() + "/admin/realms/saas-b2b/tenancy", null)
                .get("/organizations/globex/audit").status(), "no admin token");

        String daveAdminToken = ApiClient.passwordGrant(urls.getBase(), "saas-b2b", "dave@globex.test", "dave");
        ApiClient daveAtAdminApi = new ApiClient(urls.getBase() + "/admin/realms/saas-b2b/tenancy", () -> daveAdminToken);
        assertEquals(403, daveAtAdminApi.get("/organizations/globex/audit").status());
        assertEquals(403, daveAtAdminApi.get("/audit").status());
    }

    @Test
    void theRealmAdministratorReadsEveryOrganizationsLog() {
        assertEquals(200, owner.patch("/organizations/globex", "{\"description\": \"g\"}").status());
        ApiClient acmeAdmin = selfService("saas-b2b", "carol@globex.test", "carol");
        assertEquals(200, acmeAdmin.patch("/organizations/acme", "{\"description\": \"a\"}").status());
        String globex = AdminLookups.organization(saas(), "globex").getId();
        String acme = AdminLookups.organization(saas(), "acme").getId();

        JsonNode both = ok(adminApi("saas-b2b").get("/audit?action=organization.updated"));
        List<String> organizations = new ArrayList<>();
        both.forEach(record -> organizations.add(record.path("organizationId").asText()));
        assertEquals(List.of(acme, globex), organizations);
        assertEquals(List.of(globex), organizationsOf(ok(adminApi("saas-b2b")
                .get("/audit?action=organization.updated&organization=globex"))));
        assertEquals(0, ok(adminApi("saas-b2b").get("/audit?organization=no-such-organization")).size());
        assertEquals(0, ok(adminApi("master").get("/audit?organization=" + globex)).size(),
                "another realm's log never shows this realm's records, even asked for its organization's id");
        assertError(400, adminApi("saas-b2b").get("/audit?first=-1"));
    }

    private static JsonNode ok(Result result) {
        assertEquals(200, result.status(), result::toString);
        return result.json();
    }

    private static List<String> actions(JsonNode records) {
        List<String> actions = new ArrayList<>();
        records.forEach(record -> actions.add(record.path("action").asText()));
        return actions;
    }

    private static List<String> targets(JsonNode records) {
        List<String> targets = new ArrayList<>();
        records.forEach(record -> targets.add(record.path("target").asText()));
        return targets;
    }

    private static List<String> organizationsOf(JsonNode records) {
        List<String> organizations = new ArrayList<>();
        records.forEach(record -> organizations.add(record.path("organizationId").asText()));
        return organizations;
    }

    private static List<String> roleNames(Result member) {
        List<String> names = new ArrayList<>();
        ok(member).path("roles").forEach(role -> names.add(role.isTextual() ? role.asText() : role.path("name").asText()));
        return names;
    }
}
