package dev.keycloaktenancy.routing;

import dev.keycloaktenancy.testing.AdminLookups;
import dev.keycloaktenancy.testing.PartnerIdentityProvider;
import dev.keycloaktenancy.testing.DemoLogins;
import dev.keycloaktenancy.testing.LoginBrowser;
import dev.keycloaktenancy.testing.OidcTestClient;
import dev.keycloaktenancy.testing.SampleUsers;
import dev.keycloaktenancy.testing.TenancyServerConfig;
import dev.keycloaktenancy.testing.TenancyServerTest;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What must never let anyone into an organization: an identity provider that is not linked to it, an email the
 * identity provider does not vouch for, and domains that only look like an organization's.
 */
@KeycloakIntegrationTest(config = TenancyServerConfig.class)
class RoutingSecurityIT extends TenancyServerTest {

    @BeforeEach
    void importRealms() {
        importRealms("acme-idp", "saas-b2b");
    }

    /**
     * A "partner" identity provider, not linked to any organization and not trusting emails, asserts addresses at
     * acme.test (Acme's IdP domain) and globex.test (which joins by verified email domain): nobody becomes a member.
     */
    @Test
    void anUnlinkedIdentityProviderWithUnverifiedEmailsNeverGrantsMembership() {
        SampleUsers.create(admin.realm("acme-idp"), "gus@globex.test", "gus");
        SampleUsers.create(admin.realm("acme-idp"), "eve@acme.test.evil.test", "eve");
        PartnerIdentityProvider.add(admin, false);

        for (String[] user : new String[][]{{"gus@globex.test", "gus"}, {"eve@acme.test.evil.test", "eve"}}) {
            OidcTestClient app = new OidcTestClient(urls.getBase(), "saas-b2b", "demo-app", DemoLogins.REDIRECT_URI);
            LoginBrowser browser = new LoginBrowser(app.redirectUri());
            Document page = browser.open(app.authorizationUrl("openid organization:*") + "&kc_idp_hint=partner-idp");
            assertNotNull(page);
            assertTrue(page.location().startsWith(urls.getBase() + "/realms/acme-idp/"), page.location());
            page = browser.submit(Map.of("username", user[0], "password", user[1]));
            for (int step = 0; page != null && step < 3 && !page.select("input[name=firstName]").isEmpty(); step++) {
                page = browser.submit(Map.of("firstName", "Partner", "lastName", "User"));
            }
            Document shown = page;
            assertNull(shown, () -> user[0] + " completes the login: " + (shown == null ? "" : shown.body().text()));
            var claims = OidcTestClient.claims(app.exchange(browser.appRedirect()).get("access_token").asText());
            assertNull(claims.get("organization"), user[0] + " carries no organization: " + claims);
            List<UserRepresentation> created = saas().users().search(user[0], true);
            assertEquals(1, created.size(), "the partner IdP created the account");
            assertFalse(Boolean.TRUE.equals(created.get(0).isEmailVerified()), "the partner IdP is not trusted");
            assertEquals(0, saas().organizations().members().getOrganizations(created.get(0).getId(), true).size(),
                    user[0] + " is a member of nothing");
        }
    }

    @Test
    void lookAlikeDomainsDoNotRouteToAcme() {
        for (String email : List.of("eve@acme.test.evil.test", "eve@evilacme.test", "eve@xn--acme-test.test")) {
            OidcTestClient app = new OidcTestClient(urls.getBase(), "saas-b2b", "demo-app", DemoLogins.REDIRECT_URI);
            LoginBrowser browser = new LoginBrowser(app.redirectUri());
            browser.open(app.authorizationUrl("openid"));
            Document page = browser.submit(Map.of("username", email));
            assertNotNull(page);
            assertTrue(page.location().startsWith(urls.getBase() + "/realms/saas-b2b/"),
                    email + " stays on the saas-b2b pages, but went to " + page.location());
        }
    }

    @Test
    void aSubdomainOfAVerifiedDomainIsNotTheDomain() {
        SampleUsers.create(saas(), "sub@eng.acme.test", "sub-password");
        DemoLogins.withPassword(urls.getBase(), "sub@eng.acme.test", "sub-password", "openid", null);
        String id = saas().users().search("sub@eng.acme.test", true).get(0).getId();
        assertTrue(AdminLookups.organizationResource(saas(), "acme").members().search("sub@eng.acme.test", true, 0, 1)
                .isEmpty(), "acme.test (not *.acme.test) does not cover eng.acme.test");
        assertEquals(0, saas().organizations().members().getOrganizations(id, true).size());
    }

}
