package dev.keycloaktenancy.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keycloaktenancy.testing.AdminLookups;
import dev.keycloaktenancy.testing.ApiClient;
import dev.keycloaktenancy.testing.DemoLogins;
import dev.keycloaktenancy.testing.LoginBrowser;
import dev.keycloaktenancy.testing.Mails;
import dev.keycloaktenancy.testing.OidcTestClient;
import dev.keycloaktenancy.testing.PortalBrowser;
import dev.keycloaktenancy.testing.SampleUsers;
import dev.keycloaktenancy.testing.TenancyServerConfig;
import dev.keycloaktenancy.testing.TenancyServerTest;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import jakarta.ws.rs.core.Response;
import org.keycloak.representations.idm.AuthenticationExecutionInfoRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MFA policy in real sign-ins, in Chromium on Keycloak's own login pages (the portal's sign-in): a member of an
 * organization that requires MFA sets up OTP at their next sign-in and is asked for a code at the one after; a member
 * of two organizations gets the strictest policy; a member of organizations without the policy is not asked; the
 * password grant, which cannot ask for a code, is refused. A login through the organization's own identity provider
 * satisfies its policy; a password login of the same organization's member does not.
 */
@KeycloakIntegrationTest(config = TenancyServerConfig.class)
class MfaEnforcementIT extends TenancyServerTest {

    @Test
    void aMemberIsAskedToSetUpOtpThenChallenged() throws Exception {
        importRealms("saas-b2b");
        String erin = SampleUsers.createMember(saas(), "acme", "erin.acme@example.test", "erin-acme");
        SampleUsers.createMember(saas(), "globex", "finn@globex.test", "finn-pw");
        assertEquals(200, adminApi("saas-b2b").put("/organizations/globex/security",
                "{\"mfa\": \"required\", \"mfaMethods\": [\"otp\"], \"ssoRequired\": false}").status());

        // dave is a member of globex only; carol of acme and globex (the strictest policy, globex's, wins).
        for (String[] person : new String[][]{{"dave@globex.test", "dave"}, {"carol@globex.test", "carol"}}) {
            String secret;
            try (PortalBrowser browser = new PortalBrowser(urls.getBase(), "saas-b2b")) {
                signInUpToSecondFactor(browser, person[0], person[1]);
                secret = browser.waitForPresence(By.id("totpSecret")).getAttribute("value");
                browser.type(By.id("totp"), totp(secret, 0));
                browser.click(By.id("saveTOTPBtn"));
                waitForPortal(browser);
            }
            String userId = SampleUsers.id(saas(), person[0]);
            List<CredentialRepresentation> credentials = saas().users().get(userId).credentials();
            assertTrue(credentials.stream().anyMatch(c -> "otp".equals(c.getType())), person[0] + " set up OTP");

            try (PortalBrowser browser = new PortalBrowser(urls.getBase(), "saas-b2b")) {
                signInUpToSecondFactor(browser, person[0], person[1]);
                browser.type(By.id("otp"), "000000".equals(totp(secret, 1)) ? "111111" : "000000");
                browser.click(By.id("kc-login"));
                // the page is replaced after the click: a body found just before that is stale when read
                new WebDriverWait(browser.driver(), Duration.ofSeconds(15)).ignoring(StaleElementReferenceException.class)
                        .until(d -> d.findElement(By.tagName("body")).getText().toLowerCase()
                                .contains("invalid authenticator code"));
                assertFalse(browser.driver().getCurrentUrl().startsWith(browser.portalUrl()), "a wrong code is refused");
                // the next period's code: the one used at setup may not be used again
                browser.type(By.id("otp"), totp(secret, 1));
                browser.click(By.id("kc-login"));
                waitForPortal(browser);
            }
        }

        // A member of organizations without the policy signs in with a password only.
        try (PortalBrowser browser = new PortalBrowser(urls.getBase(), "saas-b2b")) {
            browser.signIn("", "erin.acme@example.test", "erin-acme");
        }
        assertFalse(saas().users().get(erin).credentials().stream().anyMatch(c -> "otp".equals(c.getType())));

        // The password grant cannot show the setup: refused for finn (globex, no second factor), allowed for erin.
        ApiClient.Result refused = ApiClient.passwordGrantAnswer(urls.getBase(), "saas-b2b", "finn@globex.test",
                "finn-pw", "demo-cli", null);
        assertEquals(400, refused.status(), refused::toString);
        assertEquals("invalid_grant", refused.json().get("error").asText());
        assertTrue(refused.json().get("error_description").asText().contains("not fully set up"), refused::toString);
        assertEquals(200, ApiClient.passwordGrantAnswer(urls.getBase(), "saas-b2b", "erin.acme@example.test",
                "erin-acme", "demo-cli", null).status());

        // Turning the policy off ends it at the next sign-in.
        assertEquals(200, adminApi("saas-b2b").patch("/organizations/globex/security", "{\"mfa\": \"off\"}").status());
        assertEquals(200, ApiClient.passwordGrantAnswer(urls.getBase(), "saas-b2b", "finn@globex.test", "finn-pw",
                "demo-cli", null).status());
    }

    /**
     * A login through the organization's own identity provider satisfies that organization's policy, not another's:
     * a member of both, signing in through the first one's provider, still sets up a second factor for the second.
     */
    @Test
    void theOrganizationsOwnIdentityProviderAnswersForItsLogins() {
        importRealms("saas-b2b", "acme-idp");
        assertEquals(200, adminApi("saas-b2b").put("/organizations/acme/security",
                "{\"mfa\": \"required\", \"mfaMethods\": [\"otp\"], \"ssoRequired\": false}").status());

        // Through acme's own identity provider: acme's policy is its provider's business, no local factor.
        JsonNode tokens = DemoLogins.aliceThroughAcmeIdp(urls.getBase(), "openid");
        assertTrue(tokens.hasNonNull("access_token"));

        // Alice in globex too, which requires MFA as well: acme's provider does not answer for globex.
        String alice = saas().users().searchByEmail("alice@acme.test", true).get(0).getId();
        try (Response added = AdminLookups.organizationResource(saas(), "globex").members().addMember(alice)) {
            assertEquals(201, added.getStatus());
        }
        assertEquals(200, adminApi("saas-b2b").put("/organizations/globex/security",
                "{\"mfa\": \"required\", \"mfaMethods\": [\"otp\"], \"ssoRequired\": false}").status());
        OidcTestClient app = new OidcTestClient(urls.getBase(), "saas-b2b", "demo-app", DemoLogins.REDIRECT_URI);
        LoginBrowser throughIdp = new LoginBrowser(app.redirectUri());
        throughIdp.open(app.authorizationUrl("openid"));
        throughIdp.submit(Map.of("username", "alice@acme.test"));
        Document owed = throughIdp.submit(Map.of("username", "alice@acme.test", "password", "alice"));
        assertNotNull(owed, "alice is stopped before the application");
        assertFalse(owed.select("input[name=totpSecret]").isEmpty(), () -> "expected OTP setup: " + owed.body().text());
        assertNull(throughIdp.appRedirect());

        // A member of acme signing in with a local password sets up a second factor first.
        LoginBrowser browser = new LoginBrowser(app.redirectUri());
        browser.open(app.authorizationUrl("openid"));
        browser.submit(Map.of("username", "carol@globex.test"));
        Document page = browser.submit(Map.of("password", "carol"));
        assertNotNull(page, "carol is stopped before the application");
        assertFalse(page.select("input[name=totpSecret]").isEmpty(), () -> "expected OTP setup: " + page.body().text());
        assertNull(browser.appRedirect());
    }

    /**
     * Tokens say how the member signed in, by Keycloak's conventions: its AMR mapper names each completed step by the
     * execution's authentication reference; a factor set up or a code entered on the policy's own page counts as the
     * realm's OTP step. The application's flow here has a password step only, so nothing but the policy asks for a
     * second factor. {@code acr} stays Keycloak's ("1": authenticated in this request).
     */
    @Test
    void tokensNameTheSecondFactorTheMemberCompleted() throws Exception {
        importRealms("saas-b2b");
        SampleUsers.createMember(saas(), "acme", "erin.acme@example.test", "erin-acme");
        assertEquals(200, adminApi("saas-b2b").put("/organizations/globex/security",
                "{\"mfa\": \"required\", \"mfaMethods\": [\"otp\"], \"ssoRequired\": false}").status());
        OidcTestClient app = amrApp(passwordOnlyFlow());
        referTo("browser", "auth-otp-form", "otp");

        // First sign-in: dave sets up OTP, which proves it.
        LoginBrowser browser = new LoginBrowser(app.redirectUri());
        browser.open(app.authorizationUrl("openid"));
        Document setup = browser.submit(Map.of("username", "dave@globex.test", "password", "dave"));
        assertNotNull(setup, "dave is asked to set up OTP");
        String secret = setup.select("input[name=totpSecret]").val();
        assertFalse(secret.isEmpty(), () -> "expected OTP setup: " + setup.body().text());
        assertNull(browser.submit(Map.of("totp", totp(secret, 0), "userLabel", "phone")),
                () -> "expected the redirect: " + browser.page().body().text());
        JsonNode enrolled = app.exchange(browser.appRedirect());
        assertEquals(Set.of("pwd", "otp"), amrOf(enrolled.get("access_token").asText()));
        assertEquals(Set.of("pwd", "otp"), amrOf(enrolled.get("id_token").asText()));
        assertEquals("1", OidcTestClient.claims(enrolled.get("access_token").asText()).get("acr").asText());

        // Second sign-in: the policy's own page asks for a code.
        LoginBrowser again = new LoginBrowser(app.redirectUri());
        again.open(app.authorizationUrl("openid"));
        Document challenge = again.submit(Map.of("username", "dave@globex.test", "password", "dave"));
        assertNotNull(challenge, "dave is asked for a code");
        assertNull(again.submit(Map.of("otp", totp(secret, 1))),
                () -> "expected the redirect: " + again.page().body().text());
        JsonNode challenged = app.exchange(again.appRedirect());
        assertEquals(Set.of("pwd", "otp"), amrOf(challenged.get("access_token").asText()));
        assertEquals("1", OidcTestClient.claims(challenged.get("access_token").asText()).get("acr").asText());

        // A member of organizations without the policy: the password only, no claim of a second factor.
        LoginBrowser erin = new LoginBrowser(app.redirectUri());
        erin.open(app.authorizationUrl("openid"));
        assertNull(erin.submit(Map.of("username", "erin.acme@example.test", "password", "erin-acme")),
                () -> "expected the redirect: " + erin.page().body().text());
        assertEquals(Set.of("pwd"), amrOf(app.exchange(erin.appRedirect()).get("access_token").asText()));
    }

    /**
     * The paths besides a password sign-in, through the real pages: forgotten password (the member sets a new one, then
     * the second factor), registering through an invitation to the organization (the new member sets up a second factor
     * before landing anywhere), and an organization that accepts security keys only (Keycloak's WebAuthn registration).
     * Identity-first sign-in is the portal's, which {@link #aMemberIsAskedToSetUpOtpThenChallenged} goes through.
     */
    @Test
    void noOtherSignInPathSkipsTheSecondFactor() throws Exception {
        importRealms("saas-b2b");
        Mails.useTestMailServer(saas());
        assertEquals(200, adminApi("saas-b2b").put("/organizations/globex/security",
                "{\"mfa\": \"required\", \"mfaMethods\": [\"otp\"], \"ssoRequired\": false}").status());
        OidcTestClient app = new OidcTestClient(urls.getBase(), "saas-b2b", "demo-app", DemoLogins.REDIRECT_URI);

        // Forgotten password: OTP is set up and the new password set, and only then the application.
        LoginBrowser reset = new LoginBrowser(app.redirectUri());
        reset.open(app.authorizationUrl("openid"));
        Document passwordPage = reset.submit(Map.of("username", "dave@globex.test"));
        assertNotNull(passwordPage);
        Element forgot = passwordPage.selectFirst("a[href*=reset-credentials]");
        assertNotNull(forgot, () -> "expected a forgot password link: " + passwordPage.body().text());
        reset.open(forgot.absUrl("href"));
        reset.submit(Map.of("username", "dave@globex.test"));
        assertTrue(mail.waitForIncomingEmail(1), "the reset email");
        // Keycloak evaluates required actions by priority: setting up OTP (10) comes before the new password (30).
        Document setup = reset.open(Mails.realmLink(mail.getLastReceivedMessage()));
        assertNotNull(setup);
        assertFalse(setup.select("input[name=totpSecret]").isEmpty(), () -> "expected OTP setup: " + setup.body().text());
        Document newPassword = reset.submit(Map.of("totp", totp(setup.select("input[name=totpSecret]").val(), 0),
                "userLabel", "phone"));
        assertNull(reset.appRedirect(), "not at the application before the new password");
        assertNotNull(newPassword);
        assertFalse(newPassword.select("input[name=password-new]").isEmpty(),
                () -> "expected the new password page: " + newPassword.body().text());
        assertNull(reset.submit(Map.of("password-new", "Dave-new-1", "password-confirm", "Dave-new-1")),
                () -> "expected the application: " + reset.page().body().text());
        assertNotNull(app.exchange(reset.appRedirect()).get("access_token"));

        // Registering through an invitation to globex: a new member sets up a second factor before landing.
        assertEquals(201, adminApi("saas-b2b").post("/organizations/globex/invitations",
                ApiClient.json(Map.of("email", "newbie@example.test", "roles", List.of()))).status());
        assertTrue(mail.waitForIncomingEmail(2), "the invitation email");
        LoginBrowser invited = new LoginBrowser("http://localhost:3000/never");
        Document registration = invited.open(Mails.realmLink(mail.getLastReceivedMessage()));
        assertNotNull(registration);
        assertFalse(registration.select("input[name=password-confirm]").isEmpty(),
                () -> "expected the registration form: " + registration.body().text());
        Document afterRegistration = invited.submit(Map.of("firstName", "New", "lastName", "Bie",
                "password", "Newbie-pass-1", "password-confirm", "Newbie-pass-1"));
        assertNotNull(afterRegistration, "the new member is stopped before landing");
        assertFalse(afterRegistration.select("input[name=totpSecret]").isEmpty(),
                () -> "expected OTP setup: " + afterRegistration.body().text());
        String newbie = SampleUsers.id(saas(), "newbie@example.test");
        assertTrue(AdminLookups.organizationResource(saas(), "globex").members().getAll().stream()
                .anyMatch(m -> m.getId().equals(newbie)), "a member of globex");
        assertTrue(saas().users().get(newbie).getUserSessions().isEmpty(), "and no session yet");

        // Security keys only: finn is taken to Keycloak's WebAuthn registration.
        SampleUsers.createMember(saas(), "globex", "finn@globex.test", "finn-pw");
        assertEquals(200, adminApi("saas-b2b").patch("/organizations/globex/security",
                "{\"mfaMethods\": [\"webauthn\"]}").status());
        LoginBrowser keys = new LoginBrowser(app.redirectUri());
        keys.open(app.authorizationUrl("openid"));
        keys.submit(Map.of("username", "finn@globex.test"));
        Document register = keys.submit(Map.of("password", "finn-pw"));
        assertNotNull(register, "finn is stopped before the application");
        assertFalse(register.select("input[name=attestationObject]").isEmpty(),
                () -> "expected security key registration: " + register.body().text());
        assertNull(keys.appRedirect());
    }

    /**
     * A security key through the real pages, in Chromium with a virtual authenticator (WebAuthn over CDP). An
     * organization that accepts security keys only has its member register one (Keycloak's WebAuthn Register) at the
     * next sign-in. In a realm whose browser flow never asks for a key (Keycloak's default: the step is there but
     * disabled), the policy's action asks for it itself, on Keycloak's security key page, before any session exists;
     * the same when the organization accepts OTP too but the member has a key only (no OTP setup). The key checked by
     * the action is named in the tokens as the realm's WebAuthn step ({@code hwk} beside the password's {@code pwd}).
     * Once the realm turns its flow's key step on, that step asks for it and satisfies the policy.
     */
    @Test
    void aSecurityKeyIsRegisteredThenAskedForAndNamedInTokens() {
        importRealms("saas-b2b");
        String finn = SampleUsers.createMember(saas(), "globex", "finn@globex.test", "finn-pw");
        assertEquals(200, adminApi("saas-b2b").put("/organizations/globex/security",
                "{\"mfa\": \"required\", \"mfaMethods\": [\"webauthn\"], \"ssoRequired\": false}").status());
        assertTrue(saas().flows().getExecutions("browser").stream()
                .filter(e -> "webauthn-authenticator".equals(e.getProviderId()))
                .allMatch(e -> "DISABLED".equals(e.getRequirement())), "the realm's flow does not ask for keys");
        OidcTestClient app = amrApp(passwordOnlyFlow());
        referTo("browser", "webauthn-authenticator", "hwk");

        try (PortalBrowser browser = new PortalBrowser(urls.getBase(), "saas-b2b")) {
            addVirtualAuthenticator(browser);
            signInUpToSecondFactor(browser, "finn@globex.test", "finn-pw");
            browser.click(By.id("registerWebAuthn"));
            browser.confirm(); // the key's label: Keycloak's default
            waitForPortal(browser);
            assertTrue(saas().users().get(finn).credentials().stream().anyMatch(c -> "webauthn".equals(c.getType())),
                    "finn registered a security key");

            for (String methods : List.of("[\"webauthn\"]", "[\"otp\", \"webauthn\"]")) {
                assertEquals(200, adminApi("saas-b2b").patch("/organizations/globex/security",
                        "{\"mfaMethods\": " + methods + "}").status());
                browser.click(By.id("sign-out"));
                signInUpToSecondFactor(browser, "finn@globex.test", "finn-pw");
                browser.waitFor(By.id("authenticateWebAuthnButton"));
                assertFalse(browser.driver().getCurrentUrl().startsWith(browser.portalUrl()), "the key is asked for");
                assertTrue(browser.driver().findElements(By.id("totpSecret")).isEmpty(), "no OTP setup");
                assertTrue(saas().users().get(finn).getUserSessions().isEmpty(), "no session before the key");
                browser.click(By.id("authenticateWebAuthnButton"));
                waitForPortal(browser);
            }

            // The application's tokens after password + the key the action checked: amr names both.
            browser.click(By.id("sign-out"));
            browser.waitFor(By.id("username"));
            browser.driver().get(app.authorizationUrl("openid"));
            browser.type(By.id("username"), "finn@globex.test");
            browser.type(By.id("password"), "finn-pw");
            browser.click(By.id("kc-login"));
            browser.waitFor(By.id("authenticateWebAuthnButton"));
            assertTrue(saas().users().get(finn).getUserSessions().isEmpty(), "no session before the key");
            browser.click(By.id("authenticateWebAuthnButton"));
            JsonNode tokens = app.exchange(appRedirect(browser, app));
            assertEquals(Set.of("pwd", "hwk"), amrOf(tokens.get("access_token").asText()));
            assertEquals(Set.of("pwd", "hwk"), amrOf(tokens.get("id_token").asText()));
            assertEquals("1", OidcTestClient.claims(tokens.get("access_token").asText()).get("acr").asText());

            // The realm's browser flow asks for keys now: its own step asks, and satisfies the policy.
            AuthenticationExecutionInfoRepresentation keyStep = saas().flows().getExecutions("browser").stream()
                    .filter(e -> "webauthn-authenticator".equals(e.getProviderId())).findFirst().orElseThrow();
            keyStep.setRequirement("ALTERNATIVE");
            saas().flows().updateExecutions("browser", keyStep);
            saas().users().get(finn).logout(); // the application's session: the next sign-in asks again
            signInUpToSecondFactor(browser, "finn@globex.test", "finn-pw");
            browser.waitFor(By.id("authenticateWebAuthnButton"));
            assertFalse(browser.driver().getCurrentUrl().startsWith(browser.portalUrl()), "the key is asked for");
            browser.click(By.id("authenticateWebAuthnButton"));
            waitForPortal(browser);
        }
        assertEquals(1, saas().users().get(finn).credentials().stream()
                .filter(c -> "webauthn".equals(c.getType())).count(), "the one key, no other factor set up");
        assertFalse(saas().users().get(finn).credentials().stream().anyMatch(c -> "otp".equals(c.getType())));
    }

    /**
     * A passkey, where the realm offers passkeys (its WebAuthn Passwordless Policy, passkeys on: Keycloak's username
     * page has a "sign in with a passkey" button). Signing in with a passkey (user verified by the key) is the proof the
     * policy's security key page would ask for, so an organization accepting security keys and passkeys is satisfied
     * by it without a second prompt; an organization accepting OTP only still has the member set up OTP, before any
     * session exists.
     */
    @Test
    void aPasskeySignInCountsAsTheSecurityKeyMethodOnly() throws Exception {
        importRealms("saas-b2b");
        RealmRepresentation realm = saas().toRepresentation();
        realm.setWebAuthnPolicyPasswordlessPasskeysEnabled(true);
        realm.setWebAuthnPolicyPasswordlessUserVerificationRequirement("required");
        realm.setWebAuthnPolicyPasswordlessResidentKey("required"); // discoverable: signed in with, no username first
        realm.setWebAuthnPolicyPasswordlessRequireResidentKey("Yes");
        realm.setWebAuthnPolicyPasswordlessMediation("none"); // the button only, no autofill prompt racing it
        saas().update(realm);
        String finn = SampleUsers.createMember(saas(), "globex", "finn@globex.test", "finn-pw");
        UserRepresentation user = saas().users().get(finn).toRepresentation();
        user.setRequiredActions(List.of("webauthn-register-passwordless"));
        saas().users().get(finn).update(user);

        try (PortalBrowser browser = new PortalBrowser(urls.getBase(), "saas-b2b")) {
            addVirtualAuthenticator(browser);
            // No policy yet: the passkey is registered at a password sign-in, as the realm administrator asked.
            signInUpToSecondFactor(browser, "finn@globex.test", "finn-pw");
            browser.click(By.id("registerWebAuthn"));
            browser.confirm();
            waitForPortal(browser);
            assertTrue(saas().users().get(finn).credentials().stream()
                    .anyMatch(c -> "webauthn-passwordless".equals(c.getType())), "finn registered a passkey");

            // Security keys and passkeys accepted: the passkey on the username page is all it takes.
            assertEquals(200, adminApi("saas-b2b").put("/organizations/globex/security",
                    "{\"mfa\": \"required\", \"mfaMethods\": [\"webauthn\"], \"ssoRequired\": false}").status());
            browser.click(By.id("sign-out"));
            signInWithPasskey(browser);
            waitForPortal(browser);
            assertEquals(1, saas().users().get(finn).getUserSessions().size());

            // OTP only: the passkey is not OTP; OTP is set up before any session exists.
            assertEquals(200, adminApi("saas-b2b").patch("/organizations/globex/security",
                    "{\"mfaMethods\": [\"otp\"]}").status());
            browser.click(By.id("sign-out"));
            signInWithPasskey(browser);
            String secret = browser.waitForPresence(By.id("totpSecret")).getAttribute("value");
            assertFalse(browser.driver().getCurrentUrl().startsWith(browser.portalUrl()), "stopped before the portal");
            assertTrue(saas().users().get(finn).getUserSessions().isEmpty(), "no session before the second factor");
            browser.type(By.id("totp"), totp(secret, 0));
            browser.click(By.id("saveTOTPBtn"));
            waitForPortal(browser);
        }
        assertTrue(saas().users().get(finn).credentials().stream().anyMatch(c -> "otp".equals(c.getType())));
    }

    private static void addVirtualAuthenticator(PortalBrowser browser) {
        ((HasVirtualAuthenticator) browser.driver()).addVirtualAuthenticator(new VirtualAuthenticatorOptions()
                .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                .setTransport(VirtualAuthenticatorOptions.Transport.USB)
                .setHasResidentKey(true).setHasUserVerification(true).setIsUserVerified(true));
    }

    /** The portal's sign-in, with the passkey button of Keycloak's username page instead of a username. */
    private static void signInWithPasskey(PortalBrowser browser) {
        browser.driver().get(browser.portalUrl());
        browser.waitFor(By.id("username"));
        browser.click(By.id("authenticateWebAuthnButton"));
    }

    /** demo-app signing in with the given browser flow, with Keycloak's AMR mapper on its tokens. */
    private OidcTestClient amrApp(String browserFlowId) {
        ClientRepresentation demoApp = saas().clients().findByClientId("demo-app").get(0);
        demoApp.setAuthenticationFlowBindingOverrides(Map.of("browser", browserFlowId));
        saas().clients().get(demoApp.getId()).update(demoApp);
        ProtocolMapperRepresentation amr = new ProtocolMapperRepresentation();
        amr.setName("amr");
        amr.setProtocol("openid-connect");
        amr.setProtocolMapper("oidc-amr-mapper");
        amr.setConfig(Map.of("access.token.claim", "true", "id.token.claim", "true"));
        try (Response created = saas().clients().get(demoApp.getId()).getProtocolMappers().createMapper(amr)) {
            assertEquals(201, created.getStatus());
        }
        return new OidcTestClient(urls.getBase(), "saas-b2b", "demo-app", DemoLogins.REDIRECT_URI);
    }

    /** Where Chromium was sent back to the application (nothing listens there: the address is what counts). */
    private static URI appRedirect(PortalBrowser browser, OidcTestClient app) {
        new WebDriverWait(browser.driver(), Duration.ofSeconds(15))
                .until(d -> d.getCurrentUrl().startsWith(app.redirectUri()));
        return URI.create(browser.driver().getCurrentUrl());
    }

    /** A top-level browser flow of one required username and password form, whose reference is {@code pwd}. */
    private String passwordOnlyFlow() {
        AuthenticationFlowRepresentation flow = new AuthenticationFlowRepresentation();
        flow.setAlias("password-only");
        flow.setProviderId("basic-flow");
        flow.setTopLevel(true);
        flow.setBuiltIn(false);
        try (Response created = saas().flows().createFlow(flow)) {
            assertEquals(201, created.getStatus());
        }
        saas().flows().addExecution("password-only", Map.of("provider", "auth-username-password-form"));
        AuthenticationExecutionInfoRepresentation form = saas().flows().getExecutions("password-only").get(0);
        form.setRequirement("REQUIRED");
        saas().flows().updateExecutions("password-only", form);
        referTo("password-only", "auth-username-password-form", "pwd");
        return saas().flows().getFlows().stream().filter(f -> f.getAlias().equals("password-only")).findFirst()
                .orElseThrow().getId();
    }

    /** Sets the authentication reference (Keycloak's AMR value) of a flow's step, valid for an hour. */
    private void referTo(String flowAlias, String authenticator, String reference) {
        AuthenticationExecutionInfoRepresentation execution = saas().flows().getExecutions(flowAlias).stream()
                .filter(e -> authenticator.equals(e.getProviderId())).findFirst().orElseThrow();
        AuthenticatorConfigRepresentation config = new AuthenticatorConfigRepresentation();
        config.setAlias(flowAlias + "-" + reference);
        // Keycloak names a step only while its max age lasts after it completed (0, the default: that second only)
        config.setConfig(Map.of("default.reference.value", reference, "default.reference.maxAge", "3600"));
        try (Response created = saas().flows().newExecutionConfig(execution.getId(), config)) {
            assertEquals(201, created.getStatus());
        }
    }

    private static Set<String> amrOf(String jwt) {
        Set<String> amr = new HashSet<>();
        OidcTestClient.claims(jwt).path("amr").forEach(value -> amr.add(value.asText()));
        return amr;
    }

    private static void signInUpToSecondFactor(PortalBrowser browser, String username, String password) {
        browser.driver().get(browser.portalUrl());
        browser.type(By.id("username"), username);
        browser.click(By.id("kc-login"));
        browser.type(By.id("password"), password);
        browser.click(By.id("kc-login"));
    }

    private static void waitForPortal(PortalBrowser browser) {
        try {
            new WebDriverWait(browser.driver(), Duration.ofSeconds(15)).until(d -> d.getCurrentUrl()
                    .startsWith(browser.portalUrl()) && !d.findElements(By.cssSelector("#user-name, #no-organizations"))
                    .isEmpty());
        } catch (TimeoutException e) {
            throw new AssertionError("expected the portal, at " + browser.driver().getCurrentUrl() + ": "
                    + browser.driver().findElement(By.tagName("body")).getText(), e);
        }
    }

    /**
     * The TOTP code of Keycloak's default policy (HMAC-SHA1, 6 digits, 30 seconds) for a period from now (0: this one,
     * 1: the next); Keycloak's secret is the key's text itself, as the setup page's hidden field carries it.
     */
    private static String totp(String secret, int periodsFromNow) throws GeneralSecurityException {
        long counter = System.currentTimeMillis() / 1000 / 30 + periodsFromNow;
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(counter).array());
        int offset = hash[hash.length - 1] & 0xf;
        int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
        return String.format("%06d", binary % 1_000_000);
    }
}
