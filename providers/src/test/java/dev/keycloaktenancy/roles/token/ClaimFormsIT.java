package dev.keycloaktenancy.roles.token;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keycloaktenancy.testing.AdminLookups;
import dev.keycloaktenancy.testing.DemoLogins;
import dev.keycloaktenancy.testing.OidcTestClient;
import dev.keycloaktenancy.testing.TenancyServerConfig;
import dev.keycloaktenancy.testing.TenancyServerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.ClientResource;
import org.keycloak.admin.client.resource.ClientScopeResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.keycloaktenancy.testing.ApiAssertions.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The claim's compact forms (per client, per mapper) and the pack writing the whole claim itself, on tokens really
 * issued to Carol (admin + billing in acme, owner in globex, in the sample seed).
 */
@KeycloakIntegrationTest(config = TenancyServerConfig.class)
class ClaimFormsIT extends TenancyServerTest {

    @BeforeEach
    void importRealms() {
        importRealms("saas-b2b");
    }

    @Test
    void aClientAttributeChoosesIdsOnly() {
        setClientAttribute("tenancy.claim.form", "ids");
        JsonNode organization = accessToken("openid organization:*", null).get("organization");
        assertEquals(Map.of("id", organizationId("acme")), fields(organization.get("acme")));
        assertEquals(Map.of("id", organizationId("globex")), fields(organization.get("globex")));
    }

    @Test
    void theMapperChoosesRolesWithoutPermissionsAndTheClientOverridesIt() {
        setClientAttribute("tenancy.claim.form", "");
        updateMapper("tenancy-organization-roles", Map.of("tenancy.claim.form", "roles"));
        JsonNode acme = accessToken("openid organization:acme", null).get("organization").get("acme");
        assertEquals(List.of("admin", "billing"), texts(acme.get("roles")));
        assertNull(acme.get("permissions"), acme::toString);

        setClientAttribute("tenancy.claim.form", "full");
        acme = accessToken("openid organization:acme", null).get("organization").get("acme");
        assertTrue(acme.get("permissions").size() > 0, acme::toString);
    }

    @Test
    void theActiveOrganizationClaimsKeepTheirFullForm() {
        setClientAttribute("tenancy.claim.form", "");
        updateMapper("tenancy-organization-roles", Map.of("tenancy.claim.form", "ids",
                "tenancy.active-organization-claims", "true"));
        JsonNode claims = accessToken("openid organization:globex", null);
        assertEquals(List.of("owner"), texts(claims.get("org_roles")));
        assertTrue(claims.get("org_permissions").size() > 0);
        assertEquals(Map.of("id", organizationId("globex")), fields(claims.get("organization").get("globex")));
    }

    @Test
    void thePackWritesTheSameClaimWhenKeycloaksMapperIsOff() {
        JsonNode all = accessToken("openid organization:*", null).get("organization");
        JsonNode acme = accessToken("openid organization:acme", null).get("organization");
        JsonNode picked = accessToken("openid organization", "globex").get("organization");
        writtenByThePack();

        JsonNode tokens = DemoLogins.withPassword(urls.getBase(), "carol@globex.test", "carol", "openid organization:*", null);
        assertEquals(all, OidcTestClient.claims(tokens.get("access_token").asText()).get("organization"));
        assertEquals(all, OidcTestClient.claims(tokens.get("id_token").asText()).get("organization"));
        assertEquals(acme, accessToken("openid organization:acme", null).get("organization"));
        assertEquals(picked, accessToken("openid organization", "globex").get("organization"));
        assertNull(accessToken("openid", null).get("organization"));
    }

    @Test
    void thePackLeavesOutADisabledOrganizationAndFollowsRoleChanges() {
        writtenByThePack();
        JsonNode tokens = DemoLogins.withPassword(urls.getBase(), "carol@globex.test", "carol", "openid organization:*", null);
        OrganizationRepresentation acme = AdminLookups.organization(realm("saas-b2b"), "acme");
        acme.setEnabled(false);
        AdminLookups.organizationResource(realm("saas-b2b"), "acme").update(acme).close();

        JsonNode refreshed = OidcTestClient.refresh(urls.getBase(), "saas-b2b", "demo-app",
                tokens.get("refresh_token").asText());
        JsonNode organization = OidcTestClient.claims(refreshed.get("access_token").asText()).get("organization");
        assertFalse(organization.has("acme"), organization::toString);
        assertEquals(List.of("owner"), texts(organization.get("globex").get("roles")));
    }

    private void writtenByThePack() {
        updateMapper("tenancy-organization-roles", Map.of("tenancy.claim.source", "tenancy"));
        updateMapper("oidc-organization-membership-mapper", Map.of("access.token.claim", "false",
                "id.token.claim", "false", "introspection.token.claim", "false", "userinfo.token.claim", "false"));
    }

    private JsonNode accessToken(String scope, String organizationToPick) {
        JsonNode tokens = DemoLogins.withPassword(urls.getBase(), "carol@globex.test", "carol", scope, organizationToPick);
        return OidcTestClient.claims(tokens.get("access_token").asText());
    }

    private static Map<String, String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names.stream().collect(java.util.stream.Collectors.toMap(n -> n, n -> node.get(n).asText()));
    }

    private String organizationId(String alias) {
        return AdminLookups.organization(realm("saas-b2b"), alias).getId();
    }

    private void setClientAttribute(String key, String value) {
        ClientRepresentation client = realm("saas-b2b").clients().findByClientId("demo-app").get(0);
        ClientResource resource = realm("saas-b2b").clients().get(client.getId());
        client.getAttributes().put(key, value);
        resource.update(client);
    }

    private void updateMapper(String providerId, Map<String, String> config) {
        String id = realm("saas-b2b").clientScopes().findAll().stream()
                .filter(s -> s.getName().equals("organization")).findFirst().orElseThrow().getId();
        ClientScopeResource scope = realm("saas-b2b").clientScopes().get(id);
        ProtocolMapperRepresentation mapper = scope.getProtocolMappers().getMappers().stream()
                .filter(m -> m.getProtocolMapper().equals(providerId)).findFirst().orElseThrow();
        mapper.getConfig().putAll(config);
        scope.getProtocolMappers().update(mapper.getId(), mapper);
    }
}
