package dev.keycloaktenancy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keycloaktenancy.testing.AdminLookups;
import dev.keycloaktenancy.testing.LoginBrowser;
import dev.keycloaktenancy.testing.OidcTestClient;
import dev.keycloaktenancy.testing.TenancyServerConfig;
import dev.keycloaktenancy.testing.TenancyServerTest;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.OrganizationResource;
import org.keycloak.representations.idm.MemberRepresentation;
import org.keycloak.representations.idm.MembershipType;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo's corporate SSO path, end to end through the real login pages: Alice types her work email on the
 * saas-b2b login page, is sent to Acme's own identity provider (the acme-idp realm), signs in there, and comes back to
 * demo-app with a code that the application exchanges for tokens. She is then a member of the acme organization.
 */
@KeycloakIntegrationTest(config = TenancyServerConfig.class)
class DemoSsoLoginIT extends TenancyServerTest {

    @Test
    void aliceSignsInThroughAcmeIdentityProviderAndJoinsAcme() {
        importRealms("acme-idp", "saas-b2b");
        OidcTestClient app = new OidcTestClient(urls.getBase(), "saas-b2b", "demo-app",
                "http://localhost:3000/callback");
        LoginBrowser browser = new LoginBrowser(app.redirectUri());

        Document page = browser.open(app.authorizationUrl("openid organization"));
        assertNotNull(page, "expected the saas-b2b login page");
        assertTrue(page.location().startsWith(urls.getBase() + "/realms/saas-b2b/"), page.location());
        assertTrue(page.select("input[name=password]").isEmpty(), "identity-first: the first page asks for the email only");

        page = browser.submit(Map.of("username", "alice@acme.test"));
        assertNotNull(page, "expected the acme-idp login page");
        assertTrue(page.location().startsWith(urls.getBase() + "/realms/acme-idp/"),
                "the acme.test domain routes to acme-idp, but the browser is at " + page.location());
        assertEquals("alice@acme.test", page.select("input[name=username]").val(), "login_hint is passed on");

        page = browser.submit(Map.of("username", "alice@acme.test", "password", "alice"));
        assertNull(page, () -> "expected the redirect back to demo-app, but a page is shown: "
                + browser.page().location() + "\n" + browser.page().body().text());

        JsonNode tokens = app.exchange(browser.appRedirect());
        JsonNode accessToken = OidcTestClient.claims(tokens.get("access_token").asText());
        assertEquals("alice@acme.test", accessToken.get("email").asText());
        JsonNode acmeClaim = accessToken.get("organization").get("acme");
        assertNotNull(acmeClaim, "organization claim: " + accessToken.get("organization"));
        assertEquals(1, accessToken.get("organization").size(), "only acme: " + accessToken.get("organization"));
        assertEquals("[\"member\"]", acmeClaim.get("roles").toString(), "the default role, granted on JIT");
        assertEquals("[\"org:members:read\"]", acmeClaim.get("permissions").toString());

        OrganizationResource acme = AdminLookups.organizationResource(admin.realm("saas-b2b"), "acme");
        assertEquals(acme.toRepresentation().getId(), acmeClaim.get("id").asText());
        List<MemberRepresentation> members = acme.members().search("alice@acme.test", true, 0, 10);
        assertEquals(1, members.size(), "alice is a member of acme");
        assertEquals(MembershipType.MANAGED, members.get(0).getMembershipType());
        String aliceId = members.get(0).getId();
        assertEquals(List.of("acme-idp"), admin.realm("saas-b2b").users().get(aliceId).getFederatedIdentity()
                .stream().map(link -> link.getIdentityProvider()).toList(), "alice's account is linked to acme-idp");
    }
}
