package dev.keycloaktenancy.platform;

import dev.keycloaktenancy.Tenancy;
import com.fasterxml.jackson.databind.JsonNode;
import dev.keycloaktenancy.testing.ApiClient;
import dev.keycloaktenancy.testing.LoginBrowser;
import dev.keycloaktenancy.testing.Mails;
import dev.keycloaktenancy.testing.OidcTestClient;
import dev.keycloaktenancy.testing.SampleUsers;
import dev.keycloaktenancy.testing.TenancyServerConfig;
import dev.keycloaktenancy.testing.TenancyServerTest;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.keycloaktenancy.testing.ApiAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tenant provisioning at /admin/realms/master/tenancy/tenants against the real server: a tenant from a template in
 * one call, its first administrator signing in to their own console only, every refusal, a template that fails
 * part-way leaving nothing, suspend, resume and delete, and isolation between two tenants.
 */
@KeycloakIntegrationTest(config = TenancyServerConfig.class)
class TenantProvisioningIT extends TenancyServerTest {


    @Test
    void aTenantIsCreatedFromATemplateInOneCallAndTheCallIsIdempotent() {
        ApiClient.Result created = provision("uni-north", "university", false);
        assertEquals(201, created.status(), created.toString());
        JsonNode tenant = created.json();
        assertEquals("uni-north", tenant.get("realm").asText());
        assertEquals("North University", tenant.get("displayName").asText());
        assertEquals("university", tenant.get("template").asText());
        assertTrue(tenant.get("enabled").asBoolean());
        assertEquals(500, tenant.get("limits").get("maxUsers").asInt());
        assertEquals("#1d4ed8", tenant.get("branding").get("primaryColor").asText());
        assertEquals("north.example", tenant.get("domains").get(0).get("name").asText());
        assertFalse(tenant.get("domains").get(0).get("verified").asBoolean(), "domains start unverified");
        assertEquals("_keycloak-tenancy.north.example",
                tenant.get("domains").get(0).get("verification").get("name").asText());
        String temporaryPassword = tenant.get("administrator").get("temporaryPassword").asText();
        assertEquals(24, temporaryPassword.length());

        RealmRepresentation realm = admin.realm("uni-north").toRepresentation();
        assertEquals("tenancy", realm.getLoginTheme());
        assertEquals("true", realm.getAttributes().get("tenancy.enabled"), "the template's tenancy is on");
        assertEquals("North University", realm.getAttributes().get("tenancy.brand.display-name"));
        assertNotNull(admin.realm("uni-north").clients().findByClientId("campus-app").get(0));
        UserRepresentation firstAdmin = admin.realm("uni-north").users().search("it@north.example", true).get(0);
        assertEquals(List.of("UPDATE_PASSWORD"), firstAdmin.getRequiredActions());

        ApiClient.Result again = provision("uni-north", "university", false);
        assertEquals(200, again.status(), "the same request again changes nothing: " + again);
        assertNull(again.json().get("administrator"), "no second password");
        assertEquals(1, admin.realm("uni-north").users().count(), "still one user");
        ApiClient.Result changed = provisioner().post("/tenants",
                with(request("uni-north", "university", false), "hostname", "login.north.example"));
        assertError(409, changed, "a different request for an existing tenant is refused, not passed over in silence");
        assertEquals("tenant_exists_different_request", changed.json().get("error").asText(), changed::toString);
        assertTrue(changed.json().get("error_description").asText().contains("nothing in this request was applied"),
                changed::toString);
        assertNull(changed.json().get("domains"), "a different request learns nothing of the tenant: " + changed);
        assertNull(admin.realm("uni-north").toRepresentation().getAttributesOrEmpty().get("frontendUrl"),
                "the changed hostname was not applied");

        JsonNode listed = provisioner().get("/tenants").json();
        assertTrue(listed.findValuesAsText("realm").contains("uni-north"), listed.toString());
        assertEquals("uni-north", provisioner().get("/tenants/uni-north").json().get("realm").asText());
        assertTrue(provisioner().get("/tenant-templates").json().get("templates").toString().contains("university"));
    }

    @Test
    void theFirstAdministratorManagesTheirTenantAndNothingElse() {
        JsonNode north = provision("uni-north", "university", false).json();
        provision("uni-south", "university", false);
        String token = signInToConsole("uni-north", "it@north.example",
                north.get("administrator").get("temporaryPassword").asText(), "A-new-password-1");

        ApiClient asTenantAdmin = new ApiClient(urls.getBase() + "/admin/realms", () -> token);
        assertEquals(200, asTenantAdmin.get("/uni-north/users").status(), "their own realm");
        int other = asTenantAdmin.get("/uni-south/users").status();
        assertTrue(other == 401 || other == 403, "another tenant: " + other);
        int master = asTenantAdmin.get("/master/tenancy/tenants").status();
        assertTrue(master == 401 || master == 403, "provisioning: " + master);

        // Suspension and deletion are the operator's: the tenant's administrator can do neither to their realm.
        ApiClient.Result disable = asTenantAdmin.put("/uni-north", "{\"enabled\": false}");
        assertEquals(400, disable.status(), disable.toString());
        assertTrue(disable.body().contains("suspended and resumed by the platform operator only"), disable.body());
        assertTrue(admin.realm("uni-north").toRepresentation().isEnabled());
        ApiClient.Result delete = asTenantAdmin.delete("/uni-north");
        assertEquals(400, delete.status(), delete.toString());
        assertTrue(delete.body().contains("deleted by the platform operator only"), delete.body());
        assertEquals(200, asTenantAdmin.get("/uni-north/users").status(), "the realm and its users are all there");
        assertEquals(1, admin.realm("uni-north").users().count());

        // Suspending ends the administrator's access at once, not when their token expires; resuming does not
        // bring the old token back.
        assertFalse(provisioner().post("/tenants/uni-north/suspend", "").json().get("enabled").asBoolean());
        assertEquals(401, asTenantAdmin.get("/uni-north/users").status(), "suspended");
        assertEquals(401, asTenantAdmin.put("/uni-north", "{\"enabled\": true}").status(), "no way back in");
        assertTrue(provisioner().post("/tenants/uni-north/resume", "").json().get("enabled").asBoolean());
        assertEquals(401, asTenantAdmin.get("/uni-north/users").status(), "a token from before the suspension");
    }

    @Test
    void everyoneWithoutTheProvisionerRoleIsRefused() {
        SampleUsers.create(admin.realm("master"), "realm-creator@example.test", "creator-password-1");
        String userId = SampleUsers.id(admin.realm("master"), "realm-creator@example.test");
        admin.realm("master").users().get(userId).roles().realmLevel()
                .add(List.of(admin.realm("master").roles().get("create-realm").toRepresentation()));
        String creatorToken = ApiClient.passwordGrant(urls.getBase(), "master", "realm-creator@example.test",
                "creator-password-1");
        try {
            ApiClient creator = new ApiClient(urls.getBase() + "/admin/realms/master/tenancy", () -> creatorToken);
            assertError(403, creator.post("/tenants", request("uni-east", "university", false)), "create-realm is not enough");
            assertError(403, creator.get("/tenants"));
            assertError(403, creator.get("/tenant-templates"));
            assertEquals(401, new ApiClient(urls.getBase() + "/admin/realms/master/tenancy", null)
                    .post("/tenants", request("uni-east", "university", false)).status(), "anonymous");
            assertTrue(admin.realms().findAll().stream().noneMatch(r -> r.getRealm().equals("uni-east")));

            // Creating realms is not provisioning: a new realm cannot pass for a tenant or choose its own limits.
            ApiClient realms = new ApiClient(urls.getBase() + "/admin/realms", () -> creatorToken);
            removeAfterTest("fake-tenant");
            for (String attribute : List.of("tenancy.tenant.template", "tenancy.limits.max-users")) {
                ApiClient.Result fake = realms.post("", ApiClient.json(Map.of("realm", "fake-tenant", "enabled", true,
                        "attributes", Map.of(attribute, "1000"))));
                assertEquals(400, fake.status(), attribute + ": " + fake);
                assertTrue(fake.body().contains("platform operator"), fake.body());
            }
            assertTrue(admin.realms().findAll().stream().noneMatch(r -> r.getRealm().equals("fake-tenant")));
            assertEquals(201, realms.post("", ApiClient.json(Map.of("realm", "fake-tenant", "enabled", true))).status(),
                    "an ordinary realm");

            admin.realm("master").users().get(userId).roles().realmLevel()
                    .add(List.of(admin.realm("master").roles().get(Tenancy.PROVISIONER_ROLE).toRepresentation()));
            String provisionerToken = ApiClient.passwordGrant(urls.getBase(), "master", "realm-creator@example.test",
                    "creator-password-1");
            removeAfterTest("uni-east");
            assertEquals(201, new ApiClient(urls.getBase() + "/admin/realms/master/tenancy", () -> provisionerToken)
                    .post("/tenants", request("uni-east", "university", false)).status(), "with the role");
        } finally {
            admin.realm("master").users().delete(userId).close();
        }
    }

    @Test
    void invalidRequestsAreRefusedWithASentence() {
        removeAfterTest("plain-realm");
        RealmRepresentation plain = new RealmRepresentation();
        plain.setRealm("plain-realm");
        plain.setEnabled(true);
        admin.realms().create(plain);
        provision("uni-north", "university", false);

        assertError(409, provisioner().post("/tenants", request("plain-realm", "university", false)), "not a tenant");
        assertError(409, provisioner().post("/tenants", request("uni-north", "merchant", false)), "another template");
        ApiClient.Result unknown = provisioner().post("/tenants", request("uni-west", "no-such-template", false));
        assertError(400, unknown);
        assertTrue(unknown.json().get("error_description").asText().contains("university"), "lists what exists");
        assertError(400, provisioner().post("/tenants", request("Uni West!", "university", false)));
        assertError(400, provisioner().post("/tenants", request("master", "university", false)));
        assertError(400, provisioner().post("/tenants", with(request("uni-west", "university", false),
                "branding", Map.of("logoUrl", "javascript:alert(1)"))));
        assertError(400, provisioner().post("/tenants", with(request("uni-west", "university", false),
                "limits", Map.of("maxUsers", 0))));
        assertError(400, provisioner().post("/tenants", with(request("uni-west", "university", false),
                "administrator", Map.of("email", "not-an-email"))));
        assertError(400, provisioner().post("/tenants", with(request("uni-west", "university", false),
                "domains", List.of("not a domain"))));
        assertError(400, provisioner().post("/tenants", "{\"realm\": "));
        assertError(400, provisioner().post("/tenants", "{\"realm\": \"uni-west\", \"unknown\": 1}"));
        assertError(400, provisioner().post("/tenants", request("uni-west", "university", true)),
                "an invitation needs a mail server in the template");
        assertTrue(admin.realms().findAll().stream().noneMatch(r -> r.getRealm().equals("uni-west")),
                "no refused request left a realm");
    }

    @Test
    void aTemplateThatFailsPartWayLeavesNothingBehind() {
        ApiClient.Result failed = provisioner().post("/tenants", request("half-made", "broken-part-way", false));
        assertError(500, failed, "a template the server cannot apply is the server's fault, not the request's");
        assertEquals("provisioning_failed", failed.json().get("error").asText(), failed::toString);
        assertTrue(failed.json().get("error_description").asText().contains("nothing was created"), failed.toString());
        assertTrue(failed.json().hasNonNull("correlation_id"), "the log line is found by the answer's id: " + failed);
        assertTrue(admin.realms().findAll().stream().noneMatch(r -> r.getRealm().equals("half-made")),
                "the realm is gone");
        assertEquals(404, new ApiClient(urls.getBase(), null).get("/realms/half-made").status());

        assertEquals(201, provision("half-made", "university", false).status(), "the name is free again");
    }

    @Test
    void tenantsAreSuspendedResumedAndDeleted() {
        provision("uni-north", "university", false);
        SampleUsers.create(admin.realm("uni-north"), "sam@example.test", "sam-north-1");

        assertFalse(provisioner().post("/tenants/uni-north/suspend", "").json().get("enabled").asBoolean());
        assertFalse(admin.realm("uni-north").toRepresentation().isEnabled());
        assertThrowsAssertion(() -> ApiClient.passwordGrant(urls.getBase(), "uni-north", "sam@example.test", "sam-north-1"));

        assertTrue(provisioner().post("/tenants/uni-north/resume", "").json().get("enabled").asBoolean());
        assertNotNull(ApiClient.passwordGrant(urls.getBase(), "uni-north", "sam@example.test", "sam-north-1"));

        assertEquals(204, provisioner().delete("/tenants/uni-north").status());
        assertTrue(admin.realms().findAll().stream().noneMatch(r -> r.getRealm().equals("uni-north")));
        assertError(404, provisioner().get("/tenants/uni-north"));
        assertError(404, provisioner().delete("/tenants/master"), "only tenants can be deleted here");
    }

    @Test
    void twoTenantsAreTwoSeparateUserPools() {
        provision("uni-north", "university", false);
        provision("uni-south", "university", false);
        SampleUsers.create(admin.realm("uni-north"), "sam@example.test", "sam-north-1");
        SampleUsers.create(admin.realm("uni-south"), "sam@example.test", "sam-south-1");
        assertFalse(SampleUsers.id(admin.realm("uni-north"), "sam@example.test")
                .equals(SampleUsers.id(admin.realm("uni-south"), "sam@example.test")), "two identities");

        String northToken = selfServiceTokenIn("uni-north", "sam@example.test", "sam-north-1");
        assertNotNull(ApiClient.passwordGrant(urls.getBase(), "uni-south", "sam@example.test", "sam-south-1"));
        assertThrowsAssertion(() -> ApiClient.passwordGrant(urls.getBase(), "uni-south", "sam@example.test", "sam-north-1"));

        ApiClient asNorthSam = new ApiClient(urls.getBase() + "/realms", () -> northToken);
        assertEquals(401, asNorthSam.get("/uni-south/protocol/openid-connect/userinfo").status(), "B refuses A's token");
        assertEquals(200, asNorthSam.get("/uni-north/tenancy/me/organizations").status());
        assertEquals(401, asNorthSam.get("/uni-south/tenancy/me/organizations").status(), "B's tenancy API too");
    }

    @Test
    void anInvitedAdministratorSetsTheirPasswordFromTheEmail() {
        ApiClient.Result created = provision("shop-one", "with-mail", true);
        assertEquals(201, created.status(), created.toString());
        assertTrue(created.json().get("administrator").get("invited").asBoolean());
        assertNull(created.json().get("administrator").get("temporaryPassword"), "no password when invited");

        assertTrue(mail.waitForIncomingEmail(1), "the invitation is sent");
        LoginBrowser browser = new LoginBrowser(urls.getBase() + "/admin/shop-one/console/");
        Document page = browser.open(Mails.realmLink(mail.getLastReceivedMessage()));
        for (int step = 0; page != null && step < 4 && page.select("input[name=password-new]").isEmpty(); step++) {
            page = browser.open(page.select("a[href*=login-actions]").first().absUrl("href"));
        }
        assertNotNull(page, "expected the page to choose a password");
        browser.submit(Map.of("password-new", "A-new-password-1", "password-confirm", "A-new-password-1"));
        assertNotNull(ApiClient.passwordGrant(urls.getBase(), "shop-one", "it@north.example", "A-new-password-1"),
                "the administrator can sign in with the password they chose");
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    private ApiClient provisioner() {
        return new ApiClient(urls.getBase() + "/admin/realms/master/tenancy", () -> admin.tokenManager().getAccessTokenString());
    }

    private ApiClient.Result provision(String realm, String template, boolean invite) {
        removeAfterTest(realm);
        return provisioner().post("/tenants", request(realm, template, invite));
    }

    private static String request(String realm, String template, boolean invite) {
        return ApiClient.json(Map.of(
                "realm", realm,
                "template", template,
                "displayName", "North University",
                "branding", Map.of("displayName", "North University", "primaryColor", "#1d4ed8"),
                "domains", List.of("North.Example."),
                "limits", Map.of("maxUsers", 500, "maxOrganizations", 20),
                "administrator", Map.of("email", "it@north.example", "firstName", "Ada", "lastName", "Admin",
                        "invite", invite)));
    }

    @SuppressWarnings("unchecked")
    private static String with(String json, String field, Object value) {
        try {
            Map<String, Object> body = new HashMap<>(new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, Map.class));
            body.put(field, value);
            return ApiClient.json(body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The tenant's admin console sign-in through the real pages, with the forced password change; the token. */
    private String signInToConsole(String realm, String username, String password, String newPassword) {
        String console = urls.getBase() + "/admin/" + realm + "/console/";
        OidcTestClient client = new OidcTestClient(urls.getBase(), realm, "security-admin-console", console);
        LoginBrowser browser = new LoginBrowser(console);
        Document page = browser.open(client.authorizationUrl("openid"));
        for (int step = 0; page != null && step < 5; step++) {
            if (!page.select("input[name=password-new]").isEmpty()) {
                page = browser.submit(Map.of("password-new", newPassword, "password-confirm", newPassword));
            } else if (!page.select("input[name=password]").isEmpty() && !page.select("input[name=username]").isEmpty()) {
                page = browser.submit(Map.of("username", username, "password", password));
            } else if (!page.select("input[name=password]").isEmpty()) {
                page = browser.submit(Map.of("password", password));
            } else {
                page = browser.submit(Map.of("username", username));
            }
        }
        Document last = page;
        assertNull(last, () -> "expected the redirect to the console: " + last.body().text());
        return client.exchange(browser.appRedirect()).get("access_token").asText();
    }

    private static void assertThrowsAssertion(Runnable call) {
        try {
            call.run();
        } catch (AssertionError expected) {
            return;
        }
        throw new AssertionError("expected the call to fail");
    }
}
