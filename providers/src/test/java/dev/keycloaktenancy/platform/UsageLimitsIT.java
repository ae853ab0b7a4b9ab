package dev.keycloaktenancy.platform;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.testing.AdminLookups;
import dev.keycloaktenancy.testing.ApiClient;
import dev.keycloaktenancy.testing.DemoLogins;
import dev.keycloaktenancy.testing.LoginBrowser;
import dev.keycloaktenancy.testing.Mails;
import dev.keycloaktenancy.testing.OidcTestClient;
import dev.keycloaktenancy.testing.RealmExports;
import dev.keycloaktenancy.testing.SampleUsers;
import dev.keycloaktenancy.testing.TenancyServerConfig;
import dev.keycloaktenancy.testing.TenancyServerTest;
import dev.keycloaktenancy.testing.TestLdapServer;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.core.Response;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.OrganizationResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.OrganizationDomainRepresentation;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.representations.idm.PartialImportRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.SynchronizationResultRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Realm user and organization limits and organization member limits on the real server, on each entry path: the
 * admin API, self-registration (also many at once), first login through an identity provider, invitations, joins by
 * email domain, partial import and LDAP federation; and who may change a tenant's limits.
 */
@KeycloakIntegrationTest(config = TenancyServerConfig.class)
class UsageLimitsIT extends TenancyServerTest {

    private static final String REDIRECT = "http://localhost:3000/callback";

    private final List<String> realmsToRemove = new ArrayList<>();

    @AfterEach
    void removeRealms() {
        for (String realm : realmsToRemove) {
            RealmExports.removeIfPresent(admin, realm);
        }
        realmsToRemove.clear();
        admin.realm("master").users().search("back-office@example.test", true)
                .forEach(user -> admin.realm("master").users().delete(user.getId()).close());
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
        importRealms("acme-idp", "saas-b2b");
        RealmResource saas = admin.realm("saas-b2b");
        setRealmAttribute(saas, Tenancy.MAX_USERS, String.valueOf(saas.users().count()));

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
        importRealms("saas-b2b");
        RealmResource saas = admin.realm("saas-b2b");
        OrganizationResource globex = AdminLookups.organizationResource(saas, "globex");
        int members = globex.members().count().intValue();
        OrganizationRepresentation representation = globex.toRepresentation();
        Map<String, List<String>> attributes = new HashMap<>(representation.getAttributes());
        attributes.put(Tenancy.MAX_MEMBERS, List.of(String.valueOf(members)));
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

    /**
     * A limit that is not a whole number ("50 seats", "1,000") never means "no limit": written through the pack or a
     * realm update it is refused with the accepted form; a value already stored on an organization is read as 0, so
     * nobody more joins until it is fixed.
     */
    @Test
    void aLimitThatIsNotANumberNeverOpensTheDoor() {
        RealmResource tenant = provision("uni-limited", 10);
        RealmRepresentation realm = tenant.toRepresentation();
        Map<String, String> attributes = new HashMap<>(realm.getAttributes());
        attributes.put(Tenancy.MAX_USERS, "1,000");
        realm.setAttributes(attributes);
        jakarta.ws.rs.BadRequestException refused = org.junit.jupiter.api.Assertions.assertThrows(
                jakarta.ws.rs.BadRequestException.class, () -> tenant.update(realm), "even the operator's realm update");
        String body = refused.getResponse().readEntity(String.class);
        assertTrue(body.contains("digits only"), body);
        assertEquals("10", tenant.toRepresentation().getAttributes().get(Tenancy.MAX_USERS), "the limit stays");

        importRealms("saas-b2b");
        RealmResource saas = admin.realm("saas-b2b");
        OrganizationResource globex = AdminLookups.organizationResource(saas, "globex");
        OrganizationRepresentation representation = globex.toRepresentation();
        Map<String, List<String>> organizationAttributes = new HashMap<>(representation.getAttributes());
        organizationAttributes.put(Tenancy.MAX_MEMBERS, List.of("50 seats"));
        representation.setAttributes(organizationAttributes);
        int stored;
        try (Response updated = globex.update(representation)) {
            stored = updated.getStatus();
        }
        if (stored == 204) {
            try (Response added = globex.members().addMember(SampleUsers.id(saas, "erin@example.test"))) {
                assertEquals(409, added.getStatus(), "a stored '50 seats' reads as a limit of 0, never as none");
            }
        } else {
            assertEquals(400, stored, "or the value is refused where it is written");
        }
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
        importRealms("saas-b2b");
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

    @Test
    void aPartialImportAddsNoUserBeyondTheLimit() {
        RealmResource tenant = provision("uni-limited", 3);
        try (Response refused = tenant.partialImport(usersToImport("a@example.test", "b@example.test", "c@example.test"))) {
            assertEquals(400, refused.getStatus());
            String body = refused.readEntity(String.class);
            assertTrue(body.contains("limit of 3 users"), body);
        }
        assertEquals(1, tenant.users().count(), "nothing of the refused import remains: only the administrator");
        try (Response accepted = tenant.partialImport(usersToImport("a@example.test", "b@example.test"))) {
            assertEquals(200, accepted.getStatus(), () -> accepted.readEntity(String.class));
        }
        assertEquals(3, tenant.users().count(), "an import that fits is taken whole");
        PartialImportRepresentation again = usersToImport("a@example.test", "b@example.test");
        again.setIfResourceExists(PartialImportRepresentation.Policy.OVERWRITE.name());
        try (Response overwritten = tenant.partialImport(again)) {
            assertEquals(200, overwritten.getStatus(), "overwriting users in a full realm replaces them, adds no one");
        }
        assertEquals(3, tenant.users().count());
        try (Response refused = tenant.partialImport(usersToImport("service-account-in-disguise"))) {
            assertEquals(409, refused.getStatus(), "a person named like a service account is counted at commit");
            String body = refused.readEntity(String.class);
            assertTrue(body.contains("limit of 3 users"), body);
        }
        assertEquals(3, tenant.users().count());
    }

    @Test
    void usersFromLdapStopAtTheLimit() throws Exception {
        RealmResource tenant = provision("uni-limited", 2);
        try (TestLdapServer ldap = new TestLdapServer()) {
            ldap.person("lena", "lena-password-1");
            ldap.person("lars", "lars-password-1");
            ldap.person("lotte", "lotte-password-1");
            String provider = ldap.federate(tenant, tenant.toRepresentation().getId());

            OidcTestClient app = new OidcTestClient(urls.getBase(), "uni-limited", "campus-app", REDIRECT);
            LoginBrowser lena = new LoginBrowser(REDIRECT);
            lena.open(app.authorizationUrl("openid"));
            assertEquals(null, signIn(lena, "lena", "lena-password-1"), "the first directory user fits and signs in");
            assertEquals(2, tenant.users().count());

            LoginBrowser lars = new LoginBrowser(REDIRECT);
            lars.open(app.authorizationUrl("openid"));
            Document refused = signIn(lars, "lars", "lars-password-1");
            assertNotNull(refused, "the second is not let in");
            assertTrue(refused.body().text().contains("University has reached its limit of 2 users"),
                    refused.body().text());
            assertEquals(2, tenant.users().count(), "nor imported");

            SynchronizationResultRepresentation sync = tenant.userStorage().syncUsers(provider, "triggerFullSync");
            assertEquals(2, tenant.users().count(), "a full synchronization imports nobody beyond the limit: " + sync);
            assertEquals(2, sync.getFailed(), sync.toString());

            // Keycloak imports the directory users an admin search finds; in a full realm the search fails instead.
            assertThrows(BadRequestException.class, () -> tenant.users().search("lotte", true));
            assertEquals(2, tenant.users().count(), "the search imported no one");
        }
    }

    @Test
    void serviceAccountsTakeNoSeat() {
        RealmResource tenant = provision("uni-limited", 1);
        ClientRepresentation backOffice = new ClientRepresentation();
        backOffice.setClientId("back-office");
        backOffice.setPublicClient(false);
        backOffice.setServiceAccountsEnabled(true);
        try (Response created = tenant.clients().create(backOffice)) {
            assertEquals(201, created.getStatus(), "a full realm still gets a client with a service account");
        }
        String id = tenant.clients().findByClientId("back-office").get(0).getId();
        assertNotNull(tenant.clients().get(id).getServiceAccountUser());
        UserRepresentation person = new UserRepresentation();
        person.setUsername("late@example.test");
        person.setEnabled(true);
        try (Response refused = tenant.users().create(person)) {
            assertEquals(400, refused.getStatus(), "people are still refused");
        }
    }

    @Test
    void aTenantsOwnAdministratorCannotChangeItsLimits() {
        provision("uni-limited", 5);
        ApiClient tenantAdmin = new ApiClient(urls.getBase() + "/admin/realms",
                () -> secondAdministratorToken("uni-limited"));
        ObjectNode realm = (ObjectNode) tenantAdmin.get("/uni-limited").json();
        assertEquals(204, tenantAdmin.put("/uni-limited", realm.toString()).status(),
                "saving the realm unchanged, as the admin console does, is fine");

        ((ObjectNode) realm.get("attributes")).put(Tenancy.MAX_USERS, "100000");
        ApiClient.Result raised = tenantAdmin.put("/uni-limited", realm.toString());
        assertEquals(400, raised.status(), raised.toString());
        assertTrue(raised.body().contains("set by the platform operator"), raised.toString());

        ((ObjectNode) realm.get("attributes")).remove(Tenancy.MAX_USERS);
        ApiClient.Result removed = tenantAdmin.put("/uni-limited", realm.toString());
        assertEquals(400, removed.status(), "nor can they remove a limit: " + removed);

        assertEquals("5", admin.realm("uni-limited").toRepresentation().getAttributes().get(Tenancy.MAX_USERS));
        ApiClient.Result viaOperatorApi = tenantAdmin.put("/master/tenancy/tenants/uni-limited/limits", "{\"maxUsers\": 9}");
        assertTrue(viaOperatorApi.status() == 401 || viaOperatorApi.status() == 403, viaOperatorApi.toString());
    }

    /**
     * A directory whose users are not imported never reaches USER_ENTITY, so nothing would count them: in a realm with
     * a user limit, its own administrators may add directories that import their users, never one that does not.
     */
    @Test
    void aTenantsOwnAdministratorCannotAddADirectoryThatImportsNobody() {
        RealmResource tenant = provision("uni-limited", 5);
        String realmId = tenant.toRepresentation().getId();
        ApiClient tenantAdmin = new ApiClient(urls.getBase() + "/admin/realms/uni-limited",
                () -> secondAdministratorToken("uni-limited"));
        ApiClient.Result refused = tenantAdmin.post("/components", ApiClient.json(TestLdapServer.provider(realmId, false)));
        assertEquals(400, refused.status(), refused.toString());
        assertTrue(refused.body().contains("import"), refused.toString());
        assertTrue(tenant.components().query(realmId, "org.keycloak.storage.UserStorageProvider").isEmpty(), "nothing added");

        assertEquals(201, tenantAdmin.post("/components", ApiClient.json(TestLdapServer.provider(realmId, true))).status(),
                "a directory that imports its users counts against the limit, so it is fine");
        var stored = tenant.components().query(realmId, "org.keycloak.storage.UserStorageProvider").get(0);
        stored.getConfig().putSingle("importEnabled", "false");
        ApiClient.Result switched = tenantAdmin.put("/components/" + stored.getId(), ApiClient.json(stored));
        assertEquals(400, switched.status(), "nor can it stop importing later: " + switched);
        assertEquals("true", tenant.components().component(stored.getId()).toRepresentation().getConfig().getFirst("importEnabled"));
    }

    /** The tenancy.tenant.* attributes tell the operators' API which realms are tenants: not the tenant's to edit. */
    @Test
    void aTenantsOwnAdministratorCannotChangeTheTenantRecord() {
        provision("uni-limited", 5);
        ApiClient tenantAdmin = new ApiClient(urls.getBase() + "/admin/realms",
                () -> secondAdministratorToken("uni-limited"));
        ObjectNode realm = (ObjectNode) tenantAdmin.get("/uni-limited").json();
        ((ObjectNode) realm.get("attributes")).put("tenancy.tenant.template", "merchant");
        assertEquals(400, tenantAdmin.put("/uni-limited", realm.toString()).status(), "changing the template record");
        ((ObjectNode) realm.get("attributes")).remove("tenancy.tenant.template");
        assertEquals(400, tenantAdmin.put("/uni-limited", realm.toString()).status(), "removing it");
        assertEquals("university", admin.realm("uni-limited").toRepresentation().getAttributes().get("tenancy.tenant.template"));
    }

    @Test
    void theOperatorChangesLimitsThroughTheTenantsApi() {
        RealmResource tenant = provision("uni-limited", 2);
        SampleUsers.create(tenant, "one@example.test", "password-one-1");
        ApiClient operator = new ApiClient(urls.getBase() + "/admin/realms/master/tenancy",
                () -> admin.tokenManager().getAccessTokenString());

        ApiClient.Result raised = operator.put("/tenants/uni-limited/limits", "{\"maxUsers\": 3, \"maxOrganizations\": 1}");
        assertEquals(200, raised.status(), raised.toString());
        assertEquals(3, raised.json().at("/limits/maxUsers").asInt());
        assertEquals(1, raised.json().at("/limits/maxOrganizations").asInt());
        assertEquals(2, raised.json().at("/usage/users").asInt(), raised.toString());
        SampleUsers.create(tenant, "two@example.test", "password-two-1");
        assertEquals(3, operator.get("/tenants/uni-limited").json().at("/usage/users").asInt());

        assertEquals(400, operator.put("/tenants/uni-limited/limits", "{\"maxUsers\": 0, \"maxOrganizations\": 1}").status());
        assertEquals(400, operator.put("/tenants/uni-limited/limits", "{\"maxUsers\": \"many\", \"maxOrganizations\": 1}").status());
        assertEquals(400, operator.put("/tenants/uni-limited/limits", "{\"maxSeats\": 3}").status());
        ApiClient.Result partial = operator.put("/tenants/uni-limited/limits", "{\"maxUsers\": 9}");
        assertEquals(400, partial.status(), "a PUT carries both limits: " + partial);
        assertEquals("maxOrganizations", partial.json().get("field").asText());
        assertEquals(3, operator.get("/tenants/uni-limited").json().at("/limits/maxUsers").asInt(), "nothing changed");
        assertEquals(404, operator.put("/tenants/no-such-tenant/limits", "{\"maxUsers\": 3, \"maxOrganizations\": 1}").status());
        ApiClient.Result patched = operator.patch("/tenants/uni-limited/limits", "{\"maxUsers\": 9}");
        assertEquals(9, patched.json().at("/limits/maxUsers").asInt(), patched.toString());
        assertEquals(1, patched.json().at("/limits/maxOrganizations").asInt(), "a PATCH keeps the limit it leaves out");

        ApiClient.Result viaBackOffice = backOfficeOperator().put("/tenants/uni-limited/limits",
                "{\"maxUsers\": 4, \"maxOrganizations\": 1}");
        assertEquals(200, viaBackOffice.status(), "a master user holding only the provisioner role, signed in through"
                + " admin-cli (whose tokens carry no subject): " + viaBackOffice);
        assertEquals(4, viaBackOffice.json().at("/limits/maxUsers").asInt());

        ApiClient.Result removed = operator.put("/tenants/uni-limited/limits", "{\"maxUsers\": null, \"maxOrganizations\": null}");
        assertEquals(200, removed.status(), removed.toString());
        assertTrue(removed.json().at("/limits/maxUsers").isMissingNode(), removed.toString());
        SampleUsers.create(tenant, "three@example.test", "password-three-1");
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

    private static PartialImportRepresentation usersToImport(String... usernames) {
        List<UserRepresentation> users = new ArrayList<>();
        for (String username : usernames) {
            UserRepresentation user = new UserRepresentation();
            user.setUsername(username);
            if (username.contains("@")) {
                user.setEmail(username);
            }
            user.setEnabled(true);
            users.add(user);
        }
        PartialImportRepresentation representation = new PartialImportRepresentation();
        representation.setIfResourceExists(PartialImportRepresentation.Policy.SKIP.name());
        representation.setUsers(users);
        return representation;
    }

    /** Fills in the sign-in page (username first if the flow asks for it); the page shown afterwards. */
    private static Document signIn(LoginBrowser browser, String username, String password) {
        if (browser.page().select("input[name=password]").isEmpty()) {
            browser.submit(Map.of("username", username));
        }
        return browser.submit(Map.of("username", username, "password", password));
    }

    /** A master realm user who holds only tenancy-provisioner, signed in with a password through admin-cli. */
    private ApiClient backOfficeOperator() {
        RealmResource master = admin.realm("master");
        if (master.users().search("back-office@example.test", true).isEmpty()) {
            String id = SampleUsers.create(master, "back-office@example.test", "back-office-password-1");
            master.users().get(id).roles().realmLevel()
                    .add(List.of(master.roles().get(Tenancy.PROVISIONER_ROLE).toRepresentation()));
        }
        return new ApiClient(urls.getBase() + "/admin/realms/master/tenancy", () -> ApiClient.passwordGrant(
                urls.getBase(), "master", "back-office@example.test", "back-office-password-1"));
    }

    /** A second holder of realm-admin in the tenant, signed in to the tenant's own realm. */
    private String secondAdministratorToken(String realmName) {
        RealmResource realm = admin.realm(realmName);
        if (realm.users().search("deputy@example.test", true).isEmpty()) {
            String id = SampleUsers.create(realm, "deputy@example.test", "deputy-password-1");
            String management = realm.clients().findByClientId("realm-management").get(0).getId();
            realm.users().get(id).roles().clientLevel(management)
                    .add(List.of(realm.clients().get(management).roles().get("realm-admin").toRepresentation()));
        }
        return ApiClient.passwordGrant(urls.getBase(), realmName, "deputy@example.test", "deputy-password-1");
    }

    private static void setMemberLimit(RealmResource realm, String alias, int max) {
        OrganizationResource organization = AdminLookups.organizationResource(realm, alias);
        OrganizationRepresentation representation = organization.toRepresentation();
        Map<String, List<String>> attributes = new HashMap<>(representation.getAttributes());
        attributes.put(Tenancy.MAX_MEMBERS, List.of(String.valueOf(max)));
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
        organization.addDomain(new OrganizationDomainRepresentation(domain));
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
