package dev.keycloaktenancy.portal;

import dev.keycloaktenancy.testing.AdminLookups;
import dev.keycloaktenancy.testing.ApiClient;
import dev.keycloaktenancy.testing.ApiClient.Result;
import dev.keycloaktenancy.testing.PortalBrowser;
import dev.keycloaktenancy.testing.SampleUsers;
import dev.keycloaktenancy.testing.TenancyServerConfig;
import dev.keycloaktenancy.testing.TenancyServerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The portal's mode for realm administrators ({@code /realms/{realm}/tenancy/portal/admin/}) in Chromium: an
 * administrator of the master realm, whose roles reach saas-b2b only through fine-grained master roles, signs in at
 * master and runs saas-b2b's organizations through the admin API; an organization owner who is no realm administrator,
 * an administrator of another realm, and an anonymous caller get nothing of it.
 */
@KeycloakIntegrationTest(config = TenancyServerConfig.class)
class PortalAdminModeIT extends TenancyServerTest {

    private static final String MASTER_OPS = "tenancy-ops";

    @BeforeEach
    void importRealms() {
        importRealms("saas-b2b");
    }

    @Test
    void theMasterRealmsClientIsTheAdminPagesOnly() {
        ClientRepresentation client = admin.realm("master").clients().findByClientId("tenancy-admin-portal").get(0);
        assertTrue(client.isPublicClient());
        assertEquals(List.of("/realms/master/tenancy/portal/admin/"), client.getRedirectUris());
        assertFalse(client.isDirectAccessGrantsEnabled());
        assertFalse(client.isImplicitFlowEnabled());
        assertEquals("S256", client.getAttributes().get("pkce.code.challenge.method"));
        Result page = new ApiClient(urls.getBase() + "/realms/master/tenancy/portal", null).get("/admin/");
        assertEquals(200, page.status(), page::toString);
        assertTrue(page.header("Content-Security-Policy").contains("script-src 'self'"));
        assertTrue(page.body().contains("\"clientId\":\"tenancy-admin-portal\""), page.body());
    }

    @Test
    void aMasterAdministratorRunsTheOrganizationsOfSaasB2b() {
        RealmResource master = admin.realm("master");
        String id = SampleUsers.create(master, MASTER_OPS + "@example.test", "ops");
        try {
            runSaasB2bAsMasterAdministrator(master, id);
        } finally {
            master.users().delete(id).close();
        }
    }

    private void runSaasB2bAsMasterAdministrator(RealmResource master, String id) {
        String saasClient = master.clients().findByClientId("saas-b2b-realm").get(0).getId();
        master.users().get(id).roles().clientLevel(saasClient).add(List.of(
                master.clients().get(saasClient).roles().get("manage-organizations").toRepresentation(),
                master.clients().get(saasClient).roles().get("view-realm").toRepresentation()));
        String masterClient = master.clients().findByClientId("master-realm").get(0).getId();
        master.users().get(id).roles().clientLevel(masterClient).add(List.of(
                master.clients().get(masterClient).roles().get("view-realm").toRepresentation()));

        try (PortalBrowser browser = new PortalBrowser(urls.getBase(), "master")) {
            // the realms this administrator reaches, by display name, with whether tenancy is on where they may read it
            signIn(browser, "admin/#/", MASTER_OPS + "@example.test", "ops");
            browser.waitFor(By.cssSelector("#admin-realms [data-realm='saas-b2b'] [data-tenancy='on']"));
            assertEquals(List.of("master", "saas-b2b"), browser.driver().findElements(By.cssSelector(
                    "#admin-realms tr[data-realm]")).stream().map(row -> row.getAttribute("data-realm")).toList(),
                    "Keycloak (master's display name) before SaaS B2B");
            browser.waitForText(By.cssSelector("#admin-realms [data-realm='master']"), "—");
            browser.go("admin/#/saas-b2b");
            browser.waitFor(By.cssSelector("#admin-organizations tr[data-org='globex']"));
            assertTrue(browser.present(By.cssSelector("#admin-organizations tr[data-org='acme']")));

            browser.go("admin/#/saas-b2b/globex/members");
            browser.waitFor(By.cssSelector("#members-table tr[data-username='carol@globex.test']"));

            browser.go("admin/#/saas-b2b/globex/roles");
            browser.type(By.id("role-name"), "support");
            browser.click(By.cssSelector("input[name='role-permission'][value='org:members:read']"));
            browser.type(By.id("role-custom-permissions"), "tickets:read");
            browser.click(By.id("role-save"));
            browser.waitFor(By.cssSelector("#roles-table tr[data-role='support']"));
            assertEquals(List.of(), browser.unlabelledControls());

            browser.go("admin/#/saas-b2b/~template");
            browser.waitFor(By.cssSelector("#template-table tr[data-role='owner']"));
            browser.type(By.id("template-role-name"), "auditor");
            browser.type(By.id("template-role-custom-permissions"), "reports:read");
            browser.click(By.id("template-role-save"));
            browser.waitFor(By.cssSelector("#template-table tr[data-role='auditor']"));
            assertEquals(List.of(), browser.unlabelledControls());

            // globex's member limit: a wrong value is refused with the pack's sentence, a number is kept
            browser.go("admin/#/saas-b2b/globex/limits");
            browser.waitFor(By.id("org-usage-members"));
            browser.type(By.id("org-max-members"), "lots");
            browser.click(By.id("org-limits-save"));
            assertTrue(browser.dangerAlert().contains("tenancy.limits.max-members"), browser.dangerAlert());
            browser.type(By.id("org-max-members"), "25");
            browser.click(By.id("org-limits-save"));
            browser.waitForText(By.id("org-usage-limit"), "25");
            assertEquals(List.of(), browser.unlabelledControls());
            browser.screenshot("admin-organization-limits");

            // globex's security policy: MFA required
            browser.go("admin/#/saas-b2b/globex/security");
            assertFalse(browser.waitForPresence(By.id("mfa-required")).isSelected(), "globex does not require MFA");
            browser.click(By.cssSelector("label[for='mfa-required']"));
            browser.click(By.id("security-save"));
            browser.waitFor(By.cssSelector("#alerts [role=status]"));

            // tenants are the platform operator's: this administrator of saas-b2b gets the API's refusal
            browser.go("admin/#/~tenants");
            assertFalse(browser.dangerAlert().isBlank(), "refused");
            assertFalse(browser.present(By.id("tenant-create-form")));
        }
        assertEquals("25", AdminLookups.organizationResource(admin.realm("saas-b2b"), "globex").toRepresentation()
                .getAttributes().get("tenancy.limits.max-members").get(0));
        assertEquals("required", adminApi("saas-b2b").get("/organizations/globex/security").json().get("mfa").asText());
        Result template = adminApi("saas-b2b").get("/roles/auditor");
        assertEquals(200, template.status(), template::toString);
        assertTrue(template.body().contains("reports:read"), template::toString);
        Result roles = adminApi("saas-b2b").get("/organizations/globex/roles");
        assertTrue(roles.body().contains("tickets:read"), "made through the admin door: " + roles);
    }

    @Test
    void theOperatorCreatesChangesAndSuspendsATenant() {
        removeAfterTest("uni-admin-mode");
        ApiClient operator = new ApiClient(urls.getBase() + "/admin/realms/master/tenancy",
                () -> admin.tokenManager().getAccessTokenString());
        RealmResource master = admin.realm("master");
        String id = SampleUsers.create(master, "provisioner@example.test", "prov");
        try {
            master.users().get(id).roles().realmLevel().add(List.of(master.roles().get("tenancy-provisioner")
                    .toRepresentation()));
            try (PortalBrowser browser = new PortalBrowser(urls.getBase(), "master")) {
                signIn(browser, "admin/#/~tenants", "provisioner@example.test", "prov");
                browser.waitFor(By.id("tenant-create-form"));
                // refused: the API's sentence is shown and nothing is created
                browser.type(By.id("tenant-realm"), "uni-refused");
                new Select(browser.waitFor(By.id("tenant-template"))).selectByValue("university");
                browser.type(By.id("tenant-admin-email"), "it@uni-admin-mode.example");
                browser.click(By.cssSelector("label[for='tenant-admin-invite']"));
                browser.type(By.id("tenant-max-users"), "0");
                browser.click(By.id("tenant-create"));
                assertTrue(browser.dangerAlert().contains("limits.maxUsers"), browser.dangerAlert());

                browser.type(By.id("tenant-realm"), "uni-admin-mode");
                browser.type(By.id("tenant-max-users"), "500");
                browser.type(By.id("tenant-max-organizations"), "20");
                assertEquals(List.of(), browser.unlabelledControls());
                browser.screenshot("admin-tenants-new");
                browser.click(By.id("tenant-create"));
                browser.waitForText(By.cssSelector("#alerts [role=status]"), "temporary password");
                browser.waitFor(By.cssSelector("#tenants-table tr[data-tenant='uni-admin-mode']"));

                browser.click(By.cssSelector("#tenants-table tr[data-tenant='uni-admin-mode'] [data-action='edit']"));
                browser.type(By.id("tenant-edit-max-organizations"), "30");
                browser.click(By.id("tenant-edit-save"));
                browser.waitForText(By.cssSelector("#tenants-table tr[data-tenant='uni-admin-mode']"),
                        "organizations: 30");

                browser.click(By.cssSelector("#tenants-table tr[data-tenant='uni-admin-mode'] [data-action='suspend']"));
                browser.confirm();
                browser.waitFor(By.cssSelector("#tenants-table tr[data-tenant='uni-admin-mode'] [data-action='resume']"));
                assertEquals(List.of(), browser.unlabelledControls());
            }
            assertEquals(404, operator.get("/tenants/uni-refused").status(), "the refused tenant was not created");
            var tenant = operator.get("/tenants/uni-admin-mode").json();
            assertFalse(tenant.get("enabled").asBoolean(), "suspended");
            assertEquals(500, tenant.get("limits").get("maxUsers").asInt());
            assertEquals(30, tenant.get("limits").get("maxOrganizations").asInt());
        } finally {
            master.users().delete(id).close();
        }
    }

    @Test
    void anOrganizationOwnerWhoIsNoRealmAdministratorGetsNoAdminPowers() {
        try (PortalBrowser browser = new PortalBrowser(urls.getBase(), "saas-b2b")) {
            signIn(browser, "admin/#/saas-b2b/globex/members", "carol@globex.test", "carol");
            assertFalse(browser.dangerAlert().isBlank(), "the admin API's refusal is shown");
            assertFalse(browser.present(By.cssSelector("#members-table tr[data-username='dave@globex.test']")));
            browser.go("admin/#/");
            browser.waitForText(By.id("admin-realms"), "no realm");
        }
    }

    @Test
    void anAdministratorOfAnotherRealmCannotActOnSaasB2b() {
        importRealms("tenant-university-a");
        RealmResource other = admin.realm("tenant-university-a");
        RealmRepresentation withOrganizations = other.toRepresentation();
        withOrganizations.setOrganizationsEnabled(true);
        other.update(withOrganizations);
        Result enabled = adminApi("tenant-university-a").post("/enable", "");
        assertEquals(200, enabled.status(), enabled::toString);
        String id = SampleUsers.create(other, "uni-admin@example.test", "uni");
        String management = other.clients().findByClientId("realm-management").get(0).getId();
        other.users().get(id).roles().clientLevel(management)
                .add(List.of(other.clients().get(management).roles().get("realm-admin").toRepresentation()));

        try (PortalBrowser browser = new PortalBrowser(urls.getBase(), "tenant-university-a")) {
            signIn(browser, "admin/#/saas-b2b/globex/members", "uni-admin@example.test", "uni");
            assertFalse(browser.dangerAlert().isBlank(), "refused");
            assertFalse(browser.driver().getPageSource().contains("carol@globex.test"), "nothing of saas-b2b is shown");
            browser.go("admin/#/saas-b2b");
            assertFalse(browser.dangerAlert().isBlank(), "saas-b2b's organizations are refused too");
            assertFalse(browser.present(By.cssSelector("#admin-organizations tr[data-org='globex']")));
        }
        String token = ApiClient.passwordGrant(urls.getBase(), "tenant-university-a", "uni-admin@example.test", "uni");
        Result refused = new ApiClient(urls.getBase() + "/admin/realms/saas-b2b/tenancy", () -> token)
                .post("/organizations/globex/roles", ApiClient.json(Map.of("name", "intruder")));
        assertTrue(refused.status() == 401 || refused.status() == 403, refused::toString);
    }

    @Test
    void anAnonymousVisitorIsSentToSignIn() {
        try (PortalBrowser browser = new PortalBrowser(urls.getBase(), "master")) {
            browser.go("admin/#/saas-b2b/globex/members");
            browser.waitFor(By.id("username"));
            assertTrue(browser.driver().getCurrentUrl().contains("/realms/master/protocol/openid-connect/auth"),
                    browser.driver().getCurrentUrl());
            assertTrue(browser.driver().getCurrentUrl().contains("client_id=tenancy-admin-portal"));
        }
        Result anonymous = new ApiClient(urls.getBase() + "/admin/realms/saas-b2b/tenancy", null)
                .get("/organizations/globex/members");
        assertEquals(401, anonymous.status(), anonymous::toString);
    }

    /** Signs in on the realm's login page, which may ask for the password on the same page or the next. */
    private static void signIn(PortalBrowser browser, String route, String username, String password) {
        browser.go(route);
        browser.type(By.id("username"), username);
        if (!browser.present(By.id("password"))) {
            browser.click(By.id("kc-login"));
        }
        browser.type(By.id("password"), password);
        browser.click(By.id("kc-login"));
        browser.waitFor(By.id("user-name"));
    }
}
