package dev.keycloaktenancy.security;

import dev.keycloaktenancy.testing.ApiClient;
import dev.keycloaktenancy.testing.ApiClient.Result;
import dev.keycloaktenancy.testing.TenancyServerConfig;
import dev.keycloaktenancy.testing.TenancyServerTest;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.keycloaktenancy.testing.ApiAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The self-service API answers only access tokens meant for it: tokens that carry the audience of the client scope
 * tenancy-api, which an application asks for explicitly. A token a third-party application of the realm got for its
 * own purposes is refused, as are lightweight tokens and tokens of a client that was disabled since.
 */
@KeycloakIntegrationTest(config = TenancyServerConfig.class)
class SelfServiceAudienceIT extends TenancyServerTest {

    private static final String API_SCOPE = "tenancy-api";

    @BeforeEach
    void importRealm() {
        importRealms("saas-b2b");
        createPublicClient("third-party-app", false);
        createPublicClient("portal-like-app", true);
    }

    @Test
    void aTokenWithoutTheApiAudienceIsRefused() {
        Result refused = withToken("third-party-app", "openid").get("/me/organizations");
        assertError(401, refused);
        assertTrue(refused.json().get("error_description").asText().contains(API_SCOPE), refused::toString);

        Result destructive = withToken("third-party-app", "openid").delete("/organizations/globex/members/"
                + saas().users().search("dave@globex.test", true).get(0).getId());
        assertError(401, destructive);
        assertEquals(1, saas().users().search("dave@globex.test", true).size(), "nothing was removed");
    }

    @Test
    void aTokenThatAskedForTheApiIsAnswered() {
        Result answered = withToken("portal-like-app", "openid " + API_SCOPE).get("/me/organizations");
        assertEquals(200, answered.status(), answered::toString);
    }

    @Test
    void lightweightTokensAreRefused() {
        ClientRepresentation client = client("portal-like-app");
        Map<String, String> attributes = new HashMap<>(client.getAttributes() == null ? Map.of() : client.getAttributes());
        attributes.put("client.use.lightweight.access.token.enabled", "true");
        client.setAttributes(attributes);
        saas().clients().get(client.getId()).update(client);
        assertError(401, withToken("portal-like-app", "openid " + API_SCOPE).get("/me/organizations"));
    }

    @Test
    void tokensOfADisabledClientAreRefused() {
        String token = ApiClient.passwordGrant(urls.getBase(), "saas-b2b", "carol@globex.test", "carol",
                "portal-like-app", "openid " + API_SCOPE);
        ApiClient api = new ApiClient(urls.getBase() + "/realms/saas-b2b/tenancy", () -> token);
        assertEquals(200, api.get("/me/organizations").status());
        ClientRepresentation client = client("portal-like-app");
        client.setEnabled(false);
        saas().clients().get(client.getId()).update(client);
        assertError(401, api.get("/me/organizations"));
    }

    private ApiClient withToken(String clientId, String scope) {
        String token = ApiClient.passwordGrant(urls.getBase(), "saas-b2b", "carol@globex.test", "carol", clientId, scope);
        return new ApiClient(urls.getBase() + "/realms/saas-b2b/tenancy", () -> token);
    }

    /** A public client with the password grant; with the API scope as an optional scope when asked. */
    private void createPublicClient(String clientId, boolean withApiScope) {
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(clientId);
        client.setPublicClient(true);
        client.setDirectAccessGrantsEnabled(true);
        client.setEnabled(true);
        try (Response created = saas().clients().create(client)) {
            assertEquals(201, created.getStatus());
        }
        if (withApiScope) {
            saas().clientScopes().findAll().stream().filter(s -> s.getName().equals(API_SCOPE)).findFirst()
                    .ifPresent(scope -> saas().clients().get(client(clientId).getId()).addOptionalClientScope(scope.getId()));
        } else {
            List<String> optional = saas().clients().get(client(clientId).getId()).getOptionalClientScopes().stream()
                    .filter(s -> s.getName().equals(API_SCOPE)).map(s -> s.getId()).toList();
            optional.forEach(id -> saas().clients().get(client(clientId).getId()).removeOptionalClientScope(id));
        }
    }

    private ClientRepresentation client(String clientId) {
        return saas().clients().findByClientId(clientId).get(0);
    }
}
