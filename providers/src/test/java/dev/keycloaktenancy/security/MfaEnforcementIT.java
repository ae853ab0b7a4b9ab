package dev.keycloaktenancy.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keycloaktenancy.testing.ApiClient;
import dev.keycloaktenancy.testing.DemoLogins;
import dev.keycloaktenancy.testing.LoginBrowser;
import dev.keycloaktenancy.testing.OidcTestClient;
import dev.keycloaktenancy.testing.PortalBrowser;
import dev.keycloaktenancy.testing.SampleUsers;
import dev.keycloaktenancy.testing.TenancyServerConfig;
import dev.keycloaktenancy.testing.TenancyServerTest;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

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
                new WebDriverWait(browser.driver(), Duration.ofSeconds(15)).until(d -> d.findElement(By.tagName("body"))
                        .getText().toLowerCase().contains("invalid authenticator code"));
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

    @Test
    void theOrganizationsOwnIdentityProviderAnswersForItsLogins() {
        importRealms("saas-b2b", "acme-idp");
        assertEquals(200, adminApi("saas-b2b").put("/organizations/acme/security",
                "{\"mfa\": \"required\", \"mfaMethods\": [\"otp\"], \"ssoRequired\": false}").status());

        // Through acme's own identity provider: acme's policy is its provider's business, no local factor.
        JsonNode tokens = DemoLogins.aliceThroughAcmeIdp(urls.getBase(), "openid");
        assertTrue(tokens.hasNonNull("access_token"));

        // A member of acme signing in with a local password sets up a second factor first.
        OidcTestClient app = new OidcTestClient(urls.getBase(), "saas-b2b", "demo-app", DemoLogins.REDIRECT_URI);
        LoginBrowser browser = new LoginBrowser(app.redirectUri());
        browser.open(app.authorizationUrl("openid"));
        browser.submit(Map.of("username", "carol@globex.test"));
        Document page = browser.submit(Map.of("password", "carol"));
        assertNotNull(page, "carol is stopped before the application");
        assertFalse(page.select("input[name=totpSecret]").isEmpty(), () -> "expected OTP setup: " + page.body().text());
        assertNull(browser.appRedirect());
    }

    private static void signInUpToSecondFactor(PortalBrowser browser, String username, String password) {
        browser.driver().get(browser.portalUrl());
        browser.type(By.id("username"), username);
        browser.click(By.id("kc-login"));
        browser.type(By.id("password"), password);
        browser.click(By.id("kc-login"));
    }

    private static void waitForPortal(PortalBrowser browser) {
        new WebDriverWait(browser.driver(), Duration.ofSeconds(15)).until(d -> d.getCurrentUrl()
                .startsWith(browser.portalUrl()) && !d.findElements(By.cssSelector("#user-name, #no-organizations"))
                .isEmpty());
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
