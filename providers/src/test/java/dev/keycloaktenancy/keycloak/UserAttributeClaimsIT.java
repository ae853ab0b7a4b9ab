package dev.keycloaktenancy.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keycloaktenancy.testing.AdminLookups;
import dev.keycloaktenancy.testing.DemoLogins;
import dev.keycloaktenancy.testing.OidcTestClient;
import dev.keycloaktenancy.testing.TenancyServerConfig;
import dev.keycloaktenancy.testing.TenancyServerTest;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.keycloaktenancy.testing.ApiAssertions.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keycloak's "User Attribute" mapper, which the pack takes the place of, writes in a realm with tenancy exactly what
 * Keycloak's own code writes: the same refresh token is used with tenancy on (the pack's resolution) and off
 * (Keycloak's), and every claim that such mappers set is compared, for values from the user, from a group, from a
 * group's parent, aggregated or first found, and none from an organization's attributes.
 */
@KeycloakIntegrationTest(config = TenancyServerConfig.class)
class UserAttributeClaimsIT extends TenancyServerTest {

    private static final List<String> CLAIMS = List.of("x_dept", "x_dept_all", "x_tier", "x_first_name",
            "x_first_name_all", "x_missing", "x_missing_all");

    @BeforeEach
    void importRealms() {
        importRealms("saas-b2b");
    }

    @Test
    void keycloaksOwnMapperIsReplacedByThePacks() {
        int order = admin.serverInfo().getInfo().getProviders().get("protocol-mapper").getProviders()
                .get("oidc-usermodel-attribute-mapper").getOrder();
        assertEquals(UserAttributeClaimMapper.ORDER, order, "the server runs the pack's class for Keycloak's mapper id");
    }

    @Test
    void claimsAreKeycloaksWithTenancyOnAndOff() {
        RealmResource realm = realm("saas-b2b");
        String carol = realm.users().searchByEmail("carol@globex.test", true).get(0).getId();
        String engineering = group(realm, null, "engineering", Map.of("x-dept", List.of("engineering"),
                "firstName", List.of("Engineer")));
        String platform = group(realm, engineering, "platform", Map.of());
        String sales = group(realm, null, "sales", Map.of("x-dept", List.of("sales", "field")));
        realm.users().get(carol).joinGroup(platform);
        realm.users().get(carol).joinGroup(sales);
        OrganizationRepresentation acme = AdminLookups.organizationResource(realm, "acme").toRepresentation();
        acme.singleAttribute("x-tier", "gold");
        try (Response updated = AdminLookups.organizationResource(realm, "acme").update(acme)) {
            assertEquals(204, updated.getStatus());
        }
        assertEquals(List.of("gold"),
                AdminLookups.organizationResource(realm, "acme").toRepresentation().getAttributes().get("x-tier"));
        addMapper(realm, "x_dept", "x-dept", false, true);
        addMapper(realm, "x_dept_all", "x-dept", true, true);
        addMapper(realm, "x_tier", "x-tier", false, false);
        addMapper(realm, "x_first_name", "firstName", false, false);
        addMapper(realm, "x_first_name_all", "firstName", true, true);
        addMapper(realm, "x_missing", "x-missing", false, true);
        addMapper(realm, "x_missing_all", "x-missing", true, true);

        JsonNode tokens = DemoLogins.withPassword(urls.getBase(), "carol@globex.test", "carol", "openid", null);
        Map<String, JsonNode> withTenancy = claims(tokens.get("refresh_token").asText());
        setTenancyEnabled(realm, false);
        Map<String, JsonNode> withoutTenancy = claims(tokens.get("refresh_token").asText());
        setTenancyEnabled(realm, true);

        assertEquals(withoutTenancy, withTenancy);
        JsonNode access = withTenancy.get("access");
        assertEquals(Set.of("engineering", "sales", "field"), Set.copyOf(texts(access.get("x_dept_all"))));
        assertTrue(Set.of(List.of("engineering"), List.of("sales", "field")).contains(texts(access.get("x_dept"))),
                access::toString);
        assertFalse(access.has("x_tier"), "Keycloak gives no organization attribute to its members' claims: " + access);
        assertEquals("Carol", access.get("x_first_name").asText(), "the user's own value comes first");
        assertEquals(Set.of("Carol", "Engineer"), Set.copyOf(texts(access.get("x_first_name_all"))));
        assertFalse(access.has("x_missing"), access::toString);
    }

    private Map<String, JsonNode> claims(String refreshToken) {
        JsonNode refreshed = OidcTestClient.refresh(urls.getBase(), "saas-b2b", "demo-app", refreshToken);
        return Map.of("access", picked(OidcTestClient.claims(refreshed.get("access_token").asText())),
                "id", picked(OidcTestClient.claims(refreshed.get("id_token").asText())));
    }

    private static JsonNode picked(JsonNode claims) {
        ObjectNode picked = JsonNodeFactory.instance.objectNode();
        CLAIMS.stream().filter(claims::has).forEach(name -> picked.set(name, claims.get(name)));
        return picked;
    }

    private static String group(RealmResource realm, String parentId, String name, Map<String, List<String>> attributes) {
        GroupRepresentation group = new GroupRepresentation();
        group.setName(name);
        group.setAttributes(new HashMap<>(attributes));
        try (Response created = parentId == null ? realm.groups().add(group)
                : realm.groups().group(parentId).subGroup(group)) {
            return CreatedResponseUtil.getCreatedId(created);
        }
    }

    private static void addMapper(RealmResource realm, String claim, String attribute, boolean aggregate,
                                  boolean multivalued) {
        ClientRepresentation client = realm.clients().findByClientId("demo-app").get(0);
        ProtocolMapperRepresentation mapper = new ProtocolMapperRepresentation();
        mapper.setName(claim);
        mapper.setProtocol("openid-connect");
        mapper.setProtocolMapper("oidc-usermodel-attribute-mapper");
        mapper.setConfig(Map.of("user.attribute", attribute, "claim.name", claim, "jsonType.label", "String",
                "multivalued", String.valueOf(multivalued),
                "aggregate.attrs", String.valueOf(aggregate), "access.token.claim", "true", "id.token.claim", "true"));
        try (Response created = realm.clients().get(client.getId()).getProtocolMappers().createMapper(mapper)) {
            assertEquals(201, created.getStatus(), claim);
        }
    }

    private static void setTenancyEnabled(RealmResource realm, boolean enabled) {
        RealmRepresentation representation = realm.toRepresentation();
        representation.getAttributes().put("tenancy.enabled", String.valueOf(enabled));
        realm.update(representation);
        assertEquals(String.valueOf(enabled), realm.toRepresentation().getAttributes().get("tenancy.enabled"));
    }
}
