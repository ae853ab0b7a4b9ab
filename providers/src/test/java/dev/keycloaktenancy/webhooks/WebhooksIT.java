package dev.keycloaktenancy.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.keycloaktenancy.testing.AdminLookups;
import dev.keycloaktenancy.testing.ApiClient;
import dev.keycloaktenancy.testing.ApiClient.Result;
import dev.keycloaktenancy.testing.Mails;
import dev.keycloaktenancy.testing.PortalBrowser;
import dev.keycloaktenancy.testing.SampleUsers;
import dev.keycloaktenancy.testing.TenancyServerConfig;
import dev.keycloaktenancy.testing.TenancyServerTest;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.OrganizationDomainRepresentation;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.util.JsonSerialization;
import org.openqa.selenium.By;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static dev.keycloaktenancy.testing.ApiAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Webhooks against the real server and a receiver on this machine (the realm allows private targets, as tests and
 * the demo do): messages are signed as Standard Webhooks has it and arrive once per change, a refused change sends
 * nothing, a receiver that was down gets everything once back, an organization's webhook hears only its own
 * organization, the SSRF guard refuses at creation and at delivery, and only those who may manage webhooks reach them.
 */
@KeycloakIntegrationTest(config = TenancyServerConfig.class)
class WebhooksIT extends TenancyServerTest {

    private static final String PASSWORD = "Webhook-pass-1";
    /** The poll interval is a few seconds and the first retry comes after 30 s (plus up to 10 % jitter). */
    private static final long WAIT_MILLIS = 60_000;

    /** One message as the receiver got it. */
    record Received(String path, String id, String timestamp, String signature, String body) {

        JsonNode json() {
            try {
                return JsonSerialization.readValue(body, JsonNode.class);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String type() {
            return json().path("type").asText();
        }
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile int answer = 204;
    private HttpServer receiver;
    private String base;
    private ApiClient owner;
    private String dave;

    @BeforeEach
    void setUp() throws IOException {
        importRealms("saas-b2b");
        Mails.useTestMailServer(saas());
        allowPrivateTargets(true);
        owner = selfService("saas-b2b", "carol@globex.test", "carol");
        dave = SampleUsers.id(saas(), "dave@globex.test");
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status = answer;
            if (status < 300) {
                received.add(new Received(exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().getFirst("webhook-id"),
                        exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                        exchange.getRequestHeaders().getFirst("webhook-signature"),
                        new String(body, StandardCharsets.UTF_8)));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        base = "http://127.0.0.1:" + receiver.getAddress().getPort();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    @Test
    void everyEventTypeArrivesOncePerChangeSignedAsStandardWebhooks() {
        Result created = owner.post("/organizations/globex/webhooks", ApiClient.json(Map.of(
                "url", base + "/globex", "events", WebhookEvents.TYPES)));
        assertEquals(201, created.status(), created::toString);
        String secret = created.json().path("secret").asText();
        assertTrue(secret.startsWith("whsec_"), created::toString);
        String id = created.json().path("id").asText();
        assertNotNull(created.header("location"));
        JsonNode shown = ok(owner.get("/organizations/globex/webhooks/" + id));
        assertTrue(shown.path("secret").isMissingNode(), "the secret is shown once: " + shown);
        assertTrue(shown.path("enabled").asBoolean());
        assertTrue(ok(adminApi("saas-b2b").get("/organizations/globex/webhooks")).get(0).path("secret").isMissingNode());

        Result realmLevel = adminApi("saas-b2b").post("/webhooks", ApiClient.json(Map.of(
                "url", base + "/realm", "events", List.of("organization.created", "organization.deleted",
                        "member.added"))));
        assertEquals(201, realmLevel.status(), realmLevel::toString);
        String realmSecret = realmLevel.json().path("secret").asText();

        // One change of each kind the organization can make here, through both doors and through Keycloak's own API.
        assertEquals(200, owner.patch("/organizations/globex", "{\"description\": \"hooked\"}").status());
        assertEquals(200, adminApi("saas-b2b").patch("/organizations/globex/security", "{\"mfa\": \"required\"}")
                .status());
        String erin = SampleUsers.id(saas(), "erin@example.test");
        try (Response added = AdminLookups.organizationResource(saas(), "globex").members().addMember(erin)) {
            assertEquals(201, added.getStatus());
        }
        assertEquals(200, owner.put("/organizations/globex/members/" + erin + "/roles",
                ApiClient.json(Map.of("roles", List.of("admin")))).status());
        assertEquals(204, owner.delete("/organizations/globex/members/" + erin).status());
        Result invitation = owner.post("/organizations/globex/invitations", "{\"email\": \"hooked@example.test\"}");
        assertEquals(201, invitation.status(), invitation::toString);
        assertEquals(204, owner.delete("/organizations/globex/invitations/" + invitation.json().path("id").asText())
                .status());
        OrganizationRepresentation initech = new OrganizationRepresentation();
        initech.setName("Initech");
        initech.setAlias("initech");
        OrganizationDomainRepresentation initechDomain = new OrganizationDomainRepresentation();
        initechDomain.setName("initech.test");
        initech.addDomain(initechDomain);
        try (Response createdOrganization = saas().organizations().create(initech)) {
            assertEquals(201, createdOrganization.getStatus());
        }
        assertEquals(201, owner.post("/organizations/globex/domains", "{\"name\": \"hooks-globex.test\"}").status());
        assertEquals(204, owner.delete("/organizations/globex/domains/hooks-globex.test").status());

        List<String> expected = List.of("organization.updated", "security.updated", "member.added",
                "member.roles.updated", "member.removed", "invitation.created", "invitation.revoked", "domain.removed");
        waitFor(() -> arrivedAt("/globex").size() >= expected.size() && arrivedAt("/realm").size() >= 2);
        // Anything sent twice would have come by now: the next poll is a few seconds away.
        pause(7_000);
        List<Received> globex = arrivedAt("/globex");
        assertEquals(expected.stream().sorted().toList(), globex.stream().map(Received::type).sorted().toList(),
                "each change once: " + globex);
        Set<String> ids = new HashSet<>();
        String organizationId = AdminLookups.organization(saas(), "globex").getId();
        for (Received message : globex) {
            assertEquals(signature(secret, message), message.signature(), "signed with the webhook's secret");
            assertTrue(ids.add(message.id()), "one webhook-id per message");
            assertTrue(message.id().startsWith("msg_"), message.id());
            assertTrue(Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(message.timestamp())) < 120);
            JsonNode json = message.json();
            assertEquals("saas-b2b", json.path("realm").asText());
            assertEquals("globex", json.path("organization").path("alias").asText());
            assertEquals(organizationId, json.path("organization").path("id").asText());
            assertTrue(json.path("timestamp").asText().endsWith("Z"), json::toString);
            assertTrue(json.path("data").isObject(), json::toString);
        }
        Received joined = only(globex, "member.added");
        assertEquals(erin, joined.json().path("data").path("target").asText());
        assertEquals(carol(), only(globex, "member.removed").json().path("data").path("actor").path("userId").asText());

        List<Received> realm = arrivedAt("/realm");
        assertEquals(List.of("member.added", "organization.created"), realm.stream().map(Received::type).sorted()
                .toList(), "the realm's webhook hears every organization: " + realm);
        for (Received message : realm) {
            assertEquals(signature(realmSecret, message), message.signature());
        }
        Received initechCreated = only(realm, "organization.created");
        assertEquals("initech", initechCreated.json().path("organization").path("alias").asText());
        assertEquals("Initech", initechCreated.json().path("data").path("detail").path("name").asText());

        // The organization's removal: its own webhook goes with it; the realm's hears of it.
        try (Response removed = AdminLookups.organizationResource(saas(), "globex").delete()) {
            assertEquals(204, removed.getStatus());
        }
        waitFor(() -> arrivedAt("/realm").size() >= 3);
        assertEquals("organization.deleted", arrivedAt("/realm").get(2).type());
        assertEquals(expected.size(), arrivedAt("/globex").size());

        JsonNode log = ok(owner.get("/organizations/acme/webhooks"));
        assertEquals(0, log.size(), "acme has none");
        JsonNode deliveries = ok(adminApi("saas-b2b").get("/webhooks/" + realmLevel.json().path("id").asText()
                + "/deliveries"));
        assertEquals(3, deliveries.size(), deliveries::toString);
        for (JsonNode delivery : deliveries) {
            assertEquals("delivered", delivery.path("state").asText(), delivery::toString);
            assertEquals(1, delivery.path("attempts").asInt());
            assertEquals(204, delivery.path("lastStatus").asInt());
        }
    }

    /** Following an invitation's link: the realm hears the invitation accepted and the member added. */
    @Test
    void anAcceptedInvitationArrivesWithTheMemberItAdded() {
        createAt(adminApi("saas-b2b"), "/webhooks", "/realm", List.of("invitation.accepted", "member.added"));
        Result invited = owner.post("/organizations/globex/invitations", "{\"email\": \"newbie@example.test\"}");
        assertEquals(201, invited.status(), invited::toString);
        String invitation = invited.json().path("id").asText();
        try (PortalBrowser browser = new PortalBrowser(urls.getBase(), "saas-b2b")) {
            browser.driver().get(Mails.realmLink(mailTo("newbie@example.test")));
            browser.type(By.id("firstName"), "New");
            browser.type(By.id("lastName"), "Bie");
            browser.type(By.id("password"), PASSWORD);
            browser.type(By.id("password-confirm"), PASSWORD);
            browser.click(By.cssSelector("[type=submit]"));
            waitFor(() -> arrivedAt("/realm").size() >= 2);
        }
        String newbie = SampleUsers.id(saas(), "newbie@example.test");
        Received accepted = only(arrivedAt("/realm"), "invitation.accepted");
        assertEquals(invitation, accepted.json().path("data").path("target").asText());
        assertEquals(newbie, accepted.json().path("data").path("detail").path("userId").asText());
        assertEquals(newbie, only(arrivedAt("/realm"), "member.added").json().path("data").path("target").asText());
        assertEquals("globex", accepted.json().path("organization").path("alias").asText());
    }

    /**
     * A directory's user arrives as member.added and leaves as member.removed; its {@code active} suspends and restores
     * the account as the portal's account controls do, told as account.suspended and account.restored, once per real
     * change of the account (a repeated {@code active: false}, or a change of names, tells nothing).
     */
    @Test
    void aDirectorysUsersArriveAsMembersAddedAndRemoved() {
        createAt(adminApi("saas-b2b"), "/webhooks", "/realm", List.of("member.added", "member.removed",
                "account.suspended", "account.restored"));
        Result token = owner.post("/organizations/globex/scim-tokens", "{\"name\": \"Directory\"}");
        assertEquals(201, token.status(), token::toString);
        String secret = token.json().path("token").asText();
        String tokenId = token.json().path("id").asText();
        ApiClient directory = new ApiClient(urls.getBase() + "/realms/saas-b2b/tenancy/scim/v2/globex", () -> secret);

        Result created = directory.post("/Users", scimUser(true));
        assertEquals(201, created.status(), created::toString);
        String id = created.json().path("id").asText();
        waitFor(() -> !arrivedAt("/realm").isEmpty());
        assertEquals(id, only(arrivedAt("/realm"), "member.added").json().path("data").path("target").asText());

        // signed in, then suspended as Microsoft Entra ID sends it ("Replace", "False" as a string): the session ends
        CredentialRepresentation password = new CredentialRepresentation();
        password.setType(CredentialRepresentation.PASSWORD);
        password.setValue(PASSWORD);
        password.setTemporary(false);
        saas().users().get(id).resetPassword(password);
        ApiClient.selfServiceToken(urls.getBase(), "saas-b2b", "synced@globex.test", PASSWORD);
        assertEquals(1, saas().users().get(id).getUserSessions().size());
        String suspend = ApiClient.json(Map.of("schemas", List.of("urn:ietf:params:scim:api:messages:2.0:PatchOp"),
                "Operations", List.of(Map.of("op", "Replace", "path", "active", "value", "False"))));
        Result suspended = directory.patch("/Users/" + id, suspend);
        assertEquals(200, suspended.status(), suspended::toString);
        assertFalse(suspended.json().path("active").asBoolean(true), suspended::toString);
        assertFalse(saas().users().get(id).toRepresentation().isEnabled());
        assertTrue(saas().users().get(id).getUserSessions().isEmpty(), "suspending ends the account's sessions");
        // the same again changes nothing, so it is no second suspension
        assertEquals(200, directory.patch("/Users/" + id, suspend).status());
        // a PUT that leaves active out asserts nothing about it: the account stays suspended
        Result unsaid = directory.put("/Users/" + id, scimUser(null));
        assertEquals(200, unsaid.status(), unsaid::toString);
        assertFalse(saas().users().get(id).toRepresentation().isEnabled(), "a PUT without active restores nothing");
        // Okta's PUT of the whole user with active true restores it; a later change of names alone restores nothing
        Result restored = directory.put("/Users/" + id, scimUser(true));
        assertEquals(200, restored.status(), restored::toString);
        assertTrue(saas().users().get(id).toRepresentation().isEnabled());
        assertEquals(200, directory.patch("/Users/" + id, ApiClient.json(Map.of("schemas",
                List.of("urn:ietf:params:scim:api:messages:2.0:PatchOp"), "Operations", List.of(Map.of("op", "replace",
                        "path", "name.givenName", "value", "Synced"))))).status());

        waitFor(() -> arrivedAt("/realm").size() >= 3);
        for (String type : List.of("account.suspended", "account.restored")) {
            JsonNode data = only(arrivedAt("/realm"), type).json().path("data");
            assertEquals(id, data.path("target").asText(), data::toString);
            assertEquals("scim", data.path("actor").path("type").asText(), data::toString);
            // the audit log has exactly one record of each, with the directory's token as actor
            JsonNode audited = ok(owner.get("/organizations/globex/audit?action=" + type));
            assertEquals(1, audited.size(), audited::toString);
            assertEquals(id, audited.get(0).path("target").asText(), audited::toString);
            assertEquals("scim", audited.get(0).path("actor").path("type").asText(), audited::toString);
        }
        assertEquals(2, saas().getAdminEvents().stream()
                .filter(event -> "TENANCY_ACCOUNT".equals(event.getResourceType())
                        && event.getRepresentation() != null && event.getRepresentation().contains(id)
                        && event.getDetails() != null && tokenId.equals(event.getDetails().get("scim_token")))
                .count(), "a suspension and a restoration, each an admin event naming the token");

        assertEquals(204, directory.delete("/Users/" + id).status());
        waitFor(() -> arrivedAt("/realm").size() >= 4);
        assertEquals(id, only(arrivedAt("/realm"), "member.removed").json().path("data").path("target").asText());
        assertEquals("globex", only(arrivedAt("/realm"), "member.removed").json().path("organization").path("alias")
                .asText());
        assertEquals(4, arrivedAt("/realm").size(), () -> "one message per change: " + arrivedAt("/realm"));
    }

    /** The directory's user, with names (the realm's user profile requires them to sign in); active if not null. */
    private static String scimUser(Boolean active) {
        Map<String, Object> user = new HashMap<>(Map.of(
                "schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:User"),
                "userName", "synced@globex.test",
                "name", Map.of("givenName", "Sync", "familyName", "Directory"),
                "emails", List.of(Map.of("value", "synced@globex.test", "primary", true))));
        if (active != null) {
            user.put("active", active);
        }
        return ApiClient.json(user);
    }

    @Test
    void aRefusedChangeSendsNothing() {
        String id = createAt(owner, "/organizations/globex/webhooks", "/globex", List.of("member.removed",
                "member.roles.updated", "organization.updated"));
        ApiClient member = selfService("saas-b2b", "dave@globex.test", "dave");
        assertError(403, member.patch("/organizations/globex", "{\"description\": \"not mine\"}"));
        // The last-owner guard refuses on both doors; the request rolls back with its outbox rows.
        assertError(409, owner.put("/organizations/globex/members/" + carol() + "/roles",
                ApiClient.json(Map.of("roles", List.of("member")))));
        assertError(409, adminApi("saas-b2b").delete("/organizations/globex/members/" + carol()));
        assertEquals(200, owner.patch("/organizations/globex", "{\"description\": \"marker\"}").status());
        waitFor(() -> !arrivedAt("/globex").isEmpty());
        pause(4_000);
        assertEquals(List.of("organization.updated"), arrivedAt("/globex").stream().map(Received::type).toList());
        assertEquals(1, ok(owner.get("/organizations/globex/webhooks/" + id + "/deliveries")).size());
    }

    @Test
    void aReceiverThatWasDownGetsEveryMessageOnceBackAndMayBeSentOneAgain() {
        String id = createAt(owner, "/organizations/globex/webhooks", "/globex", List.of("organization.updated"));
        answer = 503;
        for (int i = 0; i < 3; i++) {
            assertEquals(200, owner.patch("/organizations/globex", "{\"description\": \"down " + i + "\"}").status());
        }
        String deliveries = "/organizations/globex/webhooks/" + id + "/deliveries";
        waitFor(() -> {
            JsonNode log = ok(owner.get(deliveries));
            boolean allTried = log.size() == 3;
            for (JsonNode delivery : log) {
                allTried &= delivery.path("attempts").asInt() >= 1;
            }
            return allTried;
        });
        for (JsonNode delivery : ok(owner.get(deliveries))) {
            assertEquals("pending", delivery.path("state").asText(), delivery::toString);
            assertEquals(503, delivery.path("lastStatus").asInt(), delivery::toString);
            assertNotNull(delivery.path("nextAttemptAt").textValue(), delivery::toString);
        }
        assertTrue(received.isEmpty());
        JsonNode failing = ok(owner.get("/organizations/globex/webhooks/" + id));
        assertTrue(failing.path("consecutiveFailures").asInt() >= 3, "failures are counted: " + failing);

        answer = 204;
        waitFor(() -> arrivedAt("/globex").size() >= 3);
        List<String> descriptions = new ArrayList<>();
        arrivedAt("/globex").forEach(m -> descriptions.add(m.json().path("data").path("detail").path("description")
                .asText()));
        assertEquals(List.of("down 0", "down 1", "down 2"), descriptions.stream().sorted().toList());
        JsonNode log = ok(owner.get(deliveries));
        for (JsonNode delivery : log) {
            assertEquals("delivered", delivery.path("state").asText(), delivery::toString);
            assertTrue(delivery.path("attempts").asInt() >= 2, delivery::toString);
        }
        assertEquals(0, ok(owner.get("/organizations/globex/webhooks/" + id)).path("consecutiveFailures").asInt());

        String first = log.get(0).path("id").asText();
        Result redelivered = adminApi("saas-b2b").post("/organizations/globex/webhooks/" + id + "/deliveries/" + first
                + "/redeliver", "");
        assertEquals(200, redelivered.status(), redelivered::toString);
        waitFor(() -> arrivedAt("/globex").size() >= 4);
        assertEquals(first, arrivedAt("/globex").get(3).id(), "a redelivery keeps its webhook-id");
        assertError(404, owner.post("/organizations/globex/webhooks/" + id + "/deliveries/msg_nope/redeliver", ""));
    }

    @Test
    void anOrganizationsWebhookHearsOnlyItsOwnOrganization() {
        String acmeAdmin = SampleUsers.createMember(saas(), "acme", "acme-admin@example.test", PASSWORD);
        assertEquals(200, adminApi("saas-b2b").put("/organizations/acme/members/" + acmeAdmin + "/roles",
                ApiClient.json(Map.of("roles", List.of("admin")))).status());
        ApiClient hostile = selfService("saas-b2b", "acme-admin@example.test", PASSWORD);
        String acmeHook = createAt(hostile, "/organizations/acme/webhooks", "/acme", WebhookEvents.TYPES);
        String globexHook = createAt(owner, "/organizations/globex/webhooks", "/globex", WebhookEvents.TYPES);
        String globex = AdminLookups.organization(saas(), "globex").getId();

        // acme's admin cannot reach globex's webhooks, whatever path they try.
        assertError(404, hostile.get("/organizations/globex/webhooks"));
        assertError(404, hostile.get("/organizations/" + globex + "/webhooks/" + globexHook));
        assertError(404, hostile.post("/organizations/globex/webhooks", ApiClient.json(Map.of("url", base + "/steal",
                "events", List.of("member.added")))));
        assertError(404, hostile.get("/organizations/acme/webhooks/" + globexHook));
        assertError(404, hostile.patch("/organizations/acme/webhooks/" + globexHook, "{\"url\": \"" + base
                + "/steal\"}"));
        assertError(404, hostile.get("/organizations/acme/webhooks/" + globexHook + "/deliveries"));

        assertEquals(200, owner.patch("/organizations/globex", "{\"description\": \"secret plans\"}").status());
        assertEquals(204, owner.delete("/organizations/globex/members/" + dave).status());
        assertEquals(200, hostile.patch("/organizations/acme", "{\"description\": \"acme marker\"}").status());
        waitFor(() -> arrivedAt("/globex").size() >= 2 && !arrivedAt("/acme").isEmpty());
        pause(4_000);
        List<Received> acme = arrivedAt("/acme");
        assertEquals(1, acme.size(), acme::toString);
        assertEquals("acme", acme.get(0).json().path("organization").path("alias").asText());
        assertFalse(acme.get(0).body().contains("secret plans"));
        assertTrue(received.stream().noneMatch(m -> m.path().equals("/steal")));
        assertEquals(1, ok(hostile.get("/organizations/acme/webhooks/" + acmeHook + "/deliveries")).size());
    }

    /**
     * One organization's receiver that hangs does not hold up another's: acme's webhook has a backlog larger than
     * the senders a node had before each webhook was limited to a few, every one of its requests hangs until the test
     * lets go, and globex's message still arrives meanwhile, before any of acme's attempts ended; then acme gets its
     * whole backlog.
     */
    @Test
    void aHangingReceiverDoesNotHoldUpOtherOrganizations() throws IOException {
        CountDownLatch letGo = new CountDownLatch(1);
        Set<String> hung = ConcurrentHashMap.newKeySet();
        HttpServer slow = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ExecutorService threads = Executors.newCachedThreadPool();
        slow.setExecutor(threads);
        slow.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            try {
                letGo.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            hung.add(exchange.getRequestHeaders().getFirst("webhook-id"));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        slow.start();
        try {
            Result acmeHook = adminApi("saas-b2b").post("/organizations/acme/webhooks", ApiClient.json(Map.of(
                    "url", "http://127.0.0.1:" + slow.getAddress().getPort() + "/acme",
                    "events", List.of("organization.updated"))));
            assertEquals(201, acmeHook.status(), acmeHook::toString);
            createAt(owner, "/organizations/globex/webhooks", "/globex", List.of("organization.updated"));
            int backlog = 20;
            for (int i = 0; i < backlog; i++) {
                assertEquals(200, adminApi("saas-b2b").patch("/organizations/acme",
                        "{\"description\": \"acme " + i + "\"}").status());
            }
            assertEquals(200, owner.patch("/organizations/globex", "{\"description\": \"on time\"}").status());
            waitFor(() -> !arrivedAt("/globex").isEmpty());
            // Had globex's message waited behind acme's, acme's attempts would have ended (10 s) and been recorded.
            for (JsonNode delivery : ok(adminApi("saas-b2b").get("/organizations/acme/webhooks/"
                    + acmeHook.json().path("id").asText() + "/deliveries?max=100"))) {
                assertEquals(0, delivery.path("attempts").asInt(), delivery::toString);
            }
            assertTrue(hung.isEmpty(), "acme's receiver answered nothing yet");
            letGo.countDown();
            waitFor(() -> hung.size() >= backlog);
            assertEquals(backlog, hung.size());
        } finally {
            letGo.countDown();
            slow.stop(0);
            threads.shutdownNow();
        }
    }

    @Test
    void theSsrfGuardRefusesPrivateTargetsAtCreationAndAtDelivery() {
        String id = createAt(owner, "/organizations/globex/webhooks", "/globex", List.of("organization.updated"));
        allowPrivateTargets(false);
        for (String url : List.of(base + "/globex", base.replace("http:", "https:") + "/x", "https://localhost/x",
                "https://[::1]/x", "https://169.254.169.254/latest", "ftp://example.test/", "not a url")) {
            Result refused = owner.post("/organizations/globex/webhooks", ApiClient.json(Map.of("url", url,
                    "events", List.of("member.added"))));
            assertError(400, refused, url);
            assertEquals("invalid_webhook_url", refused.json().path("error").asText(), url);
        }
        assertError(400, adminApi("saas-b2b").post("/webhooks", ApiClient.json(Map.of(
                "url", "https://127.0.0.1/x", "events", List.of("member.added")))));
        Result unknownEvent = owner.post("/organizations/globex/webhooks", ApiClient.json(Map.of(
                "url", base, "events", List.of("member.joined"))));
        assertError(400, unknownEvent);
        assertEquals("invalid_webhook_events", unknownEvent.json().path("error").asText());
        assertError(400, owner.patch("/organizations/globex/webhooks/" + id, "{\"url\": \"" + base + "/other\"}"));

        // Accepted while the realm allowed it; once it does not, the next attempt checks the target again and refuses.
        assertEquals(200, owner.patch("/organizations/globex", "{\"description\": \"blocked\"}").status());
        String deliveries = "/organizations/globex/webhooks/" + id + "/deliveries";
        waitFor(() -> ok(owner.get(deliveries)).path(0).path("attempts").asInt() >= 1);
        JsonNode attempt = ok(owner.get(deliveries)).get(0);
        assertEquals(0, attempt.path("lastStatus").asInt(), attempt::toString);
        // http is refused before the address is (WebhookDeliveryTest covers a host whose DNS turns private)
        assertTrue(attempt.path("lastAnswer").asText().startsWith("The webhook URL is refused"), attempt::toString);
        assertTrue(received.isEmpty());
    }

    /**
     * The organization's owner and the realm's administrator manage its webhooks; a plain member, a token of another
     * realm, no token at all, a user without admin rights at the admin door are refused; the realm's own webhooks are
     * for realm administrators only.
     */
    @Test
    void onlyThoseWhoManageWebhooksReachThem() {
        String id = createAt(owner, "/organizations/globex/webhooks", "/globex", List.of("member.added"));
        assertEquals(200, adminApi("saas-b2b").patch("/organizations/globex/webhooks/" + id, "{\"enabled\": false}")
                .status());
        assertFalse(ok(owner.get("/organizations/globex/webhooks/" + id)).path("enabled").asBoolean());
        assertError(400, owner.put("/organizations/globex/webhooks/" + id, "{\"enabled\": true}"));

        ApiClient member = selfService("saas-b2b", "dave@globex.test", "dave");
        String masterToken = admin.tokenManager().getAccessTokenString();
        ApiClient otherRealm = new ApiClient(urls.getBase() + "/realms/saas-b2b/tenancy", () -> masterToken);
        ApiClient anonymous = new ApiClient(urls.getBase() + "/realms/saas-b2b/tenancy", null);
        String daveAdminToken = ApiClient.passwordGrant(urls.getBase(), "saas-b2b", "dave@globex.test", "dave");
        ApiClient daveAtAdminDoor = new ApiClient(urls.getBase() + "/admin/realms/saas-b2b/tenancy", () -> daveAdminToken);
        String carolAdminToken = ApiClient.passwordGrant(urls.getBase(), "saas-b2b", "carol@globex.test", "carol");
        ApiClient carolAtAdminDoor = new ApiClient(urls.getBase() + "/admin/realms/saas-b2b/tenancy",
                () -> carolAdminToken);
        ApiClient anonymousAdmin = new ApiClient(urls.getBase() + "/admin/realms/saas-b2b/tenancy", null);
        String hooks = "/organizations/globex/webhooks";
        String body = ApiClient.json(Map.of("url", base + "/x", "events", List.of("member.added")));

        Map<String, Integer> expected = new HashMap<>();
        Map<String, Integer> actual = new HashMap<>();
        check(expected, actual, "member lists", 403, member.get(hooks));
        check(expected, actual, "member creates", 403, member.post(hooks, body));
        check(expected, actual, "member deletes", 403, member.delete(hooks + "/" + id));
        check(expected, actual, "member redelivers", 403, member.post(hooks + "/" + id + "/deliveries/x/redeliver", ""));
        check(expected, actual, "other realm", 401, otherRealm.get(hooks));
        check(expected, actual, "anonymous", 401, anonymous.post(hooks, body));
        check(expected, actual, "admin door, plain user", 403, daveAtAdminDoor.get(hooks));
        check(expected, actual, "admin door, anonymous", 401, anonymousAdmin.get(hooks));
        check(expected, actual, "realm's webhooks, organization owner", 403, carolAtAdminDoor.get("/webhooks"));
        check(expected, actual, "realm's webhooks, plain user", 403, daveAtAdminDoor.post("/webhooks", body));
        check(expected, actual, "realm's webhooks, anonymous", 401, anonymousAdmin.get("/webhooks"));
        check(expected, actual, "realm's webhooks, self-service door", 404, owner.get("/webhooks"));
        assertEquals(expected, actual);
        assertEquals(1, ok(owner.get(hooks)).size(), "nothing was created by those refused");
        assertEquals(0, ok(adminApi("saas-b2b").get("/webhooks")).size());
        assertError(404, adminApi("saas-b2b").get("/webhooks/" + id), "an organization's webhook is not the realm's");

        assertEquals(204, owner.delete(hooks + "/" + id).status());
        assertError(404, owner.get(hooks + "/" + id));
    }

    private void check(Map<String, Integer> expected, Map<String, Integer> actual, String who, int status,
                       Result result) {
        expected.put(who, status);
        actual.put(who, result.status());
    }

    private String createAt(ApiClient api, String path, String receiverPath, List<String> events) {
        Result created = api.post(path, ApiClient.json(Map.of("url", base + receiverPath, "events", events)));
        assertEquals(201, created.status(), created::toString);
        return created.json().path("id").asText();
    }

    private void allowPrivateTargets(boolean allow) {
        RealmRepresentation realm = saas().toRepresentation();
        Map<String, String> attributes = new HashMap<>(realm.getAttributes() == null ? Map.of() : realm.getAttributes());
        if (allow) {
            attributes.put("tenancy.webhooks.allow-private-targets", "true");
        } else {
            attributes.remove("tenancy.webhooks.allow-private-targets");
        }
        realm.setAttributes(attributes);
        saas().update(realm);
        assertEquals(allow ? "true" : null, saas().toRepresentation().getAttributes()
                .get("tenancy.webhooks.allow-private-targets"));
    }

    private MimeMessage mailTo(String address) {
        long end = System.currentTimeMillis() + WAIT_MILLIS;
        while (System.currentTimeMillis() < end) {
            MimeMessage[] received = mail.getReceivedMessages();
            // the newest: the mail server keeps what earlier tests of the class sent
            for (int i = received.length - 1; i >= 0; i--) {
                try {
                    if (received[i].getAllRecipients()[0].toString().equalsIgnoreCase(address)) {
                        return received[i];
                    }
                } catch (MessagingException e) {
                    throw new AssertionError(e);
                }
            }
            pause(250);
        }
        throw new AssertionError("no mail to " + address);
    }

    private String carol() {
        return SampleUsers.id(saas(), "carol@globex.test");
    }

    private List<Received> arrivedAt(String path) {
        return received.stream().filter(m -> m.path().equals(path)).toList();
    }

    private static Received only(List<Received> messages, String type) {
        List<Received> of = messages.stream().filter(m -> m.type().equals(type)).toList();
        assertEquals(1, of.size(), type + ": " + messages);
        return of.get(0);
    }

    /** The signature computed here from the specification, not with the pack's own code. */
    private static String signature(String secret, Received message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal((message.id() + "." + message.timestamp()
                    + "." + message.body()).getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode ok(Result result) {
        assertEquals(200, result.status(), result::toString);
        return result.json();
    }

    private static void waitFor(BooleanSupplier condition) {
        long end = System.currentTimeMillis() + WAIT_MILLIS;
        while (!condition.getAsBoolean()) {
            assertTrue(System.currentTimeMillis() < end, "not within " + WAIT_MILLIS / 1000 + " s");
            pause(250);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
