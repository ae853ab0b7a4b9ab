package dev.keycloaktenancy.roles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.keycloaktenancy.testing.AdminLookups;
import dev.keycloaktenancy.testing.ApiClient;
import dev.keycloaktenancy.testing.OidcTestClient;
import dev.keycloaktenancy.testing.SampleUsers;
import dev.keycloaktenancy.testing.TenancyServerConfig;
import dev.keycloaktenancy.testing.TenancyServerTest;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.OrganizationDomainRepresentation;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.keycloaktenancy.testing.ApiAssertions.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pack keeps each user's roles in Keycloak's user cache, so tokens read no table. Every kind of change must
 * still show in the very next token: each test warms the cache with a refresh grant, changes something through the
 * path an administrator or a member would use, and refreshes once more.
 */
@KeycloakIntegrationTest(config = TenancyServerConfig.class)
class TokenFreshnessIT extends TenancyServerTest {

    private static final String CLIENT = "demo-cli";

    private final Map<String, String> refreshTokens = new HashMap<>();
    private ApiClient api;

    @BeforeEach
    void importRealm() {
        importRealms("saas-b2b");
        api = adminApi("saas-b2b");
    }

    @Test
    void anAdministratorReplacingRoles() {
        assertEquals(List.of("admin", "billing"), roles("carol@globex.test", "acme"));
        succeeded(api.put("/organizations/acme/members/" + id("carol@globex.test") + "/roles",
                ApiClient.json(Map.of("roles", List.of("member")))));
        assertEquals(List.of("member"), roles("carol@globex.test", "acme"));
    }

    @Test
    void aMemberGrantingARoleThroughTheSelfServiceApi() {
        assertEquals(List.of("member"), roles("dave@globex.test", "globex"));
        ApiClient.Result granted = selfService("saas-b2b", "carol@globex.test", "carol").put("/organizations/globex/members/"
                + id("dave@globex.test") + "/roles", ApiClient.json(Map.of("roles", List.of("admin", "member"))));
        assertEquals(200, granted.status(), granted::toString);
        assertEquals(List.of("admin", "member"), roles("dave@globex.test", "globex"));
    }

    @Test
    void anAdministratorRemovingOneRole() {
        roles("carol@globex.test", "acme");
        succeeded(api.delete("/organizations/acme/members/" + id("carol@globex.test") + "/roles/billing"));
        assertEquals(List.of("admin"), roles("carol@globex.test", "acme"));
    }

    // Carol belongs to two organizations: Keycloak keeps the organization of a one-organization login for the
    // session's later refreshes, so joining and leaving are checked with her.

    @Test
    void leavingAnOrganizationThroughKeycloaksOwnApi() {
        assertTrue(organizations("carol@globex.test").has("acme"));
        AdminLookups.organizationResource(saas(), "acme").members().member(id("carol@globex.test")).delete().close();
        assertFalse(organizations("carol@globex.test").has("acme"));
    }

    @Test
    void joiningThroughKeycloaksOwnApi() {
        assertFalse(organizations("carol@globex.test").has("initech"));
        String initech = createOrganization("initech");
        addMember("initech", "carol@globex.test");
        JsonNode joined = organizations("carol@globex.test").get("initech");
        assertEquals(List.of("member"), texts(joined.get("roles")), "the default role, at once");
        assertEquals(initech, joined.get("id").asText());
    }

    @Test
    void joiningWhereNoRoleIsGivenByDefault() {
        organizations("carol@globex.test");
        succeeded(api.patch("/roles/member",
                ApiClient.json(Map.of("permissions", List.of("org:members:read"), "default", false))));
        String initech = createOrganization("initech");
        addMember("initech", "carol@globex.test");
        JsonNode joined = organizations("carol@globex.test").get("initech");
        assertEquals(List.of(), texts(joined.get("roles")));
        assertEquals(initech, joined.get("id").asText());
    }

    @Test
    void changingTheTemplatesPermissions() {
        assertFalse(permissions("dave@globex.test", "globex").contains("reports:read"));
        succeeded(api.patch("/roles/member",
                ApiClient.json(Map.of("permissions", List.of("org:members:read", "reports:read"), "default", true))));
        assertTrue(permissions("dave@globex.test", "globex").contains("reports:read"));
    }

    @Test
    void changingAnOrganizationRolesPermissions() {
        assertTrue(permissions("carol@globex.test", "acme").contains("invoices:write"));
        succeeded(api.patch("/organizations/acme/roles/billing",
                ApiClient.json(Map.of("permissions", List.of("invoices:read")))));
        assertFalse(permissions("carol@globex.test", "acme").contains("invoices:write"));
    }

    @Test
    void deletingARole() {
        roles("carol@globex.test", "acme");
        succeeded(api.delete("/organizations/acme/roles/billing"));
        assertEquals(List.of("admin"), roles("carol@globex.test", "acme"));
    }

    @Test
    void anOrganizationRecreatedUnderTheSameAliasInheritsNoRole() {
        String before = organizations("carol@globex.test").get("acme").get("id").asText();
        AdminLookups.organizationResource(saas(), "acme").delete().close();
        assertFalse(organizations("carol@globex.test").has("acme"));

        createOrganization("acme");
        addMember("acme", "carol@globex.test");
        JsonNode acme = organizations("carol@globex.test").get("acme");
        assertNotEquals(before, acme.get("id").asText());
        assertEquals(List.of("member"), texts(acme.get("roles")));
    }

    @Test
    void disablingAnOrganization() {
        assertTrue(organizations("carol@globex.test").has("acme"));
        OrganizationRepresentation acme = AdminLookups.organization(saas(), "acme");
        acme.setEnabled(false);
        AdminLookups.organizationResource(saas(), "acme").update(acme).close();
        assertFalse(organizations("carol@globex.test").has("acme"));
    }

    @Test
    void importingRoles() {
        roles("dave@globex.test", "globex");
        String document = ApiClient.json(Map.of("organizations", List.of(Map.of("alias", "globex",
                "members", List.of(Map.of("username", "dave@globex.test", "roles", List.of("admin"))))),
                "formatVersion", 1));
        ApiClient.Result imported = api.post("/import", document);
        assertEquals(200, imported.status(), imported::toString);
        assertEquals(List.of("admin"), roles("dave@globex.test", "globex"));
    }

    private List<String> roles(String user, String alias) {
        return texts(organizations(user).get(alias).get("roles"));
    }

    private List<String> permissions(String user, String alias) {
        return texts(organizations(user).get(alias).get("permissions"));
    }

    /**
     * The organization claim of the user's next access token, from a refresh grant. The first call signs in with the
     * password grant and refreshes once, so the roles are kept in the user cache before the test changes them.
     */
    private JsonNode organizations(String user) {
        String refreshToken = refreshTokens.get(user);
        if (refreshToken == null) {
            ApiClient.Result grant = ApiClient.passwordGrantAnswer(urls.getBase(), "saas-b2b", user,
                    user.substring(0, user.indexOf('@')), CLIENT, "openid organization:*");
            assertEquals(200, grant.status(), grant::toString);
            refreshToken = grant.json().get("refresh_token").asText();
        }
        JsonNode tokens = OidcTestClient.refresh(urls.getBase(), "saas-b2b", CLIENT, refreshToken);
        refreshTokens.put(user, tokens.get("refresh_token").asText());
        JsonNode claim = OidcTestClient.claims(tokens.get("access_token").asText()).get("organization");
        return claim == null ? JsonNodeFactory.instance.objectNode() : claim;
    }

    /** A new organization, named and with a domain after its alias; returns its id. */
    private String createOrganization(String alias) {
        OrganizationRepresentation organization = new OrganizationRepresentation();
        organization.setName(alias + " (new)");
        organization.setAlias(alias);
        organization.addDomain(new OrganizationDomainRepresentation(alias + "-new.test"));
        try (Response created = saas().organizations().create(organization)) {
            assertEquals(201, created.getStatus());
        }
        return AdminLookups.organization(saas(), alias).getId();
    }

    private String id(String username) {
        return SampleUsers.id(saas(), username);
    }

    /** The change itself must have worked, or a fresh token proves nothing. */
    private static void succeeded(ApiClient.Result result) {
        assertTrue(result.status() / 100 == 2, () -> "the change answered " + result.status() + ": " + result.body());
    }

    private void addMember(String alias, String username) {
        try (Response added = AdminLookups.organizationResource(saas(), alias).members().addMember(id(username))) {
            assertEquals(201, added.getStatus());
        }
    }
}
