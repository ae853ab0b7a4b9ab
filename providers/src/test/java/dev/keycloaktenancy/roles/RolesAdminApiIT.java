package dev.keycloaktenancy.roles;

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
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.AdminEventRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static dev.keycloaktenancy.testing.ApiAssertions.assertError;
import static dev.keycloaktenancy.testing.ApiAssertions.names;
import static dev.keycloaktenancy.testing.ApiAssertions.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The roles admin API under /admin/realms/{realm}/tenancy, against the sample realm saas-b2b (tenancy enabled and
 * seeded by its realm JSON): each operation's success, its refusals, and its admin events.
 */
@KeycloakIntegrationTest(config = TenancyServerConfig.class)
class RolesAdminApiIT extends TenancyServerTest {

    private ApiClient api;

    @BeforeEach
    void importRealms() {
        importRealms("saas-b2b", "tenant-university-a");
        api = new ApiClient(urls.getBase() + "/admin/realms/saas-b2b/tenancy",
                () -> admin.tokenManager().getAccessTokenString());
    }

    @Test
    void importedRealmIsEnabledAndSeeded() {
        Result status = api.get("/status");
        assertEquals(200, status.status(), status::toString);
        assertTrue(status.json().get("enabled").asBoolean());
        assertEquals(List.of("admin", "member", "owner"), names(status.json().get("templateRoles")));

        assertEquals(List.of("admin", "billing"), rolesOf("acme", "carol@globex.test"));
        assertEquals(List.of("owner"), rolesOf("globex", "carol@globex.test"));
        assertEquals(List.of("member"), rolesOf("globex", "dave@globex.test"));
        assertNull(saas().toRepresentation().getAttributes().get("tenancy.import"), "the seed attribute is consumed");

        long mappers = saas().clientScopes().findAll().stream().filter(s -> s.getName().equals("organization"))
                .flatMap(s -> s.getProtocolMappers().stream())
                .filter(m -> m.getProtocolMapper().equals("tenancy-organization-roles")).count();
        assertEquals(1, mappers, "one Organization roles mapper in the organization scope");
    }

    @Test
    void enablingIsIdempotent() {
        Result again = api.post("/enable", "");
        assertEquals(200, again.status(), again::toString);
        assertTrue(again.json().get("alreadyEnabled").asBoolean());
        assertTrue(again.json().get("createdTemplateRoles").isEmpty());
        assertFalse(again.json().get("mapperAdded").asBoolean());

        RealmRepresentation fresh = new RealmRepresentation();
        fresh.setRealm("tenancy-fresh");
        fresh.setEnabled(true);
        fresh.setOrganizationsEnabled(true);
        admin.realms().create(fresh);
        try {
            ApiClient freshApi = new ApiClient(urls.getBase() + "/admin/realms/tenancy-fresh/tenancy",
                    () -> admin.tokenManager().getAccessTokenString());
            assertEquals(409, freshApi.post("/roles", ApiClient.json(Map.of("name", "x"))).status(),
                    "roles cannot be created before tenancy is enabled");
            Result first = freshApi.post("/enable", "");
            assertEquals(200, first.status(), first::toString);
            assertEquals(List.of("owner", "admin", "member"), texts(first.json().get("createdTemplateRoles")));
            assertTrue(first.json().get("mapperAdded").asBoolean());
            Result second = freshApi.post("/enable", "");
            assertTrue(second.json().get("createdTemplateRoles").isEmpty());
            assertFalse(second.json().get("mapperAdded").asBoolean());
        } finally {
            admin.realm("tenancy-fresh").remove();
        }
    }

    @Test
    void enablingNeedsOrganizations() {
        Result refused = new ApiClient(urls.getBase() + "/admin/realms/tenant-university-a/tenancy",
                () -> admin.tokenManager().getAccessTokenString()).post("/enable", "");
        assertError(409, refused);
        assertTrue(refused.json().get("error_description").asText().contains("Organizations are not enabled"));
    }

    @Test
    void roleTemplateCrud() {
        Result created = api.post("/roles", ApiClient.json(Map.of("name", "auditor", "description", "Reads invoices",
                "permissions", List.of("invoices:read", "org:members:read"))));
        assertEquals(201, created.status(), created::toString);
        assertEquals(List.of("invoices:read", "org:members:read"), texts(created.json().get("permissions")));
        assertTrue(created.json().get("template").asBoolean());

        assertEquals("Reads invoices", api.get("/roles/auditor").json().get("description").asText());
        Result updated = api.put("/roles/auditor", ApiClient.json(Map.of("description", "Audits",
                "permissions", List.of("invoices:read"), "default", true)));
        assertEquals(200, updated.status(), updated::toString);
        assertTrue(updated.json().get("default").asBoolean());
        assertEquals(List.of("invoices:read"), texts(updated.json().get("permissions")));

        assertEquals(204, api.delete("/roles/auditor").status());
        assertError(404, api.get("/roles/auditor"));
    }

    @Test
    void roleTemplateRefusesBadInput() {
        assertError(409, api.post("/roles", ApiClient.json(Map.of("name", "admin"))));
        assertError(409, api.post("/roles", ApiClient.json(Map.of("name", "billing"))), "an organization role name");
        assertError(400, api.post("/roles", ApiClient.json(Map.of("name", "no spaces allowed"))));
        assertError(400, api.post("/roles", ApiClient.json(Map.of("name", "x".repeat(65)))));
        assertError(400, api.post("/roles", "{\"name\": \"broken\""));
        assertError(400, api.post("/roles", "[]"));
        assertError(400, api.post("/roles", "null"));
        assertError(400, api.post("/roles", ""));
        assertError(400, api.post("/roles", ApiClient.json(Map.of("name", "x", "colour", "red"))));
        assertError(400, api.post("/roles", ApiClient.json(Map.of("name", "x", "permissions", "not-a-list"))));
        assertError(400, api.post("/roles", ApiClient.json(Map.of("name", "x", "permissions", List.of("org:everything")))));
        assertError(400, api.post("/roles", ApiClient.json(Map.of("name", "x", "permissions", List.of("has space")))));
        assertError(400, api.post("/roles", ApiClient.json(Map.of("name", "x",
                "permissions", IntStream.range(0, 51).mapToObj(i -> "p" + i).toList()))));
        assertError(400, api.post("/roles", ApiClient.json(Map.of("name", "x", "description", "d".repeat(256)))));
        assertError(400, api.post("/roles", "{\"name\": \"" + "x".repeat(70_000) + "\"}"));
        assertError(400, api.put("/roles/member", ApiClient.json(Map.of("name", "renamed"))));
        assertError(404, api.put("/roles/nope", ApiClient.json(Map.of("description", "d"))));

        assertError(409, api.delete("/roles/owner"));
        assertError(400, api.put("/roles/owner", ApiClient.json(Map.of("permissions", List.of("org:members:read")))));
        assertError(400, api.put("/roles/owner", ApiClient.json(Map.of("permissions", List.of(
                "org:profile:manage", "org:members:read", "org:members:manage", "org:invitations:manage",
                "org:roles:manage", "org:domains:manage", "org:sso:manage"), "default", true))));
        assertEquals(List.of("admin", "member", "owner"), names(api.get("/roles").json()), "nothing changed");
    }

    /** An organization admin cannot grow the shared tables without bound (security review L4). */
    @Test
    void anOrganizationDefinesAtMostAHundredRolesOfItsOwn() {
        int own = api.get("/organizations/acme/roles").json().findValues("template").stream()
                .filter(template -> !template.asBoolean()).toList().size();
        for (int i = own; i < RoleDefinitions.MAX_ORGANIZATION_ROLES; i++) {
            Result created = api.post("/organizations/acme/roles", ApiClient.json(Map.of("name", "role-" + i)));
            assertEquals(201, created.status(), created::toString);
        }
        Result refused = api.post("/organizations/acme/roles", ApiClient.json(Map.of("name", "one-too-many")));
        assertError(409, refused);
        assertEquals("limit_reached", refused.json().get("error").asText(), refused::toString);
        assertEquals(201, api.post("/organizations/globex/roles", ApiClient.json(Map.of("name", "one-too-many")))
                .status(), "the cap is per organization");
    }

    @Test
    void organizationRolesCrud() {
        Result created = api.post("/organizations/acme/roles", ApiClient.json(Map.of("name", "support",
                "permissions", List.of("tickets:write"))));
        assertEquals(201, created.status(), created::toString);
        assertFalse(created.json().get("template").asBoolean());

        String acmeId = AdminLookups.organization(saas(), "acme").getId();
        assertEquals(List.of("admin", "billing", "member", "owner", "support"),
                names(api.get("/organizations/" + acmeId + "/roles").json()), "by id: template and own roles");
        assertEquals(List.of("admin", "member", "owner"), names(api.get("/organizations/globex/roles").json()),
                "acme's roles are not globex's");
        assertEquals(201, api.post("/organizations/globex/roles", ApiClient.json(Map.of("name", "support"))).status(),
                "role names are per organization");

        assertError(409, api.post("/organizations/acme/roles", ApiClient.json(Map.of("name", "support"))));
        assertError(409, api.post("/organizations/acme/roles", ApiClient.json(Map.of("name", "member"))),
                "template role names are taken in every organization");
        assertError(409, api.put("/organizations/acme/roles/admin", ApiClient.json(Map.of("description", "x"))),
                "template roles are read-only inside an organization");
        assertError(409, api.patch("/organizations/acme/roles/admin", ApiClient.json(Map.of("description", "x"))));
        assertError(409, api.delete("/organizations/acme/roles/owner"));
        assertError(404, api.get("/organizations/nope/roles"));
        assertError(404, api.get("/organizations/acme/roles/nope"));

        Result partial = api.put("/organizations/acme/roles/support", ApiClient.json(Map.of(
                "permissions", List.of("tickets:read", "tickets:write"))));
        assertError(400, partial, "a PUT carries the whole role");
        assertEquals("missing_field", partial.json().get("error").asText());
        Result updated = api.patch("/organizations/acme/roles/support", ApiClient.json(Map.of(
                "permissions", List.of("tickets:read", "tickets:write"))));
        assertEquals(List.of("tickets:read", "tickets:write"), texts(updated.json().get("permissions")));
        Result replaced = api.put("/organizations/acme/roles/support", "{\"description\": null, \"permissions\":"
                + " [\"tickets:read\"], \"default\": true}");
        assertEquals(List.of("tickets:read"), texts(replaced.json().get("permissions")), replaced::toString);
        assertTrue(replaced.json().get("default").asBoolean());
        assertEquals(204, api.delete("/organizations/acme/roles/support").status());
        assertError(404, api.get("/organizations/acme/roles/support"));
    }

    @Test
    void memberRoles() {
        String carol = userId("carol@globex.test");
        String path = "/organizations/acme/members/" + carol + "/roles";

        assertEquals(List.of("member"), texts(api.put(path, roles("member")).json().get("roles")));
        Result added = api.post(path, roles("billing"));
        assertEquals(List.of("billing", "member"), texts(added.json().get("roles")));
        assertEquals(List.of("invoices:read", "invoices:write", "org:members:read"),
                texts(added.json().get("permissions")));
        assertEquals(List.of("billing"), texts(api.delete(path + "/member").json().get("roles")));

        assertError(400, api.put(path, roles("billing", "nope")));
        assertError(400, api.put(path, "{\"roles\": \"admin\"}"));
        assertError(400, api.put(path, "{\"roles\": null}"));
        assertEquals(List.of("billing"), rolesOf("acme", "carol@globex.test"), "a refused change changes nothing");

        assertError(404, api.get("/organizations/acme/members/" + userId("erin@example.test") + "/roles"),
                "erin is not a member of acme");
        assertError(404, api.get("/organizations/acme/members/no-such-user/roles"));

        Result members = api.get("/organizations/acme/members?search=carol");
        assertEquals(200, members.status(), members::toString);
        assertEquals(1, members.json().size());
        assertError(400, api.get("/organizations/acme/members?max=1000"));
        assertError(400, api.get("/organizations/acme/members?first=-1"));
    }

    @Test
    void lastOwnerStays() {
        String carol = userId("carol@globex.test");
        String dave = userId("dave@globex.test");
        String carolRoles = "/organizations/globex/members/" + carol + "/roles";

        Result refused = api.delete(carolRoles + "/owner");
        assertError(409, refused);
        assertTrue(refused.json().get("error_description").asText().contains("last owner"));
        assertError(409, api.put(carolRoles, roles("member")));
        assertEquals(List.of("owner"), rolesOf("globex", "carol@globex.test"));

        assertEquals(200, api.post("/organizations/globex/members/" + dave + "/roles", roles("owner")).status());
        assertEquals(List.of("member"), texts(api.put(carolRoles, roles("member")).json().get("roles")));
    }

    @Test
    void defaultRolesOnJoinAndNoneAfterLeaving() {
        String erin = userId("erin@example.test");
        var acme = AdminLookups.organizationResource(saas(), "acme");
        try (Response added = acme.members().addMember(erin)) {
            assertEquals(201, added.getStatus());
        }
        assertEquals(List.of("member"), rolesOf("acme", "erin@example.test"), "the default role is granted on join");

        try (Response removed = acme.members().member(erin).delete()) {
            assertEquals(204, removed.getStatus());
        }
        try (Response added = acme.members().addMember(erin)) {
            assertEquals(201, added.getStatus());
        }
        assertEquals(List.of("member"), rolesOf("acme", "erin@example.test"), "rejoining starts from the defaults");
    }

    @Test
    void callersWithoutAdminRightsAreRefused() {
        ApiClient anonymous = new ApiClient(urls.getBase() + "/admin/realms/saas-b2b/tenancy", null);
        assertEquals(401, anonymous.get("/roles").status());
        assertEquals(401, anonymous.post("/roles", ApiClient.json(Map.of("name", "x"))).status());

        String daveToken = ApiClient.passwordGrant(urls.getBase(), "saas-b2b", "dave@globex.test", "dave");
        ApiClient plainUser = new ApiClient(urls.getBase() + "/admin/realms/saas-b2b/tenancy", () -> daveToken);
        assertEquals(403, plainUser.get("/roles").status());
        assertEquals(403, plainUser.post("/roles", ApiClient.json(Map.of("name", "x"))).status());
        assertEquals(403, plainUser.get("/organizations/globex/members").status());
        assertEquals(403, plainUser.put("/organizations/globex/members/" + userId("dave@globex.test") + "/roles",
                roles("owner")).status());
        assertEquals(403, plainUser.post("/enable", "").status());
        assertEquals(403, plainUser.get("/export").status());
        assertEquals(403, plainUser.get("/organizations/no-such-organization/roles").status(),
                "a caller without rights cannot probe which organizations exist");
        assertEquals(404, api.get("/organizations/no-such-organization/roles").status());

        String otherRealmAdmin = realmAdminOf("tenant-university-a");
        ApiClient foreignAdmin = new ApiClient(urls.getBase() + "/admin/realms/saas-b2b/tenancy", () -> otherRealmAdmin);
        int status = foreignAdmin.get("/roles").status();
        assertTrue(status == 401 || status == 403, "an admin of another realm is refused, got " + status);
        int write = foreignAdmin.post("/organizations/acme/roles", ApiClient.json(Map.of("name", "x"))).status();
        assertTrue(write == 401 || write == 403, "an admin of another realm is refused, got " + write);
        assertEquals(List.of("admin", "member", "owner"), names(api.get("/roles").json()), "nothing changed");
    }

    @Test
    void changesEmitAdminEvents() {
        api.post("/roles", ApiClient.json(Map.of("name", "auditor")));
        api.put("/organizations/acme/members/" + userId("carol@globex.test") + "/roles", roles("member"));
        List<AdminEventRepresentation> events = saas().getAdminEvents();
        assertTrue(events.stream().anyMatch(e -> "TENANCY_ROLE".equals(e.getResourceType())
                && "CREATE".equals(e.getOperationType()) && e.getResourcePath().endsWith("tenancy/roles")
                && e.getAuthDetails().getUserId() != null), "role creation event: " + events);
        assertTrue(events.stream().anyMatch(e -> "TENANCY_MEMBER_ROLES".equals(e.getResourceType())
                && "UPDATE".equals(e.getOperationType())), "member roles event: " + events);
    }

    @Test
    void exportAndImport() {
        JsonNode exported = api.get("/export").json();
        assertEquals("saas-b2b", exported.get("realm").asText());
        assertEquals(List.of("admin", "member", "owner"), names(exported.get("roleTemplate")));

        Result rejected = api.post("/import", ApiClient.json(Map.of(
                "roleTemplate", List.of(Map.of("name", "viewer")),
                "organizations", List.of(
                        Map.of("alias", "nope"),
                        Map.of("alias", "globex", "members", List.of(
                                Map.of("username", "ghost@globex.test", "roles", List.of("member")),
                                Map.of("username", "dave@globex.test", "roles", List.of("unknown-role"))))))));
        assertError(400, rejected);
        assertEquals(3, rejected.json().get("problems").size(), rejected::toString);
        assertError(404, api.get("/roles/viewer"), "a rejected import changes nothing");

        Result imported = api.post("/import", ApiClient.json(Map.of(
                "roleTemplate", List.of(Map.of("name", "viewer", "permissions", List.of("reports:read"))),
                "organizations", List.of(Map.of("alias", "globex", "members", List.of(
                        Map.of("username", "dave@globex.test", "roles", List.of("member", "viewer"))))))));
        assertEquals(200, imported.status(), imported::toString);
        assertEquals(List.of("member", "viewer"), rolesOf("globex", "dave@globex.test"));

        Result withoutInvitation = api.post("/import", ApiClient.json(Map.of("organizations", List.of(Map.of(
                "alias", "globex", "invitations", List.of(Map.of("email", "gone@globex.test", "roles", List.of("admin"))))))));
        assertEquals(200, withoutInvitation.status(), "a promise whose invitation is not pending here is left out: "
                + withoutInvitation);
        assertEquals(1, withoutInvitation.json().get("skipped").size(), withoutInvitation::toString);

        for (String withNull : List.of("{\"roleTemplate\": [null]}", "{\"organizations\": [null]}",
                "{\"organizations\": [{\"alias\": \"globex\", \"members\": [null]}]}",
                "{\"organizations\": [{\"alias\": \"globex\", \"members\": [{\"username\": \"dave@globex.test\","
                        + " \"roles\": [null]}]}]}")) {
            Result refused = api.post("/import", withNull);
            assertError(400, refused, withNull);
            assertTrue(refused.json().get("error_description").asText().contains("null"), refused::toString);
        }
        assertError(400, api.post("/import", "{not json"));
        assertError(400, api.post("/import", ApiClient.json(Map.of("formatVersion", 99))));
    }

    private static String roles(String... names) {
        return ApiClient.json(Map.of("roles", List.of(names)));
    }

    private List<String> rolesOf(String org, String username) {
        Result result = api.get("/organizations/" + org + "/members/" + userId(username) + "/roles");
        assertEquals(200, result.status(), result::toString);
        return texts(result.json().get("roles"));
    }

    private String userId(String username) {
        return saas().users().search(username, true).get(0).getId();
    }

    private String realmAdminOf(String realmName) {
        RealmResource realm = admin.realm(realmName);
        String id = SampleUsers.create(realm, "realm-admin@example.test", "realm-admin");
        String managementClient = realm.clients().findByClientId("realm-management").get(0).getId();
        realm.users().get(id).roles().clientLevel(managementClient)
                .add(List.of(realm.clients().get(managementClient).roles().get("realm-admin").toRepresentation()));
        return ApiClient.passwordGrant(urls.getBase(), realmName, "realm-admin@example.test", "realm-admin");
    }

}
