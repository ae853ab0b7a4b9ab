package dev.keycloaktenancy.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.testing.ApiClient;
import dev.keycloaktenancy.testing.Mails;
import dev.keycloaktenancy.testing.OidcTestClient;
import dev.keycloaktenancy.testing.PortalBrowser;
import dev.keycloaktenancy.testing.ReverseProxy;
import dev.keycloaktenancy.testing.SampleUsers;
import dev.keycloaktenancy.testing.TenancyServerConfig;
import dev.keycloaktenancy.testing.TenancyServerTest;
import jakarta.mail.internet.MimeMessage;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.AdminEventRepresentation;
import org.keycloak.representations.idm.OrganizationDomainRepresentation;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.keycloaktenancy.testing.ApiAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tenants on their own hostnames, through nginx in front of the test server as docs/vanity-domains.md configures it:
 * login.uni-a.test serves realm vanity-a and login.uni-b.test serves vanity-b (the port is nginx's). Chromium reaches
 * them through host resolver rules, the test's HTTP client through nginx itself; nothing is added to /etc/hosts.
 */
@KeycloakIntegrationTest(config = TenancyServerConfig.class)
class VanityDomainIT extends TenancyServerTest {

    private static final String APP = "http://localhost:3000/callback";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReverseProxy proxy;

    @BeforeEach
    void startProxy() {
        proxy = ReverseProxy.start(urls.getBase(), Map.of("login.uni-a.test", "vanity-a", "login.uni-b.test", "vanity-b"));
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
    }

    @Test
    void eachTenantSignsInWithCodeAndPkceOnItsOwnHostname() {
        JsonNode a = provision("vanity-a", "login.uni-a.test:" + proxy.port()).json();
        assertEquals("login.uni-a.test:" + proxy.port(), a.get("hostname").asText());
        JsonNode setup = a.get("hostnameSetup");
        assertEquals(siteOf("a") + "/realms/vanity-a", setup.get("issuer").asText());
        assertEquals("CNAME", setup.get("dnsRecord").get("type").asText());
        assertEquals("login.uni-a.test.", setup.get("dnsRecord").get("name").asText());
        assertEquals("localhost.", setup.get("dnsRecord").get("value").asText(), "the platform's own host");
        assertEquals("[\"/realms/vanity-a/\",\"/resources/\"]", setup.get("proxy").get("forward").toString());
        assertEquals(siteOf("a") + "/realms/vanity-a/broker/{alias}/endpoint",
                setup.get("identityProviderRedirectUri").asText());
        assertEquals(siteOf("a") + "/realms/vanity-a/account", a.get("accountUrl").asText().replaceAll("/$", ""));
        assertTrue(a.get("adminConsoleUrl").asText().startsWith(urls.getBase() + "/admin/vanity-a/console"),
                "the admin console stays on the platform's hostname: " + a.get("adminConsoleUrl"));
        assertEquals("login.uni-b.test:" + proxy.port(),
                provision("vanity-b", "LOGIN.Uni-B.test.:" + proxy.port()).json().get("hostname").asText());

        try (PortalBrowser browser = browser()) {
            Map<String, String> accessTokens = new HashMap<>();
            for (String tenant : List.of("a", "b")) {
                String realm = "vanity-" + tenant;
                SampleUsers.create(admin.realm(realm), "student@uni-" + tenant + ".test", "student-" + tenant + "-pw1");
                JsonNode discovery = json(proxy.get(siteOf(tenant) + "/realms/" + realm
                        + "/.well-known/openid-configuration", null));
                assertEquals(siteOf(tenant) + "/realms/" + realm, discovery.get("issuer").asText());
                for (String endpoint : List.of("authorization_endpoint", "token_endpoint", "userinfo_endpoint",
                        "jwks_uri", "end_session_endpoint")) {
                    assertTrue(discovery.get(endpoint).asText().startsWith(siteOf(tenant) + "/realms/" + realm + "/"),
                            endpoint + ": " + discovery.get(endpoint));
                }

                OidcTestClient app = new OidcTestClient(siteOf(tenant), realm, "campus-app", APP, proxy.http());
                WebDriver driver = browser.driver();
                driver.manage().deleteAllCookies();
                driver.get(app.authorizationUrl("openid email"));
                assertTrue(driver.getCurrentUrl().startsWith(siteOf(tenant) + "/realms/" + realm + "/"),
                        "the login page is on the tenant's hostname: " + driver.getCurrentUrl());
                signIn(browser, "student@uni-" + tenant + ".test", "student-" + tenant + "-pw1");
                new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().startsWith(APP));
                JsonNode tokens = app.exchange(URI.create(driver.getCurrentUrl()));
                JsonNode claims = OidcTestClient.claims(tokens.get("access_token").asText());
                assertEquals(discovery.get("issuer").asText(), claims.get("iss").asText());
                assertEquals(discovery.get("issuer").asText(),
                        OidcTestClient.claims(tokens.get("id_token").asText()).get("iss").asText());
                accessTokens.put(tenant, tokens.get("access_token").asText());

                HttpResponse<String> userInfo = proxy.get(discovery.get("userinfo_endpoint").asText(),
                        accessTokens.get(tenant));
                assertEquals(200, userInfo.statusCode(), userInfo.body());
                assertEquals("student@uni-" + tenant + ".test", json(userInfo).get("email").asText());
            }

            for (String page : List.of("/realms/vanity-a/account/", "/realms/vanity-a/tenancy/portal/")) {
                HttpResponse<String> shown = proxy.get(siteOf("a") + page, null);
                assertEquals(200, shown.statusCode(), page + ": " + shown.body());
                assertTrue(shown.body().contains(siteOf("a")) && !shown.body().contains(urls.getBase() + "/realms"),
                        page + " addresses the realm on the tenant's hostname: " + shown.body());
            }

            HttpResponse<String> crossed = proxy.get(siteOf("b") + "/realms/vanity-b/protocol/openid-connect/userinfo",
                    accessTokens.get("a"));
            assertEquals(401, crossed.statusCode(), "tenant B refuses tenant A's token: " + crossed.body());
        }

        assertEquals(403, proxy.get(siteOf("a") + "/admin/vanity-a/console/", null).statusCode(),
                "the proxy blocks the admin console on a tenant hostname");
        assertEquals(403, proxy.get(siteOf("a") + "/admin/realms/vanity-a", null).statusCode());
        assertEquals(404, proxy.get(siteOf("a") + "/realms/vanity-b/", null).statusCode(),
                "tenant B's realm is not served on tenant A's hostname");
        assertEquals(404, proxy.get(siteOf("a") + "/realms/master/", null).statusCode());
        assertEquals(404, proxy.get("http://unknown.uni-c.test:" + proxy.port() + "/realms/vanity-a/", null)
                .statusCode(), "a hostname the proxy does not know serves nothing");
        // Paths that nginx decodes or normalises into tenant A's realm while Keycloak would read tenant B's.
        for (String trick : List.of("/realms/vanity-b/account/x%2F..%2F..%2F..%2Fvanity-a/",
                "/realms/vanity-b/account/x%2f..%2f..%2f..%2fvanity-a/",
                "/realms/vanity-b/account/a////../../../../realms/vanity-a/",
                "/realms/vanity-b/%2e%2e/vanity-a/", "/realms/vanity-b/../vanity-a/",
                "/realms/vanity-a/%252e%252e/", "/resources/..%2F..%2Fadmin/master/console/")) {
            HttpResponse<String> answer = proxy.send(HttpRequest.newBuilder(URI.create(siteOf("a") + trick)).GET().build());
            assertEquals(400, answer.statusCode(), trick + " answered " + answer.statusCode() + ": " + answer.body());
        }
        assertEquals(404, proxy.get(siteOf("a") + "/REALMS/vanity-b/", null).statusCode());
        assertEquals(200, proxy.get(siteOf("a") + "/realms/vanity-a/.well-known/openid-configuration?x=%2F..%2F", null)
                .statusCode(), "encoded characters in the query are not the path's");
    }

    @Test
    void emailLinksUseTheTenantsHostname() throws Exception {
        provision("vanity-a", "login.uni-a.test:" + proxy.port());
        Mails.useTestMailServer(admin.realm("vanity-a"));
        OrganizationRepresentation physics = new OrganizationRepresentation();
        physics.setName("Physics");
        physics.setAlias("physics");
        OrganizationDomainRepresentation domain = new OrganizationDomainRepresentation();
        domain.setName("physics.uni-a.test");
        physics.addDomain(domain);
        try (Response created = admin.realm("vanity-a").organizations().create(physics)) {
            assertEquals(201, created.getStatus());
        }
        ApiClient.Result invited = adminApi("vanity-a").post("/organizations/physics/invitations",
                ApiClient.json(Map.of("email", "new.member@physics.uni-a.test")));
        assertEquals(201, invited.status(), invited.toString());
        String invitation = Mails.realmLink(lastMailTo("new.member@physics.uni-a.test"));
        assertTrue(invitation.startsWith(siteOf("a") + "/realms/vanity-a/"), "invitation link: " + invitation);
        HttpResponse<String> opened = proxy.get(invitation, null);
        assertTrue(opened.statusCode() == 200 || opened.statusCode() == 302, opened.statusCode() + " " + opened.body());

        SampleUsers.create(admin.realm("vanity-a"), "unverified@uni-a.test", "unverified-pw-1");
        admin.realm("vanity-a").users().get(SampleUsers.id(admin.realm("vanity-a"), "unverified@uni-a.test"))
                .sendVerifyEmail();
        String verification = Mails.realmLink(lastMailTo("unverified@uni-a.test"));
        assertTrue(verification.startsWith(siteOf("a") + "/realms/vanity-a/login-actions/"), "verification: " + verification);

        SampleUsers.create(admin.realm("vanity-a"), "forgetful@uni-a.test", "forgetful-pw-1");
        OidcTestClient app = new OidcTestClient(siteOf("a"), "vanity-a", "campus-app", APP, proxy.http());
        try (PortalBrowser browser = browser()) {
            WebDriver driver = browser.driver();
            driver.get(app.authorizationUrl("openid"));
            browser.waitFor(By.id("username")).sendKeys("forgetful@uni-a.test");
            driver.findElement(By.id("kc-login")).click();
            browser.waitFor(By.linkText("Forgot Password?")).click();
            assertTrue(driver.getCurrentUrl().startsWith(siteOf("a") + "/realms/vanity-a/"), driver.getCurrentUrl());
            browser.waitFor(By.id("username")).clear();
            driver.findElement(By.id("username")).sendKeys("forgetful@uni-a.test");
            driver.findElement(By.cssSelector("[type=submit]")).click();
            browser.waitFor(By.className("pf-v5-c-alert__title"));
        }
        String reset = Mails.realmLink(lastMailTo("forgetful@uni-a.test"));
        assertTrue(reset.startsWith(siteOf("a") + "/realms/vanity-a/login-actions/"), "reset link: " + reset);

        // A tenant provisioned with its hostname and an invited administrator: the link is on the tenant's hostname,
        // and leads, once the password is chosen, to the tenant's admin console on the platform's hostname, which
        // signs in on the tenant's.
        removeAfterTest("vanity-b");
        ApiClient.Result provisioned = provisioner().post("/tenants", ApiClient.json(Map.of("realm", "vanity-b",
                "template", "with-mail", "hostname", "login.uni-b.test:" + proxy.port(),
                "administrator", Map.of("email", "it@uni-b.test", "firstName", "Ida", "lastName", "Tenant",
                        "invite", true))));
        assertEquals(201, provisioned.status(), provisioned.toString());
        String invitationLink = Mails.realmLink(lastMailTo("it@uni-b.test"));
        assertTrue(invitationLink.startsWith(siteOf("b") + "/realms/vanity-b/login-actions/action-token"),
                "the administrator's invitation: " + invitationLink);
        try (PortalBrowser browser = browser()) {
            WebDriver driver = browser.driver();
            driver.get(invitationLink);
            if (!browser.present(By.id("password-new"))) {
                browser.waitFor(By.partialLinkText("Click here to proceed")).click();
            }
            browser.waitFor(By.id("password-new")).sendKeys("Chosen-by-admin-1");
            driver.findElement(By.id("password-confirm")).sendKeys("Chosen-by-admin-1");
            driver.findElement(By.cssSelector("[type=submit]")).click();
            browser.waitFor(By.partialLinkText("Back to Application")).click();
            new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> d.getCurrentUrl().startsWith(siteOf("b")
                    + "/realms/vanity-b/protocol/openid-connect/auth"));
            signIn(browser, "it@uni-b.test", "Chosen-by-admin-1");
            awaitAdminConsole(browser, "vanity-b");
        }
    }

    @Test
    void theTenantsOwnAdministratorUsesTheAdminConsoleOnThePlatformHostname() {
        provision("vanity-a", "login.uni-a.test:" + proxy.port());
        tenantAdministrator("vanity-a", "it@uni-a.test", "tenant-admin-pw-1");
        provision("vanity-b", null);
        tenantAdministrator("vanity-b", "it@uni-b.test", "tenant-admin-pw-2");
        try (PortalBrowser browser = browser()) {
            WebDriver driver = browser.driver();
            driver.get(urls.getBase() + "/admin/vanity-a/console/");
            new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> d.getCurrentUrl().startsWith(siteOf("a")));
            assertTrue(driver.getCurrentUrl().startsWith(siteOf("a") + "/realms/vanity-a/protocol/openid-connect/auth"),
                    "the console signs in on the tenant's hostname: " + driver.getCurrentUrl());
            signIn(browser, "it@uni-a.test", "tenant-admin-pw-1");
            awaitAdminConsole(browser, "vanity-a");
            driver.findElement(By.linkText("Clients")).click();
            browser.waitFor(By.linkText("campus-app"));
            browser.screenshot("vanity-domain-admin-console");
            saveRealmSettings(browser);

            // A tenant without a hostname saves its realm settings too: the empty frontend URL field is no hostname.
            driver.manage().deleteAllCookies();
            driver.get(urls.getBase() + "/admin/vanity-b/console/");
            signIn(browser, "it@uni-b.test", "tenant-admin-pw-2");
            awaitAdminConsole(browser, "vanity-b");
            saveRealmSettings(browser);
        }
        assertEquals(siteOf("a"), admin.realm("vanity-a").toRepresentation().getAttributes().get(Tenancy.FRONTEND_URL));
        String unchanged = admin.realm("vanity-b").toRepresentation().getAttributes().get(Tenancy.FRONTEND_URL);
        assertTrue(unchanged == null || unchanged.isBlank(), "vanity-b has no hostname: " + unchanged);
    }

    /** Realm settings → General → Save, in the admin console, as a tenant's administrator does. */
    private static void saveRealmSettings(PortalBrowser browser) {
        browser.driver().findElement(By.linkText("Realm settings")).click();
        browser.waitFor(By.xpath("//button[normalize-space()='Save']")).click();
        browser.waitForText(By.tagName("body"), "Realm successfully updated");
    }

    @Test
    void hostnamesAreCheckedAndOnlyTheProvisionerChangesThem() {
        RealmRepresentation master = admin.realm("master").toRepresentation();
        master.setAdminEventsEnabled(true);
        master.setAdminEventsDetailsEnabled(true);
        admin.realm("master").update(master);
        try {
            checkHostnamesAndWhoChangesThem();
        } finally {
            master.setAdminEventsEnabled(false);
            master.setAdminEventsDetailsEnabled(false);
            admin.realm("master").update(master);
        }
    }

    private void checkHostnamesAndWhoChangesThem() {
        String a = "login.uni-a.test:" + proxy.port();
        provision("vanity-a", a);
        provision("vanity-b", null);

        assertError(409, provision("vanity-c", "LOGIN.UNI-A.TEST:" + proxy.port()), "vanity-a");
        assertFalse(admin.realms().findAll().stream().anyMatch(r -> r.getRealm().equals("vanity-c")),
                "nothing is created for a taken hostname");
        assertError(409, provisioner().put("/tenants/vanity-b/hostname", hostname(a)), "already the hostname");
        assertError(400, provisioner().put("/tenants/vanity-b/hostname", hostname("localhost:8080")), "two labels");
        assertError(400, provisioner().put("/tenants/vanity-b/hostname", hostname("https://login.uni-b.test")),
                "without a scheme");
        assertError(400, provisioner().put("/tenants/vanity-b/hostname", hostname("login.uni-b.test/realms/x")));
        assertError(400, provisioner().put("/tenants/vanity-b/hostname", hostname("127.0.0.1")));
        assertError(400, provisioner().put("/tenants/vanity-b/hostname", "{\"hostname\": 12}"), "a text");
        assertError(400, provisioner().put("/tenants/vanity-b/hostname", "{\"hostname\": null, \"other\": 1}"), "other");
        assertError(400, provisioner().put("/tenants/vanity-b/hostname", "{}"), "null");
        assertError(400, provisioner().put("/tenants/vanity-b/hostname", "null"));
        assertError(404, provisioner().put("/tenants/no-such-tenant/hostname", hostname("login.x.test")));
        assertNull(admin.realm("vanity-b").toRepresentation().getAttributes().get(Tenancy.FRONTEND_URL));

        JsonNode b = provisioner().put("/tenants/vanity-b/hostname", hostname("login.uni-b.test:" + proxy.port())).json();
        assertEquals("login.uni-b.test:" + proxy.port(), b.get("hostname").asText());
        assertEquals(siteOf("b") + "/realms/vanity-b", json(proxy.get(siteOf("b")
                + "/realms/vanity-b/.well-known/openid-configuration", null)).get("issuer").asText());
        assertEquals(b.toString(), provisioner().get("/tenants/vanity-b").json().toString(), "GET shows the same");
        SampleUsers.create(admin.realm("vanity-b"), "student@uni-b.test", "student-b-pw1");
        String refreshToken = ApiClient.passwordGrantAnswer(urls.getBase(), "vanity-b", "student@uni-b.test",
                "student-b-pw1", "admin-cli", null).json().get("refresh_token").asText();

        JsonNode back = provisioner().put("/tenants/vanity-b/hostname", "{\"hostname\": null}").json();
        assertNull(back.get("hostname"));
        assertNull(back.get("hostnameSetup"));
        assertEquals(urls.getBase() + "/realms/vanity-b", directJson(urls.getBase()
                + "/realms/vanity-b/.well-known/openid-configuration").get("issuer").asText(),
                "back on the platform's hostname");
        AssertionError stale = assertThrows(AssertionError.class,
                () -> OidcTestClient.refresh(urls.getBase(), "vanity-b", "admin-cli", refreshToken));
        assertTrue(stale.getMessage().contains("invalid_grant"), "a refresh token names its issuer's hostname: "
                + stale.getMessage());
        List<AdminEventRepresentation> events = admin.realm("master").getAdminEvents().stream()
                .filter(event -> "TENANCY_TENANT".equals(event.getResourceType())
                        && "tenancy/tenants/vanity-b".equals(event.getResourcePath())
                        && "UPDATE".equals(event.getOperationType()))
                .toList();
        assertTrue(events.stream().anyMatch(event -> event.getRepresentation().contains(siteOf("b").substring(7))),
                "the change is an admin event of master: " + events);

        // Nobody but the provisioner: anonymous callers, a master user without the role, a tenant's own administrator.
        assertEquals(401, new ApiClient(urls.getBase() + "/admin/realms/master/tenancy", null)
                .put("/tenants/vanity-a/hostname", hostname("login.evil.test")).status());
        SampleUsers.create(admin.realm("master"), "helpdesk@example.test", "helpdesk-pw-1");
        String helpdeskId = SampleUsers.id(admin.realm("master"), "helpdesk@example.test");
        try {
            String helpdesk = ApiClient.passwordGrant(urls.getBase(), "master", "helpdesk@example.test", "helpdesk-pw-1");
            assertError(403, new ApiClient(urls.getBase() + "/admin/realms/master/tenancy", () -> helpdesk)
                    .put("/tenants/vanity-a/hostname", hostname("login.evil.test")));
        } finally {
            admin.realm("master").users().delete(helpdeskId).close();
        }
        String tenantAdmin = tenantAdministrator("vanity-a", "it@uni-a.test", "tenant-admin-pw-1");
        int refused = new ApiClient(urls.getBase() + "/admin/realms/master/tenancy", () -> tenantAdmin)
                .put("/tenants/vanity-b/hostname", hostname("login.evil.test")).status();
        assertTrue(refused == 401 || refused == 403, "a tenant's administrator: " + refused);
        assertNull(admin.realm("vanity-b").toRepresentation().getAttributes().get(Tenancy.FRONTEND_URL));

        // Saving the realm settings with an empty frontend URL, as the admin console does, is no hostname and passes.
        String otherTenantAdmin = tenantAdministrator("vanity-b", "it@uni-b.test", "tenant-admin-pw-2");
        ApiClient otherTenantAdminApi = new ApiClient(urls.getBase() + "/admin/realms/vanity-b", () -> otherTenantAdmin);
        JsonNode settings = otherTenantAdminApi.get("").json();
        ((ObjectNode) settings.get("attributes")).put(Tenancy.FRONTEND_URL, "");
        ((ObjectNode) settings).put("displayName", "Uni B");
        assertEquals(204, otherTenantAdminApi.put("", settings.toString()).status());
        assertEquals("Uni B", admin.realm("vanity-b").toRepresentation().getDisplayName());

        // A tenant's administrator cannot move their realm to a hostname (another tenant's, or one not yet given to
        // anyone): hostnames are routed by the operator. Keycloak's realm update answers 400 and changes nothing.
        provisioner().put("/tenants/vanity-b/hostname", hostname("login.uni-b.test:" + proxy.port()));
        ApiClient tenantAdminApi = new ApiClient(urls.getBase() + "/admin/realms/vanity-a", () -> tenantAdmin);
        JsonNode realm = tenantAdminApi.get("").json();
        for (String squatted : List.of(siteOf("b"), "https://login.not-yet-sold.example")) {
            ((ObjectNode) realm.get("attributes")).put(Tenancy.FRONTEND_URL, squatted);
            ApiClient.Result squat = tenantAdminApi.put("", realm.toString());
            assertEquals(400, squat.status(), squat.toString());
            assertTrue(squat.body().contains("hostname of tenant realm vanity-a is set by the platform operator"),
                    squat.body());
        }
        assertEquals(siteOf("a"), admin.realm("vanity-a").toRepresentation().getAttributes().get(Tenancy.FRONTEND_URL));
        assertEquals(200, provisioner().put("/tenants/vanity-b/hostname", hostname("login.not-yet-sold.example"))
                .status(), "nobody squats a hostname");

        // Nor rename it to the name a customer not yet provisioned will get (the proxy routes names).
        JsonNode renamed = tenantAdminApi.get("").json();
        ((ObjectNode) renamed).put("realm", "vanity-next");
        ApiClient.Result rename = tenantAdminApi.put("", renamed.toString());
        assertEquals(400, rename.status(), rename.toString());
        assertTrue(rename.body().contains("renamed by the platform operator only"), rename.body());
        assertTrue(admin.realms().findAll().stream().noneMatch(r -> r.getRealm().equals("vanity-next")));
    }

    /** A user holding realm-admin of the tenant's realm; returns their admin token. */
    private String tenantAdministrator(String realm, String username, String password) {
        SampleUsers.create(admin.realm(realm), username, password);
        String clientId = admin.realm(realm).clients().findByClientId("realm-management").get(0).getId();
        admin.realm(realm).users().get(SampleUsers.id(admin.realm(realm), username)).roles().clientLevel(clientId)
                .add(List.of(admin.realm(realm).clients().get(clientId).roles().get("realm-admin").toRepresentation()));
        return ApiClient.passwordGrant(urls.getBase(), realm, username, password);
    }

    private String siteOf(String tenant) {
        return "http://login.uni-" + tenant + ".test:" + proxy.port();
    }

    private PortalBrowser browser() {
        return new PortalBrowser(urls.getBase(), "vanity-a",
                "--host-resolver-rules=MAP login.uni-a.test 127.0.0.1, MAP login.uni-b.test 127.0.0.1");
    }

    /** Waits for the realm's admin console, on the platform's hostname, to show its menu. */
    private void awaitAdminConsole(PortalBrowser browser, String realm) {
        String console = urls.getBase() + "/admin/" + realm + "/console/";
        WebDriver driver = browser.driver();
        try {
            new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> d.getCurrentUrl().startsWith(console)
                    && !d.findElements(By.linkText("Clients")).isEmpty());
        } catch (TimeoutException e) {
            browser.screenshot("vanity-domain-admin-console-failed");
            throw new AssertionError("The admin console of " + realm + " did not load at " + driver.getCurrentUrl()
                    + ": " + driver.findElement(By.tagName("body")).getText() + "\nBrowser console: "
                    + browser.consoleErrors(), e);
        }
    }

    /** The tenant's login pages: identity-first (email, then password) or both fields at once. */
    private static void signIn(PortalBrowser browser, String username, String password) {
        browser.waitFor(By.id("username")).sendKeys(username);
        if (!browser.present(By.id("password"))) {
            browser.driver().findElement(By.id("kc-login")).click();
        }
        browser.waitFor(By.id("password")).sendKeys(password);
        browser.driver().findElement(By.id("kc-login")).click();
    }

    private MimeMessage lastMailTo(String address) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            MimeMessage[] received = mail.getReceivedMessages();
            for (int i = received.length - 1; i >= 0; i--) {
                if (received[i].getAllRecipients()[0].toString().equals(address)) {
                    return received[i];
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("No mail to " + address);
    }

    private ApiClient provisioner() {
        return new ApiClient(urls.getBase() + "/admin/realms/master/tenancy", () -> admin.tokenManager().getAccessTokenString());
    }

    private ApiClient.Result provision(String realm, String hostname) {
        removeAfterTest(realm);
        Map<String, Object> request = new HashMap<>(Map.of("realm", realm, "template", "university",
                "administrator", Map.of("email", "it@" + realm + ".example")));
        if (hostname != null) {
            request.put("hostname", hostname);
        }
        return provisioner().post("/tenants", ApiClient.json(request));
    }

    private static String hostname(String value) {
        return ApiClient.json(Map.of("hostname", value));
    }

    private static JsonNode json(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.uri() + ": " + response.body());
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError(response.body(), e);
        }
    }

    /** A GET straight to the test server, on the platform's hostname. */
    private static JsonNode directJson(String url) {
        try {
            return json(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new AssertionError(url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(url, e);
        }
    }
}
