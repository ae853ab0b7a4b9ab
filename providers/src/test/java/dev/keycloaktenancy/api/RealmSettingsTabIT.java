package dev.keycloaktenancy.api;

import dev.keycloaktenancy.testing.ApiClient;
import dev.keycloaktenancy.testing.ApiClient.Result;
import dev.keycloaktenancy.testing.PortalBrowser;
import dev.keycloaktenancy.testing.SampleUsers;
import dev.keycloaktenancy.testing.TenancyServerConfig;
import dev.keycloaktenancy.testing.TenancyServerTest;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.common.util.MultivaluedHashMap;
import dev.keycloaktenancy.testing.AdminLookups;
import org.keycloak.admin.client.resource.OrganizationResource;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.representations.idm.OrganizationDomainRepresentation;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.representations.idm.ComponentTypeRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Tenancy tab of the admin console's Realm settings (feature declarative-ui), called as the console calls it:
 * the component types of the server info, then the realm's components endpoint.
 */
@KeycloakIntegrationTest(config = TenancyServerConfig.class)
class RealmSettingsTabIT extends TenancyServerTest {

    private static final String TAB_PROVIDER = "org.keycloak.services.ui.extend.UiTabProvider";

    @BeforeEach
    void importRealms() {
        importRealms("saas-b2b");
    }

    @Test
    void theConsoleOffersTheTabInRealmSettings() {
        List<ComponentTypeRepresentation> tabs = admin.serverInfo().getInfo().getComponentTypes().get(TAB_PROVIDER);
        ComponentTypeRepresentation tab = tabs.stream().filter(t -> t.getId().equals("Tenancy")).findFirst()
                .orElseThrow(() -> new AssertionError("no Tenancy tab among " + tabs));
        assertEquals("/:realm/realm-settings/:tab?", tab.getMetadata().get("path"));
        assertEquals(Map.of("tab", "tenancy"), tab.getMetadata().get("params"));
        assertEquals(List.of("enabled", "claimDefaultForm", "maxDomainsPerOrganization",
                "maxPendingDomainsPerOrganization", "allowedMfaMethods", "auditRetentionDays",
                "selfServeCreateOrganizations", "maxOrganizationsPerUser", "personalOrganization",
                "personalOrganizationName", "loginCreateOrganization"),
                tab.getProperties().stream().map(p -> p.getName()).toList());
    }

    @Test
    void theRealConsoleShowsTheTabRefusesAWrongValueAndSavesARightOne() {
        RealmResource master = admin.realm("master");
        String id = SampleUsers.create(master, "console-admin@example.test", "console");
        try {
            master.users().get(id).roles().realmLevel().add(List.of(master.roles().get("admin").toRepresentation()));
            try (PortalBrowser browser = new PortalBrowser(urls.getBase(), "master")) {
                WebDriver driver = browser.driver();
                driver.get(urls.getBase() + "/admin/master/console/#/saas-b2b/realm-settings/tenancy");
                browser.waitFor(By.id("username")).sendKeys("console-admin@example.test");
                if (!browser.present(By.id("password"))) {
                    driver.findElement(By.id("kc-login")).click();
                }
                browser.waitFor(By.id("password")).sendKeys("console");
                driver.findElement(By.id("kc-login")).click();
                By domains = By.xpath("//*[@data-testid='maxDomainsPerOrganization']/descendant-or-self::input");
                browser.type(domains, "lots");
                browser.click(By.xpath("//button[normalize-space()='Save']"));
                browser.waitForText(By.tagName("body"), "maxDomainsPerOrganization: a whole number from 0 to 1000");
                browser.screenshot("admin-console-tenancy-tab");
                assertEquals(null, saas().toRepresentation().getAttributes()
                        .get("tenancy.domains.max-per-organization"), "the refused value is not stored");
                browser.type(domains, "20");
                browser.click(By.xpath("//button[normalize-space()='Save']"));
                long deadline = System.currentTimeMillis() + 20_000;
                while (!"20".equals(saas().toRepresentation().getAttributes().get("tenancy.domains.max-per-organization"))
                        && System.currentTimeMillis() < deadline) {
                    Thread.sleep(200);
                }
                assertEquals("20", saas().toRepresentation().getAttributes().get("tenancy.domains.max-per-organization"),
                        "saved in the realm attribute the pack reads");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            master.users().delete(id).close();
        }
    }

    @Test
    void aWrongValueIsRefusedWithThePacksSentenceAndChangesNothing() {
        try (Response refused = saas().components().add(tab(Map.of("claimDefaultForm", "compact",
                "maxDomainsPerOrganization", "20")))) {
            assertEquals(400, refused.getStatus());
            String body = refused.readEntity(String.class);
            assertTrue(body.contains("claimDefaultForm: 'compact' is not a form of the organization claim"), body);
        }
        try (Response refused = saas().components().add(tab(Map.of("maxDomainsPerOrganization", "1e3")))) {
            assertEquals(400, refused.getStatus());
            assertTrue(refused.readEntity(String.class).contains("maxDomainsPerOrganization: a whole number"));
        }
        List<ComponentRepresentation> tabs = tabsOf(saas());
        assertEquals(1, tabs.size(), "only the copy that enabling the realm wrote: " + tabs);
        assertEquals(null, tabs.get(0).getConfig().get("maxDomainsPerOrganization"), "a refused value is not shown");
        assertFalse(saas().toRepresentation().getAttributes().containsKey("tenancy.domains.max-per-organization"));
    }

    @Test
    void theTabShowsARealmAsItIsBeforeAnyoneSavedIt() {
        // saas-b2b was imported with tenancy on and its settings as attributes; nobody has opened the tab
        List<ComponentRepresentation> tabs = tabsOf(saas());
        assertEquals(1, tabs.size(), tabs::toString);
        assertEquals(List.of("true"), tabs.get(0).getConfig().get("enabled"), "tenancy shows as on, not the default");
        assertEquals(List.of("true"), tabs.get(0).getConfig().get("selfServeCreateOrganizations"),
                "the demo realm's setting, not the field's default");

        String name = "tenancy-enabled-by-rest";
        createRealmWithOrganizations(name);
        assertTrue(tabsOf(admin.realm(name)).isEmpty(), "a realm without tenancy has no copy");
        Result enabled = adminApi(name).post("/enable", "");
        assertEquals(200, enabled.status(), enabled::toString);
        List<ComponentRepresentation> afterEnable = tabsOf(admin.realm(name));
        assertEquals(1, afterEnable.size(), afterEnable::toString);
        assertEquals(List.of("true"), afterEnable.get(0).getConfig().get("enabled"));
    }

    @Test
    void savedValuesAreTheRealmAttributesTheRestApiWritesToo() {
        try (Response created = saas().components().add(tab(Map.of("enabled", "true", "claimDefaultForm", "IDS",
                "maxDomainsPerOrganization", "20", "realm", "saas-b2b", "tab", "tenancy")))) {
            assertEquals(201, created.getStatus(), () -> created.readEntity(String.class));
        }
        Map<String, String> attributes = saas().toRepresentation().getAttributes();
        assertEquals("ids", attributes.get("tenancy.claim.default-form"));
        assertEquals("20", attributes.get("tenancy.domains.max-per-organization"));
        ApiClient api = adminApi("saas-b2b");
        assertEquals("ids", api.get("/config").json().get("settings").get("claimDefaultForm").asText());

        Result changed = api.put("/config", ApiClient.json(Map.of("settings", Map.of("claimDefaultForm", "roles",
                "maxDomainsPerOrganization", 30))));
        assertEquals(200, changed.status(), changed::toString);
        List<ComponentRepresentation> copies = tabsOf(saas());
        assertEquals(1, copies.size(), "the console's save replaced the copy written at import: " + copies);
        ComponentRepresentation shown = copies.get(0);
        assertEquals(List.of("roles"), shown.getConfig().get("claimDefaultForm"), "the tab shows what the API wrote");
        assertEquals(List.of("30"), shown.getConfig().get("maxDomainsPerOrganization"));

        shown.getConfig().putSingle("maxDomainsPerOrganization", "");
        saas().components().component(shown.getId()).update(shown);
        assertFalse(saas().toRepresentation().getAttributes().containsKey("tenancy.domains.max-per-organization"),
                "an emptied field removes its attribute: the default applies");
    }

    @Test
    void switchingTenancyOnFromTheTabEnablesIt() {
        String name = "tenancy-tab-fresh";
        createRealmWithOrganizations(name);
        ApiClient api = adminApi(name);
        assertFalse(api.get("/status").json().get("enabled").asBoolean());

        try (Response created = admin.realm(name).components().add(tab(Map.of("enabled", "true")))) {
            assertEquals(201, created.getStatus(), () -> created.readEntity(String.class));
        }
        Result status = api.get("/status");
        assertTrue(status.json().get("enabled").asBoolean(), status::toString);
        assertEquals(3, status.json().get("templateRoles").size(), status::toString);
        assertEquals(1, tabsOf(admin.realm(name)).size(), "the console's copy, not also the one enabling wrote");
    }

    @Test
    void onlyRealmManagersSaveTheTab() {
        RealmResource realm = saas();
        String id = SampleUsers.create(realm, "viewer@example.test", "secret");
        String managementClient = realm.clients().findByClientId("realm-management").get(0).getId();
        realm.users().get(id).roles().clientLevel(managementClient)
                .add(List.of(realm.clients().get(managementClient).roles().get("view-realm").toRepresentation()));
        String token = ApiClient.passwordGrant(urls.getBase(), "saas-b2b", "viewer@example.test", "secret");
        ApiClient viewer = new ApiClient(urls.getBase() + "/admin/realms/saas-b2b", () -> token);
        Result refused = viewer.post("/components", ApiClient.json(Map.of("name", "Tenancy", "providerId", "Tenancy",
                "providerType", TAB_PROVIDER, "parentId", realm.toRepresentation().getId(),
                "config", Map.of("claimDefaultForm", List.of("ids")))));
        assertEquals(403, refused.status(), refused::toString);
        ApiClient anonymous = new ApiClient(urls.getBase() + "/admin/realms/saas-b2b", null);
        assertEquals(401, anonymous.post("/components", "{}").status());
        assertFalse(realm.toRepresentation().getAttributes().containsKey("tenancy.claim.default-form"));
    }

    @Test
    void thePacksOrganizationAttributesAreCheckedWhereverTheyAreTyped() {
        RealmResource realm = saas();
        OrganizationRepresentation globex = AdminLookups.organization(realm, "globex");
        Map<String, List<String>> before = globex.getAttributes();
        OrganizationResource resource = realm.organizations().get(globex.getId());

        // the console's Attributes tab saves the whole organization through this endpoint
        for (Map.Entry<String, String> wrong : Map.of("tenancy.brand.primary-color", "red",
                "tenancy.sso.required", "yes", "tenancy.brand.logo-url", "http://globex.test/logo.png",
                "tenancy.security.mfa-methods", "otp,webauthn").entrySet()) {
            OrganizationRepresentation edited = AdminLookups.organization(realm, "globex");
            edited.singleAttribute(wrong.getKey(), wrong.getValue());
            edited.setDescription("changed with a wrong attribute");
            try (Response refused = resource.update(edited)) {
                assertEquals(400, refused.getStatus(), wrong::toString);
                String body = refused.readEntity(String.class);
                assertTrue(body.contains("Organization attribute " + wrong.getKey() + " cannot be"), body);
            }
        }
        OrganizationRepresentation after = AdminLookups.organization(realm, "globex");
        assertEquals(before, after.getAttributes(), "nothing of a refused save is kept");
        assertFalse("changed with a wrong attribute".equals(after.getDescription()));

        OrganizationRepresentation right = AdminLookups.organization(realm, "globex");
        right.singleAttribute("tenancy.brand.primary-color", "#112233");
        right.singleAttribute("department", "anything goes for keys that are not the pack's");
        try (Response saved = resource.update(right)) {
            assertEquals(204, saved.getStatus(), () -> saved.readEntity(String.class));
        }
        Result branding = adminApi("saas-b2b").get("/organizations/globex");
        assertEquals(200, branding.status(), branding::toString);
        assertTrue(branding.body().contains("#112233"), "the pack reads what was typed: " + branding);

        OrganizationRepresentation created = new OrganizationRepresentation();
        created.setName("Initech");
        created.setAlias("initech");
        created.addDomain(new OrganizationDomainRepresentation("initech.test"));
        created.singleAttribute("tenancy.limits.max-members", "lots");
        try (Response refused = realm.organizations().create(created)) {
            assertEquals(400, refused.getStatus());
        }
        assertTrue(realm.organizations().search("initech").isEmpty(), "a refused organization is not created");
    }

    /** A new realm with Organizations on and tenancy off, removed after the test. */
    private void createRealmWithOrganizations(String name) {
        removeAfterTest(name);
        RealmRepresentation fresh = new RealmRepresentation();
        fresh.setRealm(name);
        fresh.setEnabled(true);
        fresh.setOrganizationsEnabled(true);
        admin.realms().create(fresh);
    }

    private List<ComponentRepresentation> tabsOf(RealmResource realm) {
        return realm.components().query(realm.toRepresentation().getId(), TAB_PROVIDER).stream()
                .filter(c -> "Tenancy".equals(c.getProviderId())).toList();
    }

    private static ComponentRepresentation tab(Map<String, String> values) {
        ComponentRepresentation component = new ComponentRepresentation();
        component.setName("Tenancy");
        component.setProviderId("Tenancy");
        component.setProviderType(TAB_PROVIDER);
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        values.forEach(config::putSingle);
        component.setConfig(config);
        return component;
    }
}
