package dev.keycloaktenancy.testing;

import com.fasterxml.jackson.databind.JsonNode;
import org.jsoup.nodes.Document;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Complete sign-ins to the sample realm saas-b2b's demo-app through the real login pages, returning the tokens. */
public final class DemoLogins {

    public static final String REDIRECT_URI = "http://localhost:3000/callback";

    private DemoLogins() {
    }

    /**
     * A local account: email, then password and, when the plain "organization" scope makes Keycloak ask (before or
     * after the password), the organization to pick.
     */
    public static JsonNode withPassword(String baseUrl, String username, String password, String scope,
                                        String organizationToPick) {
        OidcTestClient app = new OidcTestClient(baseUrl, "saas-b2b", "demo-app", REDIRECT_URI);
        LoginBrowser browser = new LoginBrowser(app.redirectUri());
        assertNotNull(browser.open(app.authorizationUrl(scope)), "expected the login page");
        Document page = browser.submit(Map.of("username", username));
        boolean picked = false;
        for (int step = 0; page != null && step < 3; step++) {
            if (!page.select("[name=\"kc.org\"]").isEmpty()) {
                assertNotNull(organizationToPick, () -> "unexpected organization selection: " + browser.page().body().text());
                page = browser.submit(Map.of("kc.org", organizationToPick));
                picked = true;
            } else if (!page.select("input[name=password]").isEmpty()) {
                page = browser.submit(Map.of("password", password));
            } else {
                break;
            }
        }
        assertNull(page, () -> "expected the redirect to demo-app, but: " + browser.page().body().text());
        assertEquals(organizationToPick != null, picked, "organization selection shown");
        return app.exchange(browser.appRedirect());
    }

    /** Alice through Acme's identity provider (realm acme-idp must be imported too). */
    public static JsonNode aliceThroughAcmeIdp(String baseUrl, String scope) {
        return throughAcmeIdp(baseUrl, "alice@acme.test", "alice", scope);
    }

    /** A user of realm acme-idp through Acme's identity provider, in a fresh browser. */
    public static JsonNode throughAcmeIdp(String baseUrl, String username, String password, String scope) {
        OidcTestClient app = new OidcTestClient(baseUrl, "saas-b2b", "demo-app", REDIRECT_URI);
        LoginBrowser browser = new LoginBrowser(app.redirectUri());
        assertNotNull(browser.open(app.authorizationUrl(scope)), "expected the login page");
        assertNotNull(browser.submit(Map.of("username", username)), "expected acme-idp's login page");
        Document page = browser.submit(Map.of("username", username, "password", password));
        assertNull(page, () -> "expected the redirect to demo-app, but: " + browser.page().body().text());
        return app.exchange(browser.appRedirect());
    }
}
