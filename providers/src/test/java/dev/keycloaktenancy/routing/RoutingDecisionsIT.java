package dev.keycloaktenancy.routing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keycloaktenancy.testing.AdminLookups;
import dev.keycloaktenancy.testing.PartnerIdentityProvider;
import dev.keycloaktenancy.testing.DemoLogins;
import dev.keycloaktenancy.testing.LoginBrowser;
import dev.keycloaktenancy.testing.OidcTestClient;
import dev.keycloaktenancy.testing.SampleUsers;
import dev.keycloaktenancy.testing.TenancyServerConfig;
import dev.keycloaktenancy.testing.TenancyServerTest;
import jakarta.ws.rs.core.Response;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each routing decision of the identity-first login, through the real pages of saas-b2b (acme.test routes to the
 * acme-idp realm; globex.test has no identity provider): where the user lands after the email, or after the
 * application's login_hint.
 */
@KeycloakIntegrationTest(config = TenancyServerConfig.class)
class RoutingDecisionsIT extends TenancyServerTest {

    private static final String BACKUP_IDP = "acme-idp-backup";

    private OidcTestClient app;
    private LoginBrowser browser;

    @BeforeEach
    void importRealms() {
        importRealms("acme-idp", "saas-b2b");
        app = new OidcTestClient(urls.getBase(), "saas-b2b", "demo-app", DemoLogins.REDIRECT_URI);
        browser = new LoginBrowser(DemoLogins.REDIRECT_URI);
    }

    @Test
    void aDomainWithoutIdentityProviderContinuesToThePasswordWithTheUsernameKept() {
        browser.open(app.authorizationUrl("openid"));
        Document page = browser.submit(Map.of("username", "carol@globex.test"));
        assertOnSaasB2b(page);
        assertFalse(page.select("input[name=password]").isEmpty(), "expected the password step: " + page.body().text());
        assertEquals("carol@globex.test", attemptedUsername(page), "the username is kept");
        assertNull(browser.submit(Map.of("password", "carol")), () -> browser.page().body().text());
    }

    @Test
    void anApplicationLoginHintSkipsTheUsernamePage() {
        Document page = browser.open(app.authorizationUrl("openid", Map.of("login_hint", "alice@acme.test")));
        assertAtAcmeIdp(page, "acme-idp", "alice@acme.test");

        LoginBrowser other = new LoginBrowser(DemoLogins.REDIRECT_URI);
        page = other.open(app.authorizationUrl("openid", Map.of("login_hint", "carol@globex.test")));
        assertOnSaasB2b(page);
        assertFalse(page.select("input[name=password]").isEmpty(), "straight to the password: " + page.body().text());
        assertEquals("carol@globex.test", attemptedUsername(page), "the hinted username is kept");
    }

    @Test
    void promptLoginWithALoginHintShowsTheUsernamePageFirst() {
        Document page = browser.open(app.authorizationUrl("openid",
                Map.of("login_hint", "alice@acme.test", "prompt", "login")));
        assertOnSaasB2b(page);
        assertTrue(page.select("input[name=password]").isEmpty(), "the username page, not the password");
        assertEquals("alice@acme.test", page.select("input[name=username]").val(), "pre-filled with the hint");

        page = browser.submit(Map.of("username", "alice@acme.test"));
        assertAtAcmeIdp(page, "acme-idp", "alice@acme.test");
    }

    @Test
    void aUserLinkedToTheOrganizationsProviderGoesStraightThereEvenWithoutDomainRouting() {
        DemoLogins.aliceThroughAcmeIdp(urls.getBase(), "openid");
        RealmResource saas = admin.realm("saas-b2b");
        IdentityProviderRepresentation acmeIdp = saas.identityProviders().get("acme-idp").toRepresentation();
        acmeIdp.getConfig().put("kc.org.broker.redirect.mode.email-matches", "false");
        saas.identityProviders().get("acme-idp").update(acmeIdp);

        browser.open(app.authorizationUrl("openid"));
        assertAtAcmeIdp(browser.submit(Map.of("username", "alice@acme.test")), "acme-idp", "alice@acme.test");

        LoginBrowser stranger = new LoginBrowser(DemoLogins.REDIRECT_URI);
        stranger.open(app.authorizationUrl("openid"));
        Document page = stranger.submit(Map.of("username", "newcomer@acme.test"));
        assertOnSaasB2b(page);
    }

    @Test
    void severalProvidersForOneDomainLetTheUserChoose() {
        addBackupIdentityProvider(true);
        browser.open(app.authorizationUrl("openid organization"));
        Document page = browser.submit(Map.of("username", "bob@acme.test"));
        assertChoiceOffered(page);

        page = browser.submit(Map.of(IdentityProviderChoice.PARAMETER, BACKUP_IDP));
        assertAtAcmeIdp(page, BACKUP_IDP, "bob@acme.test");
        assertNull(browser.submit(Map.of("username", "bob@acme.test", "password", "bob")),
                () -> browser.page().body().text());
        JsonNode claims = OidcTestClient.claims(app.exchange(browser.appRedirect()).get("access_token").asText());
        assertNotNull(claims.get("organization").get("acme"), "bob joined acme: " + claims);

        String bobId = SampleUsers.id(admin.realm("saas-b2b"), "bob@acme.test");
        assertEquals(List.of(BACKUP_IDP), admin.realm("saas-b2b").users().get(bobId).getFederatedIdentity().stream()
                .map(link -> link.getIdentityProvider()).toList(), "linked to the provider bob chose");
    }

    @Test
    void aProviderThatWasNotOfferedIsRefused() {
        addBackupIdentityProvider(true);
        IdentityProviderRepresentation unlinked = identityProvider("partner-idp");
        try (Response created = admin.realm("saas-b2b").identityProviders().create(unlinked)) {
            assertEquals(201, created.getStatus());
        }
        browser.open(app.authorizationUrl("openid"));
        assertChoiceOffered(browser.submit(Map.of("username", "bob@acme.test")));

        Document page = browser.submit(Map.of(IdentityProviderChoice.PARAMETER, "partner-idp"));
        assertOnSaasB2b(page);
        assertTrue(page.body().text().contains("not available for your email address"), page.body().text());
        assertChoiceOffered(page);
    }

    @Test
    void aDisabledProviderIsNotOffered() {
        addBackupIdentityProvider(false);
        browser.open(app.authorizationUrl("openid"));
        assertAtAcmeIdp(browser.submit(Map.of("username", "bob@acme.test")), "acme-idp", "bob@acme.test");
    }

    @Test
    void ssoEnforcedUsersWithAPasswordChooseToo() {
        addBackupIdentityProvider(true);
        SampleUsers.create(admin.realm("saas-b2b"), "pat@acme.test", "pat-local-password");
        browser.open(app.authorizationUrl("openid"));
        assertChoiceOffered(browser.submit(Map.of("username", "pat@acme.test")));
        assertAtAcmeIdp(browser.submit(Map.of(IdentityProviderChoice.PARAMETER, BACKUP_IDP)), BACKUP_IDP, "pat@acme.test");
    }

    /** A second provider for acme.test: the same corporate realm, reached through another alias of saas-b2b. */
    private void addBackupIdentityProvider(boolean enabled) {
        RealmResource saas = admin.realm("saas-b2b");
        IdentityProviderRepresentation backup = identityProvider(BACKUP_IDP);
        backup.setEnabled(enabled);
        try (Response created = saas.identityProviders().create(backup)) {
            assertEquals(201, created.getStatus());
        }
        try (Response linked = AdminLookups.organizationResource(saas, "acme").identityProviders()
                .addIdentityProvider(BACKUP_IDP)) {
            assertEquals(204, linked.getStatus());
        }
        IdentityProviderRepresentation stored = saas.identityProviders().get(BACKUP_IDP).toRepresentation();
        stored.getConfig().put("kc.org.domain", "acme.test");
        stored.getConfig().put("kc.org.broker.redirect.mode.email-matches", "true");
        saas.identityProviders().get(BACKUP_IDP).update(stored);

        RealmResource corporate = admin.realm("acme-idp");
        ClientRepresentation client = corporate.clients().findByClientId("saas-b2b").get(0);
        List<String> redirects = new ArrayList<>(client.getRedirectUris());
        redirects.add(urls.getBase() + "/realms/saas-b2b/broker/" + BACKUP_IDP + "/endpoint*");
        client.setRedirectUris(redirects);
        corporate.clients().get(client.getId()).update(client);
    }

    private IdentityProviderRepresentation identityProvider(String alias) {
        IdentityProviderRepresentation copy = PartnerIdentityProvider.copyOfAcmeProvider(admin.realm("saas-b2b"), alias);
        copy.setDisplayName(alias.equals(BACKUP_IDP) ? "Acme <i>backup</i> sign-in" : "Partner");
        copy.setHideOnLogin(true);
        return copy;
    }

    private void assertChoiceOffered(Document page) {
        assertOnSaasB2b(page);
        assertTrue(page.body().text().contains("Acme"), "names the organization: " + page.body().text());
        assertEquals(List.of("tenancy-identity-provider-acme-idp", "tenancy-identity-provider-" + BACKUP_IDP),
                page.select("button[name=" + IdentityProviderChoice.PARAMETER + "]").eachAttr("id").stream().sorted().toList(),
                "both of acme's providers, and only those: " + page.body().text());
        assertTrue(page.select("input[name=password]").isEmpty(), "no password field on the choice page");
        assertEquals("Acme <i>backup</i> sign-in", page.select("#tenancy-identity-provider-" + BACKUP_IDP).text(),
                "display names are shown as text, never as markup");
    }

    /** The username shown above the password: an input in keycloak.v2 and tenancy, a label in keycloak (globex's). */
    private static String attemptedUsername(Document page) {
        var shown = page.select("#kc-attempted-username");
        return shown.is("input") ? shown.val() : shown.text();
    }

    private void assertOnSaasB2b(Document page) {
        assertNotNull(page, "expected a page of saas-b2b, but the browser went back to the application");
        assertTrue(page.location().startsWith(urls.getBase() + "/realms/saas-b2b/"),
                "expected saas-b2b, but the browser is at " + page.location() + ": " + page.body().text());
    }

    private void assertAtAcmeIdp(Document page, String throughAlias, String loginHint) {
        assertNotNull(page, "expected acme-idp's login page");
        assertTrue(page.location().startsWith(urls.getBase() + "/realms/acme-idp/"),
                "expected acme-idp, but the browser is at " + page.location() + ": " + page.body().text());
        String location = URLDecoder.decode(page.location(), StandardCharsets.UTF_8);
        assertTrue(location.contains("/realms/saas-b2b/broker/" + throughAlias + "/endpoint"),
                "reached through " + throughAlias + ": " + location);
        assertEquals(loginHint, page.select("input[name=username]").val(), "login_hint is passed on");
    }
}
