package dev.keycloaktenancy.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keycloaktenancy.testing.ApiClient;
import dev.keycloaktenancy.testing.DemoLogins;
import dev.keycloaktenancy.testing.LoginBrowser;
import dev.keycloaktenancy.testing.OidcTestClient;
import dev.keycloaktenancy.testing.PartnerIdentityProvider;
import dev.keycloaktenancy.testing.SampleUsers;
import dev.keycloaktenancy.testing.TenancyServerConfig;
import dev.keycloaktenancy.testing.TenancyServerTest;
import jakarta.ws.rs.core.Response;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A person at a verified domain of an organization that requires SSO signs in through that organization's identity
 * provider, and through nothing else: not a flow a client overrides, not a credential other than a password, not
 * another identity provider asserting the same email, not a password set later from the account console, not an
 * email changed to leave the domain. acme (acme.test, verified, tenancy.sso.required) is the organization.
 */
@KeycloakIntegrationTest(config = TenancyServerConfig.class)
class SsoSideDoorsIT extends TenancyServerTest {

    private static final String OTP_SECRET = "tenancy-side-door-otp-secret";

    @BeforeEach
    void importRealms() {
        importRealms("acme-idp", "saas-b2b");
        SampleUsers.create(saas(), "pat@acme.test", "pat-local-password");
    }

    @Test
    void aBrowserFlowThatAClientOverridesIsRefusedToo() {
        String flow = createFlow("plain-browser", "auth-username-password-form");
        overrideFlow("demo-app", "browser", flow);
        Document page = startLogin().submitAndGet(Map.of("username", "pat@acme.test", "password", "pat-local-password"));
        assertRefused(page);
    }

    /** A one-time code is a credential of its own; a flow that signs in with it alone is still not Acme's IdP. */
    @Test
    void aCredentialOtherThanAPasswordIsRefused() throws Exception {
        addOtp(SampleUsers.id(saas(), "pat@acme.test"));
        String flow = createFlow("code-only", "auth-username-form", "auth-otp-form");
        overrideFlow("demo-app", "browser", flow);
        Login login = startLogin();
        Document page = login.submitAndGet(Map.of("username", "pat@acme.test"));
        assertNotNull(page);
        assertTrue(!page.select("input[name=otp]").isEmpty(), () -> "the code form: " + page.body().text());
        assertRefused(login.submitAndGet(Map.of("otp", totp(OTP_SECRET))));
    }

    @Test
    void aDirectGrantFlowThatAClientOverridesIsRefusedToo() throws Exception {
        String flow = createFlow("plain-direct-grant", "direct-grant-validate-username", "direct-grant-validate-password");
        overrideFlow("admin-cli", "direct_grant", flow);
        ApiClient.Result response = passwordGrant("pat@acme.test", "pat-local-password");
        assertEquals(400, response.status(), response.body());
    }

    /**
     * Another identity provider of the realm, trusting emails, asserts pat@acme.test; pat links it to the local
     * account by re-entering the local password. The login is refused and the link it made is gone again.
     */
    @Test
    void anotherIdentityProviderAssertingTheSameEmailIsRefused() {
        // Keycloak confirms such a link by email when the realm can send mail; here pat confirms with the password.
        RealmRepresentation withoutMail = saas().toRepresentation();
        withoutMail.setSmtpServer(Map.of());
        saas().update(withoutMail);
        PartnerIdentityProvider.add(admin, true);
        SampleUsers.create(realm("acme-idp"), "pat@acme.test", "pat-at-the-partner");
        OidcTestClient app = new OidcTestClient(urls.getBase(), "saas-b2b", "demo-app", DemoLogins.REDIRECT_URI);
        LoginBrowser browser = PartnerIdentityProvider.signIn(urls.getBase(), app, "pat@acme.test", "pat-at-the-partner", "openid");
        Document page = browser.page();
        for (int step = 0; page != null && step < 4; step++) {
            if (!page.select("button[name=submitAction][value=linkAccount], input[name=submitAction][value=linkAccount]").isEmpty()) {
                page = browser.submit(Map.of("submitAction", "linkAccount"));
            } else if (!page.select("input[name=password]").isEmpty()) {
                page = browser.submit(Map.of("password", "pat-local-password"));
            } else {
                break;
            }
        }
        assertRefused(page);
        String pat = SampleUsers.id(saas(), "pat@acme.test");
        assertTrue(saas().users().get(pat).getFederatedIdentity().isEmpty(), "the partner link was removed");
    }

    /** Alice signed in through Acme's IdP; the account console's "set up password" does not give her one. */
    @Test
    void noPasswordCanBeSetUpFromTheAccountConsole() {
        Login login = aliceThroughAcme();
        Document page = login.browser.open(login.app.authorizationUrl("openid", Map.of("kc_action", "UPDATE_PASSWORD")));
        assertRefused(page);
        String alice = SampleUsers.id(saas(), "alice@acme.test");
        assertTrue(saas().users().get(alice).credentials().stream().noneMatch(c -> c.getType().equals("password")),
                "no password was created");
    }

    /**
     * Changing the email away from acme.test would leave the enforcement. (In the sample realm the email is the
     * username and cannot be edited by users at all; a realm where it can is the one this protects.)
     */
    @Test
    void theEmailCannotBeChangedFromTheAccountConsoleToLeaveTheDomain() throws Exception {
        RealmRepresentation realm = saas().toRepresentation();
        realm.setRegistrationEmailAsUsername(false);
        saas().update(realm);
        JsonNode tokens = DemoLogins.aliceThroughAcmeIdp(urls.getBase(), "openid");
        String token = tokens.get("access_token").asText();
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> account = http.send(HttpRequest.newBuilder(URI.create(urls.getBase() + "/realms/saas-b2b/account/"))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, account.statusCode(), account.body());
        Map<String, Object> representation = new HashMap<>(new com.fasterxml.jackson.databind.ObjectMapper()
                .readValue(account.body(), Map.class));
        representation.put("email", "alice@elsewhere.test");
        HttpResponse<String> changed = http.send(HttpRequest.newBuilder(URI.create(urls.getBase() + "/realms/saas-b2b/account/"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ApiClient.json(representation))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, changed.statusCode(), changed.body());
        assertTrue(changed.body().contains("single sign-on"), changed.body());
        assertEquals("alice@acme.test", saas().users().get(SampleUsers.id(saas(), "alice@acme.test")).toRepresentation().getEmail());
    }

    /** With Keycloak's "Update email" action on, the email changes through it: refused the same way. */
    @Test
    void theEmailCannotBeChangedThroughUpdateEmailToLeaveTheDomain() {
        var updateEmail = saas().flows().getRequiredAction("UPDATE_EMAIL");
        updateEmail.setEnabled(true);
        saas().flows().updateRequiredAction("UPDATE_EMAIL", updateEmail);
        Login login = aliceThroughAcme();
        Document page = login.browser.open(login.app.authorizationUrl("openid", Map.of("kc_action", "UPDATE_EMAIL")));
        assertNotNull(page);
        assertTrue(!page.select("input[name=email]").isEmpty(), () -> "the update email form: " + page.body().text());
        Document refused = login.browser.submit(Map.of("email", "alice@elsewhere.test"));
        assertNotNull(refused, "the change is not accepted");
        assertTrue(refused.body().text().contains("single sign-on"), () -> "refused with the reason: " + refused.body().text());
        assertEquals("alice@acme.test", saas().users().get(SampleUsers.id(saas(), "alice@acme.test")).toRepresentation().getEmail());
    }

    /** A realm administrator may still change it: administrators are trusted with the realm's accounts. */
    @Test
    void aRealmAdministratorMayChangeTheEmail() {
        String pat = SampleUsers.id(saas(), "pat@acme.test");
        UserRepresentation representation = saas().users().get(pat).toRepresentation();
        representation.setEmail("pat@elsewhere.test");
        saas().users().get(pat).update(representation);
        assertEquals("pat@elsewhere.test", saas().users().get(pat).toRepresentation().getEmail());
    }

    private void assertRefused(Document page) {
        assertNotNull(page, "the login must not reach the application");
        assertTrue(page.body().text().contains("requires single sign-on"), () -> "refused with the reason: " + page.body().text());
    }

    private Login aliceThroughAcme() {
        OidcTestClient app = new OidcTestClient(urls.getBase(), "saas-b2b", "demo-app", DemoLogins.REDIRECT_URI);
        LoginBrowser browser = new LoginBrowser(app.redirectUri());
        assertNotNull(browser.open(app.authorizationUrl("openid")));
        assertNotNull(browser.submit(Map.of("username", "alice@acme.test")), "Acme's login page");
        assertNull(browser.submit(Map.of("username", "alice@acme.test", "password", "alice")),
                () -> "alice signs in: " + browser.page().body().text());
        return new Login(app, browser);
    }

    private Login startLogin() {
        OidcTestClient app = new OidcTestClient(urls.getBase(), "saas-b2b", "demo-app", DemoLogins.REDIRECT_URI);
        LoginBrowser browser = new LoginBrowser(app.redirectUri());
        assertNotNull(browser.open(app.authorizationUrl("openid")));
        return new Login(app, browser);
    }

    private record Login(OidcTestClient app, LoginBrowser browser) {
        Document submitAndGet(Map<String, String> fields) {
            return browser.submit(fields);
        }
    }

    /** A top-level flow of the given steps, each required, none of the pack's. */
    private String createFlow(String alias, String... authenticators) {
        AuthenticationFlowRepresentation flow = new AuthenticationFlowRepresentation();
        flow.setAlias(alias);
        flow.setProviderId("basic-flow");
        flow.setTopLevel(true);
        flow.setBuiltIn(false);
        try (Response created = saas().flows().createFlow(flow)) {
            assertEquals(201, created.getStatus());
        }
        for (String authenticator : authenticators) {
            saas().flows().addExecution(alias, Map.of("provider", authenticator));
        }
        for (AuthenticationExecutionInfoRepresentation execution : saas().flows().getExecutions(alias)) {
            execution.setRequirement("REQUIRED");
            saas().flows().updateExecutions(alias, execution);
        }
        return saas().flows().getFlows().stream().filter(f -> f.getAlias().equals(alias)).findFirst().orElseThrow().getId();
    }

    private void overrideFlow(String clientId, String binding, String flowId) {
        ClientRepresentation client = saas().clients().findByClientId(clientId).get(0);
        Map<String, String> overrides = new HashMap<>(client.getAuthenticationFlowBindingOverrides() == null
                ? Map.of() : client.getAuthenticationFlowBindingOverrides());
        overrides.put(binding, flowId);
        client.setAuthenticationFlowBindingOverrides(overrides);
        saas().clients().get(client.getId()).update(client);
    }

    /** An OTP credential with a known secret, as an import would bring it. */
    private void addOtp(String userId) {
        UserRepresentation user = saas().users().get(userId).toRepresentation();
        CredentialRepresentation otp = new CredentialRepresentation();
        otp.setType("otp");
        otp.setUserLabel("phone");
        otp.setSecretData("{\"value\":\"" + OTP_SECRET + "\"}");
        otp.setCredentialData("{\"subType\":\"totp\",\"digits\":6,\"counter\":0,\"period\":30,\"algorithm\":\"HmacSHA1\"}");
        UserRepresentation update = new UserRepresentation();
        update.setId(user.getId());
        update.setUsername(user.getUsername());
        update.setEmail(user.getEmail());
        update.setFirstName(user.getFirstName());
        update.setLastName(user.getLastName());
        update.setEnabled(true);
        update.setEmailVerified(true);
        update.setCredentials(List.of(otp));
        saas().users().get(userId).update(update);
        assertTrue(saas().users().get(userId).credentials().stream().anyMatch(c -> c.getType().equals("otp")),
                "the code credential is stored");
    }

    /** RFC 6238 with Keycloak's defaults: HMAC-SHA1 over the secret's bytes, 30 s steps, 6 digits. */
    private static String totp(String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(System.currentTimeMillis() / 1000 / 30).array());
        int offset = hash[hash.length - 1] & 0xf;
        int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
        return String.format("%06d", binary % 1_000_000);
    }

    private ApiClient.Result passwordGrant(String username, String password) {
        return ApiClient.passwordGrantAnswer(urls.getBase(), "saas-b2b", username, password, "admin-cli", null);
    }
}
