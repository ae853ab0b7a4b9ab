package dev.keycloaktenancy.platform;

import dev.keycloaktenancy.testing.AdminLookups;
import dev.keycloaktenancy.testing.ApiClient;
import dev.keycloaktenancy.testing.DemoLogins;
import dev.keycloaktenancy.testing.LoginBrowser;
import dev.keycloaktenancy.testing.Mails;
import dev.keycloaktenancy.testing.OidcTestClient;
import dev.keycloaktenancy.testing.RealmExports;
import dev.keycloaktenancy.testing.SampleUsers;
import dev.keycloaktenancy.testing.TenancyServerConfig;
import jakarta.ws.rs.core.Response;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.OrganizationResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.mail.MailServer;
import org.keycloak.testframework.mail.annotations.InjectMailServer;
import org.keycloak.testframework.server.KeycloakUrls;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Realm user and organization limits and organization member limits on the real server, on each entry path: the
 * admin API, self-registration (also many at once), first login through an identity provider, invitations and
 * joins by email domain.
 */
@KeycloakIntegrationTest(config = TenancyServerConfig.class)
class UsageLimitsIT {

    private static final String REDIRECT = "http://localhost:3000/callback";

    @InjectAdminClient
    Keycloak admin;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @InjectMailServer
    MailServer mail;

    private final List<String> realmsToRemove = new ArrayList<>();

    @AfterEach
    void removeRealms() {
        for (String realm : realmsToRemove) {
            RealmExports.removeIfPresent(admin, realm);
        }
        realmsToRemove.clear();
    }

    @Test
    void theAdminApiCreatesNoUserBeyondTheLimit() {
        RealmResource tenant = provision("uni-limited", 3);
        SampleUsers.create(tenant, "one@example.test", "password-one-1");
        SampleUsers.create(tenant, "two@example.test", "password-two-1");
        UserRepresentation third = new UserRepresentation();
        third.setUsername("three@example.test");
        third.setEmail("three@example.test");
        third.setEnabled(true);
        try (Response refused = tenant.users().create(third)) {
            assertEquals(400, refused.getStatus());
            String body = refused.readEntity(String.class);
            assertTrue(body.contains("limit of 3 users"), body);
        }
        assertEquals(3, tenant.users().count(), "the administrator and two users");
    }

    @Test
    void aTemplateWithMoreUsersThanTheLimitProvisionsNothing() {
        realmsToRemove.add("too-many");
        ApiClient provisioner = new ApiClient(urls.getBase() + "/admin/realms/master/tenancy",
                () -> admin.tokenManager().getAccessTokenString());
        ApiClient.Result refused = provisioner.post("/tenants", ApiClient.json(Map.of(
                "realm", "too-many", "template", "with-users", "limits", Map.of("maxUsers", 2),
                "administrator", Map.of("email", "it@too-many.example"))));
        assertEquals(409, refused.status(), refused.toString());
        assertTrue(refused.body().contains("limit of 2 users"), refused.toString());
        assertTrue(admin.realms().findAll().stream().noneMatch(r -> r.getRealm().equals("too-many")));
    }

    @Test
    void registrationStopsAtTheLimitWithAMessage() {
        RealmResource tenant = provision("uni-limited", 2);
        register("uni-limited", "first@example.test");
        assertEquals(2, tenant.users().count(), "the first registration fits");
        Document refused = register("uni-limited", "second@example.test");
        assertNotNull(refused, "the form is shown again");
        assertTrue(refused.body().text().contains("limit of 2 users"), refused.body().text());
        assertEquals(2, tenant.users().count());
    }

    @Test
    void parallelRegistrationsEndWithExactlyTheLimit() throws Exception {
        int limit = 4;
        RealmResource tenant = provision("uni-limited", limit);
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<Document>> attempts = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String email = "racer" + i + "@example.test";
                attempts.add(pool.submit(() -> register("uni-limited", email)));
            }
            for (Future<Document> attempt : attempts) {
                attempt.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(limit, tenant.users().count(), "the administrator and " + (limit - 1) + " of 10 racing registrations");
    }

    @Test
    void firstLoginThroughAnIdentityProviderRespectsTheUserLimit() {
        realmsToRemove.addAll(List.of("acme-idp", "saas-b2b"));
        RealmExports.importRealms(admin, "acme-idp", "saas-b2b");
        RealmResource saas = admin.realm("saas-b2b");
        setRealmAttribute(saas, TenantLimits.MAX_USERS, String.valueOf(saas.users().count()));

        OidcTestClient app = new OidcTestClient(urls.getBase(), "saas-b2b", "demo-app", DemoLogins.REDIRECT_URI);
        LoginBrowser browser = new LoginBrowser(DemoLogins.REDIRECT_URI);
        browser.open(app.authorizationUrl("openid"));
        browser.submit(Map.of("username", "alice@acme.test"));
        Document review = browser.submit(Map.of("username", "alice@acme.test", "password", "alice"));
        assertNotNull(review, "alice is not let in: Keycloak asks her to review her profile");
        Document page = browser.submit(Map.of("email", "alice@acme.test"));
        assertNotNull(page, "still not let in");
        assertTrue(page.body().text().contains("has reached its limit of"), page.body().text());
        assertTrue(saas.users().search("alice@acme.test", true).isEmpty(), "no account was created");
    }

    @Test
    void organizationsAcceptNoMemberBeyondTheirLimit() {
        realmsToRemove.add("saas-b2b");
        RealmExports.importRealms(admin, "saas-b2b");
        RealmResource saas = admin.realm("saas-b2b");
        OrganizationResource globex = AdminLookups.organizationResource(saas, "globex");
        int members = globex.members().count().intValue();
        OrganizationRepresentation representation = globex.toRepresentation();
        Map<String, List<String>> attributes = new HashMap<>(representation.getAttributes());
        attributes.put(UsageLimits.MAX_MEMBERS, List.of(String.valueOf(members)));
        representation.setAttributes(attributes);
        try (Response updated = globex.update(representation)) {
            assertEquals(204, updated.getStatus());
        }
        String erin = SampleUsers.id(saas, "erin@example.test");
        try (Response refused = globex.members().addMember(erin)) {
            assertEquals(409, refused.getStatus(), "Keycloak's own member API is refused");
            String body = refused.readEntity(String.class);
            assertTrue(body.contains("limit of " + members + " members"), body);
        }
        assertEquals(members, globex.members().count().intValue(), "nobody was added");
    }

    @Test
    void aRealmCreatesNoOrganizationBeyondItsLimit() {
        RealmResource tenant = provision("uni-limited", 10, 1);
        try (Response first = tenant.organizations().create(organization("Physics", "physics.uni-limited.example"))) {
            assertEquals(201, first.getStatus());
        }
        try (Response second = tenant.organizations().create(organization("Chemistry", "chemistry.uni-limited.example"))) {
            assertEquals(409, second.getStatus());
            String body = second.readEntity(String.class);
            assertTrue(body.contains("limit of 1 organizations"), body);
        }
        assertEquals(1, tenant.organizations().getAll().size());
    }

    @Test
    void fullOrganizationsTurnAwayInvitationsAndEmailDomainJoins() {
        realmsToRemove.add("saas-b2b");
        RealmExports.importRealms(admin, "saas-b2b");
        RealmResource saas = admin.realm("saas-b2b");
        Mails.useTestMailServer(saas);
        setMemberLimit(saas, "acme", AdminLookups.organizationResource(saas, "acme").members().count().intValue());
        setMemberLimit(saas, "globex", AdminLookups.organizationResource(saas, "globex").members().count().intValue());
        ApiClient api = new ApiClient(urls.getBase() + "/admin/realms/saas-b2b/tenancy",
                () -> admin.tokenManager().getAccessTokenString());

        assertEquals(201, api.post("/organizations/acme/invitations",
                "{\"email\": \"erin@example.test\", \"roles\": [\"member\"]}").status());
        assertTrue(mail.waitForIncomingEmail(1));
        LoginBrowser invitee = new LoginBrowser("http://localhost:3000/never");
        invitee.open(Mails.realmLink(mail.getLastReceivedMessage()));
        Document accepted = invitee.open(invitee.page().selectFirst("a[href*=action-token]").absUrl("href"));
        assertNotNull(accepted);
        assertTrue(accepted.body().text().contains("limit of"), "the invitee reads why: " + accepted.body().text());
        assertFalse(isMember(saas, "acme", "erin@example.test"), "a full organization takes no invitee");

        SampleUsers.create(saas, "lou@globex.test", "lou-password-1");
        assertNotNull(DemoLogins.withPassword(urls.getBase(), "lou@globex.test", "lou-password-1", "openid", null),
                "a full organization does not stop the login");
        assertFalse(isMember(saas, "globex", "lou@globex.test"), "but no one joins it by email domain");

    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    private RealmResource provision(String realm, int maxUsers) {
        return provision(realm, maxUsers, null);
    }

    private RealmResource provision(String realm, int maxUsers, Integer maxOrganizations) {
        realmsToRemove.add(realm);
        Map<String, Object> limits = new HashMap<>(Map.of("maxUsers", maxUsers));
        if (maxOrganizations != null) {
            limits.put("maxOrganizations", maxOrganizations);
        }
        ApiClient provisioner = new ApiClient(urls.getBase() + "/admin/realms/master/tenancy",
                () -> admin.tokenManager().getAccessTokenString());
        ApiClient.Result created = provisioner.post("/tenants", ApiClient.json(Map.of(
                "realm", realm, "template", "university", "limits", limits,
                "administrator", Map.of("email", "it@" + realm + ".example"))));
        assertEquals(201, created.status(), created.toString());
        return admin.realm(realm);
    }

    /** Self-registration through the real page; the page shown afterwards (null once back at the app). */
    private Document register(String realm, String email) {
        OidcTestClient app = new OidcTestClient(urls.getBase(), realm, "campus-app", REDIRECT);
        LoginBrowser browser = new LoginBrowser(REDIRECT);
        Document form = browser.open(app.authorizationUrl("openid").replace("/openid-connect/auth?", "/openid-connect/registrations?"));
        assertNotNull(form, "the registration page");
        Map<String, String> fields = new HashMap<>(Map.of("email", email, "firstName", "Racer", "lastName", "Test"));
        if (!form.select("input[name=password]").isEmpty()) {
            fields.put("password", "Racer-password-1");
            fields.put("password-confirm", "Racer-password-1");
        }
        return browser.submit(fields);
    }

    private static void setMemberLimit(RealmResource realm, String alias, int max) {
        OrganizationResource organization = AdminLookups.organizationResource(realm, alias);
        OrganizationRepresentation representation = organization.toRepresentation();
        Map<String, List<String>> attributes = new HashMap<>(representation.getAttributes());
        attributes.put(UsageLimits.MAX_MEMBERS, List.of(String.valueOf(max)));
        representation.setAttributes(attributes);
        try (Response updated = organization.update(representation)) {
            assertEquals(204, updated.getStatus());
        }
    }

    private static boolean isMember(RealmResource realm, String alias, String username) {
        return AdminLookups.organizationResource(realm, alias).members().search(username, true, 0, 10).stream()
                .anyMatch(member -> username.equals(member.getUsername()));
    }

    private static OrganizationRepresentation organization(String name, String domain) {
        OrganizationRepresentation organization = new OrganizationRepresentation();
        organization.setName(name);
        organization.setAlias(name.toLowerCase());
        organization.addDomain(new org.keycloak.representations.idm.OrganizationDomainRepresentation(domain));
        return organization;
    }

    private static void setRealmAttribute(RealmResource realm, String key, String value) {
        RealmRepresentation representation = realm.toRepresentation();
        Map<String, String> attributes = new HashMap<>(representation.getAttributes());
        attributes.put(key, value);
        representation.setAttributes(attributes);
        realm.update(representation);
    }
}
