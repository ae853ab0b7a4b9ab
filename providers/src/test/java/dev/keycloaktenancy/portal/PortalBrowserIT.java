package dev.keycloaktenancy.portal;

import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.testing.ApiAssertions;
import dev.keycloaktenancy.testing.ApiClient;
import dev.keycloaktenancy.testing.ApiClient.Result;
import dev.keycloaktenancy.testing.Mails;
import dev.keycloaktenancy.testing.PortalBrowser;
import dev.keycloaktenancy.testing.SampleUsers;
import dev.keycloaktenancy.testing.TenancyServerConfig;
import dev.keycloaktenancy.testing.TenancyServerTest;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The organization admin portal in a real browser (Debian's Chromium), signed in through the realm's login pages:
 * Carol, owner of globex, runs it; Dave, a plain member, only reads; Erin, a member of nothing, sees an empty page;
 * an admin of acme cannot reach globex by editing the address; a user of another realm cannot sign in. Each page is
 * also photographed (see {@link PortalBrowser}).
 */
@KeycloakIntegrationTest(config = TenancyServerConfig.class)
class PortalBrowserIT extends TenancyServerTest {

    @BeforeEach
    void importRealms() {
        importRealms("saas-b2b");
        Mails.useTestMailServer(saas());
    }

    @Test
    void carolRunsGlobex() throws Exception {
        try (PortalBrowser browser = new PortalBrowser(urls.getBase(), "saas-b2b")) {
            browser.signIn("#/globex/profile", "carol@globex.test", "carol");
            assertTrue(browser.waitFor(By.id("user-name")).getText().toLowerCase().contains("carol"));

            // profile and branding, previewed before saving
            browser.waitFor(By.id("page-profile"));
            browser.type(By.id("brand-display-name"), "Globex Industries");
            browser.type(By.id("brand-primary-color"), "#0b6e4f");
            browser.waitForText(By.id("preview-title"), "Globex Industries");
            assertAccessibleAndClean(browser, "profile");
            browser.screenshot("portal-profile");
            browser.click(By.id("profile-save"));
            browser.waitFor(By.cssSelector("#alerts [role=status]"));
            assertEquals("Globex Industries", carol().get("/organizations/globex").json().get("branding")
                    .get("displayName").asText());

            // members: Dave becomes an admin
            browser.go("#/globex/members");
            WebElement dave = browser.waitFor(By.cssSelector("#members-table tr[data-username='dave@globex.test']"));
            assertAccessibleAndClean(browser, "members");
            browser.screenshot("portal-members");
            dave.findElement(By.cssSelector("button[data-action='edit-roles']")).click();
            browser.click(By.cssSelector("input[name='member-role'][value='admin']"));
            browser.click(By.id("member-roles-save"));
            browser.waitFor(By.cssSelector("#alerts [role=status]"));
            assertEquals(List.of("admin", "member"), rolesOf("globex", "dave@globex.test"));

            // roles: one of globex's own; the API's guard against granting what one does not hold is shown as it is
            browser.go("#/globex/roles");
            browser.type(By.id("role-name"), "support");
            browser.type(By.id("role-description"), "Answers customers");
            browser.click(By.cssSelector("input[name='role-permission'][value='org:members:read']"));
            browser.type(By.id("role-custom-permissions"), "tickets:read");
            browser.click(By.id("role-save"));
            assertTrue(browser.dangerAlert().contains("permissions you do not hold (tickets:read)"), browser.dangerAlert());
            assertTrue(browser.consoleErrors().stream().anyMatch(error -> error.contains("status of 403")),
                    "the browser's console is read (it logs the refused call)");
            browser.type(By.id("role-custom-permissions"), "");
            browser.click(By.id("role-save"));
            browser.waitFor(By.cssSelector("#roles-table tr[data-role='support']"));
            for (WebElement template : browser.all(By.cssSelector("#roles-table tr[data-template='true']"))) {
                assertTrue(template.findElements(By.tagName("button")).isEmpty(), "template roles are read-only");
            }
            assertAccessibleAndClean(browser, "roles");
            browser.screenshot("portal-roles");
            Result support = carol().get("/organizations/globex/roles");
            assertTrue(support.body().contains("Answers customers"), support::toString);

            // invitations: Grace is invited as an admin and the email arrives
            browser.go("#/globex/invitations");
            browser.type(By.id("invite-email"), "grace@example.test");
            browser.click(By.cssSelector("input[name='invite-role'][value='admin']"));
            browser.click(By.id("invite-send"));
            browser.waitFor(By.cssSelector("#invitations-table tr[data-email='grace@example.test']"));
            assertTrue(mail.waitForIncomingEmail(1), "the invitation is sent");
            MimeMessage invitation = mail.getLastReceivedMessage();
            assertEquals("grace@example.test", invitation.getAllRecipients()[0].toString());
            assertAccessibleAndClean(browser, "invitations");
            browser.screenshot("portal-invitations");

            // domains: the TXT record to publish is shown, and verifying without it says what DNS answered
            browser.go("#/globex/domains");
            browser.type(By.id("domain-name"), "globex-labs.test");
            browser.click(By.id("domain-claim"));
            WebElement domain = browser.waitFor(By.cssSelector("#domains-table tr[data-domain='globex-labs.test']"));
            assertTrue(domain.findElement(By.className("txt-name")).getText().contains("_keycloak-tenancy.globex-labs.test"));
            assertTrue(domain.findElement(By.className("txt-value")).getText().startsWith("keycloak-tenancy-verification="));
            assertAccessibleAndClean(browser, "domains");
            browser.screenshot("portal-domains");
            domain.findElement(By.cssSelector("button[data-action='verify']")).click();
            assertFalse(browser.dangerAlert().isBlank(), "the API's sentence about the missing record");

            // sign-in settings and usage
            browser.go("#/globex/sign-in");
            assertFalse(browser.waitForPresence(By.id("sso-required")).isSelected(), "globex does not require SSO");
            assertTrue(browser.waitForPresence(By.id("join-by-email-domain")).isSelected(), "globex.test joins by its domain");
            browser.waitForText(By.id("usage"), "Members: 2");
            assertAccessibleAndClean(browser, "sign-in");
            browser.screenshot("portal-sign-in");

            // the switcher reaches Carol's other organization
            new Select(browser.waitFor(By.id("org-switcher"))).selectByValue("acme");
            browser.waitFor(By.id("page-sign-in"));
            assertTrue(browser.driver().getCurrentUrl().contains("#/acme/"), browser.driver().getCurrentUrl());

            // signing out ends the Keycloak session
            assertTrue(saas().users().get(SampleUsers.id(saas(), "carol@globex.test")).getUserSessions().stream()
                    .anyMatch(s -> s.getClients().containsValue("tenancy-portal")), "signed in through the portal");
            browser.click(By.id("sign-out"));
            browser.waitFor(By.id("username"));
            assertTrue(saas().users().get(SampleUsers.id(saas(), "carol@globex.test")).getUserSessions().stream()
                    .noneMatch(s -> s.getClients().containsValue("tenancy-portal")), "the portal's session is over");
        }
    }

    /**
     * Carol creates a webhook (its secret shown once), sees a change delivered in its log and redelivers it with the
     * same webhook-id, edits its URL and events, turns it off, deletes it; then reads it all in the audit log, filtered.
     */
    @Test
    void carolRunsGlobexsWebhooksAndReadsItsAuditLog() throws Exception {
        RealmRepresentation realm = saas().toRepresentation();
        Map<String, String> attributes = new HashMap<>(realm.getAttributes() == null ? Map.of() : realm.getAttributes());
        attributes.put("tenancy.webhooks.allow-private-targets", "true");
        realm.setAttributes(attributes);
        saas().update(realm);
        List<String> arrivals = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            arrivals.add(exchange.getRequestHeaders().getFirst("webhook-id"));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
        By hook = By.cssSelector("#webhooks-table tr[data-url='" + base + "/hooks']");
        try (PortalBrowser browser = new PortalBrowser(urls.getBase(), "saas-b2b")) {
            browser.signIn("#/globex/webhooks", "carol@globex.test", "carol");
            browser.type(By.id("webhook-url"), base + "/hooks");
            browser.click(By.cssSelector("input[name='webhook-event'][value='organization.updated']"));
            browser.click(By.id("webhook-save"));
            assertTrue(browser.waitFor(By.id("webhook-secret")).getText().startsWith("whsec_"), "shown once");
            String id = browser.waitFor(hook).getAttribute("data-webhook-id");
            assertAccessibleAndClean(browser, "webhooks");
            browser.screenshot("portal-webhooks");
            assertFalse(carol().get("/organizations/globex/webhooks/" + id).body().contains("whsec_"));

            assertEquals(200, carol().patch("/organizations/globex", "{\"description\": \"hooked\"}").status());
            waitUntil(() -> arrivals.size() == 1);
            browser.waitFor(hook).findElement(By.cssSelector("button[data-action='deliveries']")).click();
            browser.waitFor(By.cssSelector("#deliveries-table tr[data-state='delivered']"))
                    .findElement(By.cssSelector("button[data-action='redeliver']")).click();
            browser.waitFor(By.cssSelector("#alerts [role=status]"));
            waitUntil(() -> arrivals.size() == 2);
            assertEquals(arrivals.get(0), arrivals.get(1), "a redelivery keeps its webhook-id");
            browser.screenshot("portal-webhook-deliveries");

            browser.waitFor(hook).findElement(By.cssSelector("button[data-action='edit']")).click();
            browser.type(By.id("webhook-url"), base + "/moved");
            browser.click(By.cssSelector("input[name='webhook-event'][value='member.added']"));
            browser.click(By.id("webhook-save"));
            By moved = By.cssSelector("#webhooks-table tr[data-url='" + base + "/moved']");
            browser.waitFor(moved).findElement(By.cssSelector("button[data-action='disable']")).click();
            browser.waitFor(By.cssSelector("#webhooks-table tr[data-url='" + base + "/moved'] [data-action='enable']"));
            Result changed = carol().get("/organizations/globex/webhooks/" + id);
            assertEquals(List.of("member.added", "organization.updated"),
                    ApiAssertions.texts(changed.json().get("events")).stream().sorted().toList(), changed::toString);
            assertFalse(changed.json().get("enabled").asBoolean(), changed::toString);

            browser.waitFor(moved).findElement(By.cssSelector("button[data-action='delete']")).click();
            browser.confirm();
            browser.waitFor(By.cssSelector("#webhooks-table td[colspan]"));
            assertEquals(404, carol().get("/organizations/globex/webhooks/" + id).status());

            browser.go("#/globex/audit");
            browser.waitFor(By.cssSelector("#audit-table tr[data-action='webhook.deleted']"));
            browser.waitFor(By.cssSelector("#audit-table tr[data-action='organization.updated']"));
            assertAccessibleAndClean(browser, "audit");
            browser.screenshot("portal-audit");
            new Select(browser.waitFor(By.id("audit-action"))).selectByValue("webhook.");
            browser.click(By.id("audit-apply"));
            new WebDriverWait(browser.driver(), Duration.ofSeconds(10)).until(d -> !browser.present(
                    By.cssSelector("#audit-table tr[data-action='organization.updated']")));
            assertEquals(List.of("webhook.deleted", "webhook.updated", "webhook.updated", "webhook.redelivered",
                    "webhook.created"), browser.all(By.cssSelector("#audit-table tr[data-action]")).stream()
                    .map(row -> row.getAttribute("data-action")).toList());
            browser.type(By.id("audit-actor"), "system");
            browser.click(By.id("audit-apply"));
            browser.waitForText(By.id("audit-table"), "No records match.");
        } finally {
            receiver.stop(0);
        }
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        long end = System.currentTimeMillis() + 30_000;
        while (!condition.getAsBoolean()) {
            assertTrue(System.currentTimeMillis() < end, "not within 30 s");
            Thread.sleep(200);
        }
    }

    @Test
    void carolConnectsADirectory() {
        try (PortalBrowser browser = new PortalBrowser(urls.getBase(), "saas-b2b")) {
            browser.signIn("#/globex/directory-sync", "carol@globex.test", "carol");
            String baseUrl = browser.waitFor(By.id("scim-base-url")).getText();
            assertEquals(urls.getBase() + "/realms/saas-b2b/tenancy/scim/v2/globex", baseUrl);
            browser.type(By.id("scim-token-name"), "Entra ID");
            browser.click(By.id("scim-token-create"));
            String secret = browser.waitFor(By.id("scim-token-secret")).getText();
            assertTrue(secret.startsWith("tscim_"), secret);
            By entra = By.cssSelector("#scim-tokens-table tr[data-token='Entra ID']");
            assertTrue(browser.waitFor(entra).getText().contains("Never"), "not used yet");
            assertAccessibleAndClean(browser, "directory-sync");
            browser.screenshot("portal-directory-sync");

            // the directory uses it; the page shows the use, and the secret no more
            ApiClient directory = new ApiClient(baseUrl, () -> secret);
            assertEquals(200, directory.get("/Users").status());
            browser.go("#/globex/members");
            browser.waitFor(By.id("page-members"));
            browser.go("#/globex/directory-sync");
            assertFalse(browser.waitFor(entra).getText().contains("Never"), "its last use is shown");
            assertFalse(browser.present(By.id("scim-token-secret")), "the secret is shown once");

            browser.waitFor(entra).findElement(By.cssSelector("button[data-action='revoke']")).click();
            browser.confirm();
            browser.waitFor(By.cssSelector("#alerts [role=status]"));
            assertFalse(browser.present(entra));
            assertEquals(401, directory.get("/Users").status(), "a revoked token stops at once");
        }
    }

    @Test
    void daveOnlyReads() {
        try (PortalBrowser browser = new PortalBrowser(urls.getBase(), "saas-b2b")) {
            browser.signIn("#/globex/members", "dave@globex.test", "dave");
            browser.waitFor(By.cssSelector("#members-table tr[data-username='carol@globex.test']"));
            assertFalse(browser.present(By.cssSelector("[data-action='edit-roles'], [data-action='remove']")));
            for (String page : List.of("invitations", "domains", "sign-in", "directory-sync", "audit", "webhooks")) {
                assertFalse(browser.present(By.cssSelector("nav a[data-page='" + page + "']")), page);
            }
            assertFalse(browser.present(By.id("org-switcher")), "one organization, no switcher");
            browser.screenshot("portal-members-read-only");

            browser.go("#/globex/profile");
            assertFalse(browser.waitFor(By.id("profile-name")).isEnabled() && browser.present(By.id("profile-save")));
            assertFalse(browser.present(By.id("profile-save")));
            browser.go("#/globex/roles");
            browser.waitFor(By.cssSelector("#roles-table tr[data-role='owner']"));
            assertFalse(browser.present(By.id("role-save")));

            browser.go("#/globex/invitations");
            assertTrue(browser.dangerAlert().contains("do not allow"), "a page opened by its address says it is not his");
            browser.waitFor(By.id("page-profile"));
            assertFalse(browser.present(By.id("invite-send")));
        }
    }

    @Test
    void erinSeesThatSheBelongsToNoOrganization() {
        try (PortalBrowser browser = new PortalBrowser(urls.getBase(), "saas-b2b")) {
            browser.signIn("", "erin@example.test", "erin");
            assertFalse(browser.waitFor(By.id("no-organizations")).getText().isBlank());
            assertFalse(browser.present(By.cssSelector("nav a[data-page]")));
            assertTrue(browser.present(By.id("create-name")), "the sample realm lets its users create organizations");
            browser.screenshot("portal-no-organization");

            // where the realm does not, the page says so instead of offering a form that can only be refused
            RealmRepresentation realm = saas().toRepresentation();
            Map<String, String> attributes = new HashMap<>(realm.getAttributes());
            attributes.put(Tenancy.SELF_SERVICE_CREATE_ORGANIZATIONS, "false");
            realm.setAttributes(attributes);
            saas().update(realm);
            browser.go("#/~");
            assertTrue(browser.waitFor(By.id("create-unavailable")).getText().contains("does not let its users create"));
            assertFalse(browser.present(By.id("create-name")));
            assertFalse(browser.waitFor(By.id("no-organizations")).getText().contains("Create one"));
        }
    }

    @Test
    void anAdminOfAcmeCannotOpenGlobexByItsAddress() {
        String adam = SampleUsers.createMember(saas(), "acme", "adam@example.test", "adam");
        Result admin = adminApi("saas-b2b").put("/organizations/acme/members/" + adam + "/roles",
                ApiClient.json(Map.of("roles", List.of("admin"))));
        assertEquals(200, admin.status(), admin::toString);
        try (PortalBrowser browser = new PortalBrowser(urls.getBase(), "saas-b2b")) {
            browser.signIn("#/globex/members", "adam@example.test", "adam");
            assertTrue(browser.dangerAlert().contains("not a member"), browser.dangerAlert());
            assertFalse(browser.present(By.cssSelector("#members-table tr[data-username='carol@globex.test']")));
            assertFalse(browser.driver().getPageSource().contains("dave@globex.test"), "nothing of globex is shown");

            // in acme, the roles Adam may not grant are shown locked: owner, and billing with its invoice permissions
            browser.go("#/acme/members");
            browser.waitFor(By.cssSelector("#members-table tr[data-username='carol@globex.test'] button[data-action='edit-roles']"))
                    .click();
            assertFalse(browser.waitForPresence(By.cssSelector("input[name='member-role'][value='owner']")).isEnabled());
            assertFalse(browser.waitForPresence(By.cssSelector("input[name='member-role'][value='billing']")).isEnabled());
            assertTrue(browser.waitForPresence(By.cssSelector("input[name='member-role'][value='member']")).isEnabled());
        }
    }

    @Test
    void whatOtherPeopleWroteIsShownAsText() {
        String hostile = "<img src=x id=injected onerror=\"document.title='owned'\">";
        Result created = carol().post("/organizations/globex/roles", ApiClient.json(Map.of("name", "trap",
                "description", hostile, "permissions", List.of("org:members:read"))));
        assertEquals(201, created.status(), created::toString);
        try (PortalBrowser browser = new PortalBrowser(urls.getBase(), "saas-b2b")) {
            browser.signIn("#/globex/roles", "dave@globex.test", "dave");
            browser.waitForText(By.cssSelector("#roles-table tr[data-role='trap']"), "<img src=x");
            assertFalse(browser.present(By.id("injected")), "no element made of a role's description");
            assertFalse(String.valueOf(browser.script("return document.title")).contains("owned"));
        }
    }

    @Test
    void aForgedSignInAnswerIsNotBelieved() {
        try (PortalBrowser browser = new PortalBrowser(urls.getBase(), "saas-b2b")) {
            browser.go("?error=access_denied&error_description=Your+account+is+locked.+Call+%2B1+555+0100&state=forged");
            browser.waitFor(By.id("username"));
            String shown = browser.driver().findElement(By.tagName("body")).getText();
            assertFalse(shown.contains("Call"), "words from someone else's link are not shown: " + shown);
            assertTrue(browser.driver().getCurrentUrl().contains("/protocol/openid-connect/auth"),
                    "the portal asks for a sign-in of its own: " + browser.driver().getCurrentUrl());
        }
    }

    @Test
    void aliceArrivesThroughAcmesIdentityProvider() {
        importRealms("acme-idp");
        try (PortalBrowser browser = new PortalBrowser(urls.getBase(), "saas-b2b")) {
            browser.go("");
            browser.type(By.id("username"), "alice@acme.test");
            browser.click(By.id("kc-login"));
            browser.waitFor(By.id("password"));
            assertTrue(browser.driver().getCurrentUrl().contains("/realms/acme-idp/"), "routed to Acme's own IdP: "
                    + browser.driver().getCurrentUrl());
            browser.type(By.id("username"), "alice@acme.test");
            browser.type(By.id("password"), "alice");
            browser.click(By.id("kc-login"));
            browser.waitFor(By.id("user-name"));
            browser.waitFor(By.id("page-profile"));
            assertTrue(browser.driver().getCurrentUrl().contains("#/acme/"), "her one organization, joined on the way");
            assertTrue(browser.present(By.cssSelector("nav a[data-page='members']")));
            assertFalse(browser.present(By.cssSelector("nav a[data-page='invitations']")), "a default member");
        }
    }

    @Test
    void aRealmAdministratorSeesEveryOrganization() {
        RealmResource realm = saas();
        String id = SampleUsers.create(realm, "ops@example.test", "ops");
        String management = realm.clients().findByClientId("realm-management").get(0).getId();
        realm.users().get(id).roles().clientLevel(management)
                .add(List.of(realm.clients().get(management).roles().get("manage-organizations").toRepresentation()));
        try (PortalBrowser browser = new PortalBrowser(urls.getBase(), "saas-b2b")) {
            browser.signIn("", "ops@example.test", "ops");
            List<String> organizations = new Select(browser.waitFor(By.id("org-switcher"))).getOptions().stream()
                    .map(option -> option.getAttribute("value")).sorted().toList();
            assertEquals(List.of("acme", "globex"), organizations);
            browser.go("#/globex/invitations");
            browser.waitFor(By.id("invite-send"));
        }
    }

    @Test
    void aUserOfAnotherRealmCannotSignIn() {
        importRealms("tenant-university-a");
        try (PortalBrowser browser = new PortalBrowser(urls.getBase(), "saas-b2b")) {
            browser.go("");
            browser.type(By.id("username"), "sam@example.test");
            browser.click(By.id("kc-login"));
            if (browser.present(By.id("password"))) {
                browser.type(By.id("password"), "sam-a");
                browser.click(By.id("kc-login"));
            }
            browser.waitForText(By.tagName("body"), "Invalid username or password");
            assertFalse(browser.driver().getCurrentUrl().startsWith(browser.portalUrl()), "still on the login page");
        }
    }

    /** Every control of the page is named for screen readers, and the browser refused nothing (no CSP report). */
    private static void assertAccessibleAndClean(PortalBrowser browser, String page) {
        assertEquals(List.of(), browser.unlabelledControls(), page + ": controls without a label");
        assertEquals(List.of(), browser.consoleErrors().stream()
                .filter(error -> !error.contains("the server responded with a status of")).toList(),
                page + ": console errors (API refusals the page shows aside)");
    }

    private ApiClient carol() {
        return selfService("saas-b2b", "carol@globex.test", "carol");
    }

    private List<String> rolesOf(String organization, String username) {
        Result roles = carol().get("/organizations/" + organization + "/members/" + SampleUsers.id(saas(), username) + "/roles");
        return ApiAssertions.names(roles.json().get("roles"));
    }
}
