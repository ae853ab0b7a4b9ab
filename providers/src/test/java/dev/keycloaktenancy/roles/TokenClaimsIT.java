package dev.keycloaktenancy.roles;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keycloaktenancy.testing.ApiClient;
import dev.keycloaktenancy.testing.DemoLogins;
import dev.keycloaktenancy.testing.OidcTestClient;
import dev.keycloaktenancy.testing.TenancyServerConfig;
import dev.keycloaktenancy.testing.TenancyServerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.ClientScopeResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.keycloaktenancy.testing.ApiAssertions.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tokens really issued by the server to Carol, who is admin + billing in acme and owner in globex (the sample
 * seed), under each organization scope form, decoded and checked.
 */
@KeycloakIntegrationTest(config = TenancyServerConfig.class)
class TokenClaimsIT extends TenancyServerTest {

    private static final List<String> ALL_BUILT_IN = List.of("org:audit:read", "org:domains:manage", "org:invitations:manage",
            "org:members:manage", "org:members:read", "org:profile:manage", "org:roles:manage", "org:scim:manage",
            "org:security:manage", "org:sso:manage", "org:webhooks:manage");

    @BeforeEach
    void importRealms() {
        importRealms("saas-b2b");
    }

    @Test
    void allOrganizationsScopeCarriesRolesOfEach() {
        JsonNode tokens = signInAsCarol("openid organization:*", null);
        JsonNode organization = claims(tokens, "access_token").get("organization");

        assertEquals(2, organization.size(), organization::toString);
        assertEquals(List.of("admin", "billing"), texts(organization.get("acme").get("roles")));
        List<String> acmePermissions = new ArrayList<>(ALL_BUILT_IN);
        acmePermissions.addAll(0, List.of("invoices:read", "invoices:write"));
        assertEquals(acmePermissions, texts(organization.get("acme").get("permissions")));
        assertEquals(organizationId("acme"), organization.get("acme").get("id").asText());
        assertEquals(List.of("owner"), texts(organization.get("globex").get("roles")));
        assertEquals(ALL_BUILT_IN, texts(organization.get("globex").get("permissions")));

        assertEquals(organization, claims(tokens, "id_token").get("organization"), "the ID token carries the same");
    }

    @Test
    void specificOrganizationScopeCarriesOnlyThatOrganization() {
        JsonNode organization = claims(signInAsCarol("openid organization:acme", null), "access_token").get("organization");
        assertEquals(List.of("acme"), fieldNames(organization));
        assertEquals(List.of("admin", "billing"), texts(organization.get("acme").get("roles")));
    }

    @Test
    void anyOrganizationScopeCarriesTheOrganizationChosenAtLogin() {
        JsonNode organization = claims(signInAsCarol("openid organization", "globex"), "access_token").get("organization");
        assertEquals(List.of("globex"), fieldNames(organization));
        assertEquals(List.of("owner"), texts(organization.get("globex").get("roles")));
    }

    /**
     * Enabling tenancy changes no application's token: a client that did not opt in (client attribute
     * tenancy.claim.form) reads Keycloak's own claim, a list of aliases; the realm can opt all its clients in.
     */
    @Test
    void clientsThatDidNotOptInKeepKeycloaksOwnClaim() {
        ClientRepresentation demoApp = saas().clients().findByClientId("demo-app").get(0);
        // Keycloak keeps attributes a representation leaves out; an empty value is how an update removes one.
        demoApp.getAttributes().put("tenancy.claim.form", "");
        saas().clients().get(demoApp.getId()).update(demoApp);

        JsonNode listForm = claims(signInAsCarol("openid organization:*", null), "access_token").get("organization");
        assertTrue(listForm.isArray(), "Keycloak's own list: " + listForm);
        assertEquals(List.of("acme", "globex"), texts(listForm).stream().sorted().toList(), "in no set order");

        RealmRepresentation realm = saas().toRepresentation();
        realm.getAttributes().put("tenancy.claim.default-form", "roles");
        saas().update(realm);
        JsonNode optedIn = claims(signInAsCarol("openid organization:*", null), "access_token").get("organization");
        assertEquals(List.of("admin", "billing"), texts(optedIn.get("acme").get("roles")), optedIn::toString);
        assertNull(optedIn.get("acme").get("permissions"), "the realm's choice, roles without permissions");
    }

    @Test
    void withoutOrganizationScopeThereIsNoClaim() {
        JsonNode claims = claims(signInAsCarol("openid", null), "access_token");
        assertNull(claims.get("organization"), claims::toString);
        assertNull(claims.get("org_id"));
    }

    @Test
    void activeOrganizationClaimsWhenExactlyOneOrganization() {
        updateRolesMapper(Map.of("tenancy.active-organization-claims", "true"));

        JsonNode one = claims(signInAsCarol("openid organization:globex", null), "access_token");
        assertEquals(organizationId("globex"), one.get("org_id").asText());
        assertEquals("globex", one.get("org_alias").asText());
        assertEquals(List.of("owner"), texts(one.get("org_roles")));
        assertEquals(ALL_BUILT_IN, texts(one.get("org_permissions")));

        JsonNode two = claims(signInAsCarol("openid organization:*", null), "access_token");
        assertNull(two.get("org_id"), "two organizations: no active organization");
    }

    @Test
    void nativeMapperInJsonFormKeepsItsFields() {
        ClientScopeResource scope = organizationScope();
        ProtocolMapperRepresentation membership = scope.getProtocolMappers().getMappers().stream()
                .filter(m -> m.getProtocolMapper().equals("oidc-organization-membership-mapper")).findFirst().orElseThrow();
        membership.getConfig().put("addOrganizationAttributes", "true");
        membership.getConfig().put("jsonType.label", "JSON");
        scope.getProtocolMappers().update(membership.getId(), membership);

        JsonNode acme = claims(signInAsCarol("openid organization:acme", null), "access_token").get("organization").get("acme");
        assertEquals(List.of("admin", "billing"), texts(acme.get("roles")));
        assertEquals(organizationId("acme"), acme.get("id").asText());
    }

    @Test
    void refreshedTokensFollowRoleChanges() {
        JsonNode tokens = signInAsCarol("openid organization:globex", null);
        ApiClient adminApi = new ApiClient(urls.getBase() + "/admin/realms/saas-b2b/tenancy",
                () -> admin.tokenManager().getAccessTokenString());
        String carol = admin.realm("saas-b2b").users().search("carol@globex.test", true).get(0).getId();
        String dave = admin.realm("saas-b2b").users().search("dave@globex.test", true).get(0).getId();
        assertEquals(200, adminApi.post("/organizations/globex/members/" + dave + "/roles",
                ApiClient.json(Map.of("roles", List.of("owner")))).status());
        assertEquals(200, adminApi.put("/organizations/globex/members/" + carol + "/roles",
                ApiClient.json(Map.of("roles", List.of("member")))).status());

        JsonNode refreshed = OidcTestClient.refresh(urls.getBase(), "saas-b2b", "demo-app",
                tokens.get("refresh_token").asText());
        JsonNode globex = OidcTestClient.claims(refreshed.get("access_token").asText()).get("organization").get("globex");
        assertEquals(List.of("member"), texts(globex.get("roles")));
        assertEquals(List.of("org:members:read"), texts(globex.get("permissions")));
    }

    private JsonNode signInAsCarol(String scope, String organizationToPick) {
        return DemoLogins.withPassword(urls.getBase(), "carol@globex.test", "carol", scope, organizationToPick);
    }

    private static JsonNode claims(JsonNode tokens, String token) {
        return OidcTestClient.claims(tokens.get(token).asText());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private String organizationId(String alias) {
        return dev.keycloaktenancy.testing.AdminLookups.organization(admin.realm("saas-b2b"), alias).getId();
    }

    private ClientScopeResource organizationScope() {
        String id = admin.realm("saas-b2b").clientScopes().findAll().stream()
                .filter(s -> s.getName().equals("organization")).findFirst().orElseThrow().getId();
        return admin.realm("saas-b2b").clientScopes().get(id);
    }

    private void updateRolesMapper(Map<String, String> config) {
        ClientScopeResource scope = organizationScope();
        ProtocolMapperRepresentation mapper = scope.getProtocolMappers().getMappers().stream()
                .filter(m -> m.getProtocolMapper().equals("tenancy-organization-roles")).findFirst().orElseThrow();
        mapper.getConfig().putAll(config);
        scope.getProtocolMappers().update(mapper.getId(), mapper);
        assertTrue(organizationScope().getProtocolMappers().getMapperById(mapper.getId()).getConfig()
                .entrySet().containsAll(config.entrySet()));
    }
}
