package dev.keycloaktenancy.jit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keycloaktenancy.testing.DemoLogins;
import dev.keycloaktenancy.testing.OidcTestClient;
import dev.keycloaktenancy.testing.TenancyServerConfig;
import dev.keycloaktenancy.testing.TenancyServerTest;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

import java.util.List;

import static dev.keycloaktenancy.testing.ApiAssertions.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * JIT through Acme's identity provider with the sample mapper "acme-admins group grants admin" (sync mode force):
 * the first login creates the member with the default role plus the mapped one; a later login without the group
 * takes the mapped role away again.
 */
@KeycloakIntegrationTest(config = TenancyServerConfig.class)
class IdpRoleMapperIT extends TenancyServerTest {

    @Test
    void groupClaimMapsToAnOrganizationRoleOnFirstAndLaterLogins() {
        importRealms("acme-idp", "saas-b2b");
        assertEquals(List.of("admin", "member"), acmeRoles(DemoLogins.throughAcmeIdp(urls.getBase(), "bob@acme.test",
                "bob", "openid organization:acme")), "bob is in acme-admins at Acme");
        assertEquals(List.of("member"), acmeRoles(DemoLogins.aliceThroughAcmeIdp(urls.getBase(),
                "openid organization:acme")), "alice is not");

        RealmResource acmeIdp = admin.realm("acme-idp");
        String bob = acmeIdp.users().search("bob@acme.test", true).get(0).getId();
        String group = acmeIdp.groups().groups("acme-admins", 0, 1).get(0).getId();
        acmeIdp.users().get(bob).leaveGroup(group);

        assertEquals(List.of("member"), acmeRoles(DemoLogins.throughAcmeIdp(urls.getBase(), "bob@acme.test",
                "bob", "openid organization:acme")), "the next login takes admin away");
    }

    private static List<String> acmeRoles(JsonNode tokens) {
        JsonNode claims = OidcTestClient.claims(tokens.get("access_token").asText());
        return texts(claims.get("organization").get("acme").get("roles"));
    }
}
