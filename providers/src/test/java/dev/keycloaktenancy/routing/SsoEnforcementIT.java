package dev.keycloaktenancy.routing;

import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.testing.AdminLookups;
import dev.keycloaktenancy.testing.ApiClient;
import dev.keycloaktenancy.testing.DemoLogins;
import dev.keycloaktenancy.testing.LoginBrowser;
import dev.keycloaktenancy.testing.Mails;
import dev.keycloaktenancy.testing.OidcTestClient;
import dev.keycloaktenancy.testing.SampleUsers;
import dev.keycloaktenancy.testing.TenancyServerConfig;
import dev.keycloaktenancy.testing.TenancyServerTest;
import jakarta.ws.rs.core.Response;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.OrganizationResource;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SSO enforcement (acme sets tenancy.sso.required=true and owns the verified domain acme.test): a user at that domain
 * goes to Acme's identity provider even with a local password, and the password, password-grant, reset-credentials
 * and registration paths refuse them with a clear message. Without enforcement, or for an unverified domain, the
 * password keeps working.
 */
@KeycloakIntegrationTest(config = TenancyServerConfig.class)
class SsoEnforcementIT extends TenancyServerTest {

    @BeforeEach
    void importRealms() {
        importRealms("acme-idp", "saas-b2b");
        SampleUsers.create(admin.realm("saas-b2b"), "pat@acme.test", "pat-local-password");
    }

    @Test
    void aUserWithALocalPasswordIsSentToTheOrganizationsIdentityProvider() {
        LoginBrowser browser = new LoginBrowser(DemoLogins.REDIRECT_URI);
        OidcTestClient app = new OidcTestClient(urls.getBase(), "saas-b2b", "demo-app", DemoLogins.REDIRECT_URI);
        browser.open(app.authorizationUrl("openid"));
        Document page = browser.submit(Map.of("username", "pat@acme.test"));
        assertNotNull(page);
        assertTrue(page.location().startsWith(urls.getBase() + "/realms/acme-idp/"),
                "expected Acme's IdP, but the browser is at " + page.location() + ": " + page.body().text());
        assertEquals("pat@acme.test", page.select("input[name=username]").val(), "login_hint is passed on");
    }

    @Test
    void thePasswordGrantIsRefused() throws Exception {
        ApiClient.Result response = passwordGrant("pat@acme.test", "pat-local-password");
        assertEquals(400, response.status(), response.body());
        assertTrue(response.body().contains("requires single sign-on"), response.body());
    }

    @Test
    void resetCredentialsIsRefused() {
        LoginBrowser browser = new LoginBrowser(DemoLogins.REDIRECT_URI);
        browser.open(urls.getBase() + "/realms/saas-b2b/login-actions/reset-credentials?client_id=demo-app");
        Document page = browser.submit(Map.of("username", "pat@acme.test"));
        assertNotNull(page);
        assertTrue(page.body().text().contains("requires single sign-on"), page.body().text());
    }

    /**
     * An anonymous caller cannot tell from the password grant which accounts fall under enforcement: an existing
     * account of acme.test with a wrong password answers exactly as an address nobody holds (L3). Only the holder,
     * with the right password, reads the reason.
     */
    @Test
    void thePasswordGrantAnswersAnUnknownAndAnEnforcedUserAlike() {
        ApiClient.Result known = passwordGrant("pat@acme.test", "a-guess");
        ApiClient.Result unknown = passwordGrant("nobody@acme.test", "a-guess");
        assertEquals(400, known.status(), known.body());
        assertEquals(unknown.status(), known.status());
        assertEquals(unknown.body(), known.body());
        assertTrue(known.body().contains("Invalid user credentials"), known.body());
        assertFalse(known.body().contains("single sign-on"), known.body());
    }

    /**
     * Reset-credentials decides by the typed value alone (L3): an email at acme.test is refused whether or not an
     * account holds it; an enforced account reached by its username (patrick, patrick@acme.test) gets what an unknown
     * username gets, "email sent", and no email goes out.
     */
    @Test
    void resetCredentialsAnswersAnUnknownAndAnEnforcedUserAlike() {
        assertTrue(resetCredentials("nobody@acme.test").contains("requires single sign-on"), "an address nobody holds");
        assertTrue(resetCredentials("pat@acme.test").contains("requires single sign-on"), "pat's address");

        Mails.useTestMailServer(saas());
        RealmRepresentation realm = saas().toRepresentation();
        realm.setRegistrationEmailAsUsername(false);
        saas().update(realm);
        UserRepresentation patrick = new UserRepresentation();
        patrick.setUsername("patrick");
        patrick.setEmail("patrick@acme.test");
        patrick.setEmailVerified(true);
        patrick.setEnabled(true);
        patrick.setFirstName("Patrick");
        patrick.setLastName("Test");
        try (Response created = saas().users().create(patrick)) {
            assertEquals(201, created.getStatus());
        }
        int mailsBefore = mail.getReceivedMessages().length;

        String byUsername = resetCredentials("patrick");
        String unknown = resetCredentials("nobody-at-all");
        assertEquals(unknown.replace("nobody-at-all", "TYPED"), byUsername.replace("patrick", "TYPED"),
                "the same page, whatever was typed");
        assertTrue(byUsername.contains("You should receive an email shortly"), byUsername);
        assertEquals(mailsBefore, mail.getReceivedMessages().length, "no reset email for an account under enforcement");
    }

    @Test
    void registrationIsRefused() {
        OidcTestClient app = new OidcTestClient(urls.getBase(), "saas-b2b", "demo-app", DemoLogins.REDIRECT_URI);
        LoginBrowser browser = new LoginBrowser(DemoLogins.REDIRECT_URI);
        browser.open(app.authorizationUrl("openid").replace("/openid-connect/auth?", "/openid-connect/registrations?"));
        Document page = browser.submit(Map.of("email", "newcomer@acme.test", "firstName", "New", "lastName", "Comer"));
        assertNotNull(page);
        assertTrue(page.body().text().contains("requires single sign-on"), page.body().text());
        assertTrue(admin.realm("saas-b2b").users().search("newcomer@acme.test", true).isEmpty(), "no account created");
    }

    @Test
    void withoutEnforcementThePasswordWorks() throws Exception {
        OrganizationResource acme = AdminLookups.organizationResource(admin.realm("saas-b2b"), "acme");
        OrganizationRepresentation representation = acme.toRepresentation();
        representation.setAttributes(Map.of(Tenancy.SSO_REQUIRED, List.of("false")));
        acme.update(representation).close();

        assertEquals(200, passwordGrant("pat@acme.test", "pat-local-password").status());
        DemoLogins.withPassword(urls.getBase(), "pat@acme.test", "pat-local-password", "openid", null);
    }

    @Test
    void anUnverifiedDomainIsNotEnforced() throws Exception {
        OrganizationResource acme = AdminLookups.organizationResource(admin.realm("saas-b2b"), "acme");
        OrganizationRepresentation representation = acme.toRepresentation();
        representation.getDomains().forEach(d -> d.setVerified(false));
        acme.update(representation).close();

        assertEquals(200, passwordGrant("pat@acme.test", "pat-local-password").status());
    }

    /** The page reset-credentials answers for a typed username or email. */
    private String resetCredentials(String typed) {
        LoginBrowser browser = new LoginBrowser(DemoLogins.REDIRECT_URI);
        browser.open(urls.getBase() + "/realms/saas-b2b/login-actions/reset-credentials?client_id=demo-app");
        Document page = browser.submit(Map.of("username", typed));
        assertNotNull(page);
        return page.body().text();
    }

    private ApiClient.Result passwordGrant(String username, String password) {
        return ApiClient.passwordGrantAnswer(urls.getBase(), "saas-b2b", username, password, "admin-cli", null);
    }
}
