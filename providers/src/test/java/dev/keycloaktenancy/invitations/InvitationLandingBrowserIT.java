package dev.keycloaktenancy.invitations;

import com.sun.net.httpserver.HttpServer;
import dev.keycloaktenancy.testing.AdminLookups;
import dev.keycloaktenancy.testing.ApiClient;
import dev.keycloaktenancy.testing.Mails;
import dev.keycloaktenancy.testing.PortalBrowser;
import dev.keycloaktenancy.testing.TenancyServerConfig;
import dev.keycloaktenancy.testing.TenancyServerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where a person lands after registering through an invitation link, in a real browser (Debian's Chromium): on the
 * organization's redirect URL when it has one (here a page of an application), else in the organization portal,
 * signed in, and never on one of Keycloak's error pages.
 */
@KeycloakIntegrationTest(config = TenancyServerConfig.class)
class InvitationLandingBrowserIT extends TenancyServerTest {

    private ApiClient api;

    @BeforeEach
    void importRealm() {
        importRealms("saas-b2b");
        Mails.useTestMailServer(saas());
        api = adminApi("saas-b2b");
    }

    @Test
    void aNewMemberLandsSignedInInThePortal() {
        String portal = urls.getBase() + "/realms/saas-b2b/tenancy/portal/";
        try (PortalBrowser browser = new PortalBrowser(urls.getBase(), "saas-b2b")) {
            WebDriver driver = register(browser, "newbie@example.test");
            // Keycloak hands the landing page a code issued to the account console; the portal sets it aside and
            // signs in on its own, which the new session completes at once.
            try {
                new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> d.getCurrentUrl().startsWith(portal)
                        && !d.findElements(By.id("user-name")).isEmpty());
            } catch (TimeoutException e) {
                throw new AssertionError("expected the portal, signed in; the browser shows " + driver.getCurrentUrl()
                        + ": " + driver.findElement(By.tagName("body")).getText(), e);
            }
            assertTrue(browser.waitFor(By.id("user-name")).getText().toLowerCase().contains("new"),
                    "signed in as the new member");
        }
        assertEquals(1, api.get("/organizations/acme/members").json().findValuesAsText("email").stream()
                .filter("newbie@example.test"::equals).count(), "she is a member of acme");
    }

    @Test
    void aNewMemberLandsOnTheOrganizationsRedirectUrl() throws IOException {
        HttpServer application = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        application.createContext("/", exchange -> {
            byte[] page = "<html><title>Acme app</title><body>Welcome to the Acme app</body></html>"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        application.start();
        try {
            String home = "http://localhost:" + application.getAddress().getPort() + "/welcome";
            OrganizationRepresentation acme = AdminLookups.organization(saas(), "acme");
            acme.setRedirectUrl(home);
            AdminLookups.organizationResource(saas(), "acme").update(acme).close();

            try (PortalBrowser browser = new PortalBrowser(urls.getBase(), "saas-b2b")) {
                WebDriver driver = register(browser, "newbie@example.test");
                try {
                    new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> d.getCurrentUrl().startsWith(home)
                            && d.findElement(By.tagName("body")).getText().contains("Welcome to the Acme app"));
                } catch (TimeoutException e) {
                    throw new AssertionError("expected the application's page, but the browser shows "
                            + driver.getCurrentUrl() + ": " + driver.findElement(By.tagName("body")).getText(), e);
                }
            }
        } finally {
            application.stop(0);
        }
    }

    private WebDriver register(PortalBrowser browser, String email) {
        assertEquals(201, api.post("/organizations/acme/invitations", "{\"email\":\"" + email + "\"}").status());
        assertTrue(mail.waitForIncomingEmail(1), "the invitation email");
        WebDriver driver = browser.driver();
        driver.get(Mails.realmLink(mail.getLastReceivedMessage()));
        browser.type(By.id("firstName"), "New");
        browser.type(By.id("lastName"), "Bie");
        browser.type(By.id("password"), "Newbie-pass-1");
        browser.type(By.id("password-confirm"), "Newbie-pass-1");
        browser.click(By.cssSelector("[type=submit]"));
        return driver;
    }
}
