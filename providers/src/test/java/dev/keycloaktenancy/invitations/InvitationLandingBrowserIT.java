package dev.keycloaktenancy.invitations;

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
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where a person lands after registering through an invitation link, in a real browser (Debian's Chromium): on the
 * organization's redirect URL when it has one, else in the realm's account console, signed in, and never on one of
 * Keycloak's error pages.
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
    void aNewMemberLandsSignedInInTheAccountConsole() {
        String account = urls.getBase() + "/realms/saas-b2b/account";
        try (PortalBrowser browser = new PortalBrowser(urls.getBase(), "saas-b2b")) {
            WebDriver driver = register(browser, "newbie@example.test");
            landsOn(driver, account);
            assertTrue(waitForTitleOtherThanLoading(driver).contains("Account"), driver.getTitle());
        }
        assertEquals(1, api.get("/organizations/acme/members").json().findValuesAsText("email").stream()
                .filter("newbie@example.test"::equals).count(), "she is a member of acme");
    }

    @Test
    void aNewMemberLandsOnTheOrganizationsRedirectUrl() {
        String portal = urls.getBase() + "/realms/saas-b2b/tenancy/portal/";
        OrganizationRepresentation acme = AdminLookups.organization(saas(), "acme");
        acme.setRedirectUrl(portal);
        AdminLookups.organizationResource(saas(), "acme").update(acme).close();

        try (PortalBrowser browser = new PortalBrowser(urls.getBase(), "saas-b2b")) {
            WebDriver driver = register(browser, "newbie@example.test");
            // Keycloak hands the portal a code issued to another client; the portal sets it aside and signs in on its own.
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

    private static void landsOn(WebDriver driver, String url) {
        try {
            new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> d.getCurrentUrl().startsWith(url));
        } catch (TimeoutException e) {
            throw new AssertionError("expected to land on " + url + ", but the browser shows " + driver.getCurrentUrl()
                    + ": " + driver.findElement(By.tagName("body")).getText(), e);
        }
        // The account console renders itself after loading: read the page once it holds still.
        String text = new WebDriverWait(driver, Duration.ofSeconds(20))
                .ignoring(StaleElementReferenceException.class)
                .until(d -> {
                    String body = d.findElement(By.tagName("body")).getText();
                    return body.isBlank() ? null : body;
                });
        assertFalse(text.contains("Invalid parameter") || text.contains("We are sorry"), text);
    }

    private static String waitForTitleOtherThanLoading(WebDriver driver) {
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> !d.getTitle().isBlank());
        return driver.getTitle();
    }
}
