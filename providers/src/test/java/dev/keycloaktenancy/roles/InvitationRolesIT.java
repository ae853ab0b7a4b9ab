package dev.keycloaktenancy.roles;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keycloaktenancy.testing.AdminLookups;
import dev.keycloaktenancy.testing.ApiClient;
import dev.keycloaktenancy.testing.ApiClient.Result;
import dev.keycloaktenancy.testing.LoginBrowser;
import dev.keycloaktenancy.testing.Mails;
import dev.keycloaktenancy.testing.TenancyServerConfig;
import dev.keycloaktenancy.testing.TenancyServerTest;
import jakarta.mail.internet.MimeMessage;
import jakarta.ws.rs.core.Response;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.MembershipType;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

import java.util.List;
import java.util.Map;

import static dev.keycloaktenancy.testing.ApiAssertions.assertError;
import static dev.keycloaktenancy.testing.ApiAssertions.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Invitations sent through the pack carry roles: Keycloak's own invitation email is sent, its link is followed
 * through the real pages, and the invitee joins with the default roles plus the invitation's. Revoked and expired
 * invitations grant nothing beyond the defaults.
 */
@KeycloakIntegrationTest(config = TenancyServerConfig.class)
class InvitationRolesIT extends TenancyServerTest {

    private ApiClient api;

    @BeforeEach
    void importRealm() {
        importRealms("saas-b2b");
        Mails.useTestMailServer(saas());
        api = new ApiClient(urls.getBase() + "/admin/realms/saas-b2b/tenancy",
                () -> admin.tokenManager().getAccessTokenString());
    }

    @Test
    void existingUserAcceptsAndGetsTheInvitationRoles() {
        Result invited = api.post("/organizations/acme/invitations", invitation("erin@example.test", "billing"));
        assertEquals(201, invited.status(), invited::toString);
        assertEquals(List.of("billing"), texts(invited.json().get("roles")));
        assertEquals(List.of("billing"), texts(api.get("/organizations/acme/invitations").json().get(0).get("roles")));

        LoginBrowser browser = new LoginBrowser("http://localhost:3000/never");
        Document page = browser.open(Mails.realmLink(lastMail("erin@example.test")));
        assertNotNull(page);
        Element confirm = page.selectFirst("a[href*=action-token]");
        assertNotNull(confirm, () -> "expected the confirmation page: " + browser.page().body().text());
        browser.open(confirm.absUrl("href"));

        assertEquals(List.of("billing", "member"), rolesOf("acme", "erin@example.test"));
        assertEquals(0, api.get("/diagnostics").json().get("invitationRoles").asLong(), "the promise is used up");
    }

    @Test
    void invitationResentThroughKeycloaksOwnApiKeepsItsRoles() {
        JsonNode sent = api.post("/organizations/acme/invitations", invitation("erin@example.test", "billing")).json();
        lastMail("erin@example.test");
        String acmeId = AdminLookups.organization(saas(), "acme").getId();
        Result resent = new ApiClient(urls.getBase() + "/admin/realms/saas-b2b/organizations/" + acmeId,
                () -> admin.tokenManager().getAccessTokenString())
                .post("/invitations/" + sent.get("id").asText() + "/resend", "");
        assertEquals(204, resent.status(), resent::toString);
        assertTrue(mail.waitForIncomingEmail(2), "the resent invitation email");

        LoginBrowser browser = new LoginBrowser("http://localhost:3000/never");
        browser.open(Mails.realmLink(mail.getLastReceivedMessage()));
        Element confirm = browser.page().selectFirst("a[href*=action-token]");
        assertNotNull(confirm, () -> "expected the confirmation page: " + browser.page().body().text());
        browser.open(confirm.absUrl("href"));
        assertEquals(List.of("billing", "member"), rolesOf("acme", "erin@example.test"));
    }

    @Test
    void newUserRegistersThroughTheInvitation() {
        assertEquals(201, api.post("/organizations/acme/invitations", invitation("newbie@example.test", "admin")).status());

        LoginBrowser browser = new LoginBrowser("http://localhost:3000/never");
        Document page = browser.open(Mails.realmLink(lastMail("newbie@example.test")));
        assertNotNull(page);
        assertTrue(!page.select("input[name=password-confirm]").isEmpty(),
                () -> "expected the registration form: " + browser.page().body().text());
        browser.submit(Map.of("firstName", "New", "lastName", "Bie", "password", "Newbie-pass-1",
                "password-confirm", "Newbie-pass-1"));

        assertEquals(List.of("admin", "member"), rolesOf("acme", "newbie@example.test"));
        String id = saas().users().search("newbie@example.test", true).get(0).getId();
        assertEquals(MembershipType.MANAGED, AdminLookups.organizationResource(saas(), "acme").members().member(id)
                .toRepresentation().getMembershipType());
    }

    @Test
    void revokedInvitationGrantsOnlyTheDefaults() {
        JsonNode sent = api.post("/organizations/acme/invitations", invitation("erin@example.test", "billing")).json();
        assertEquals(204, api.delete("/organizations/acme/invitations/" + sent.get("id").asText()).status());
        assertError(404, api.delete("/organizations/acme/invitations/" + sent.get("id").asText()));

        addToAcme("erin@example.test");
        assertEquals(List.of("member"), rolesOf("acme", "erin@example.test"));
    }

    @Test
    void expiredInvitationGrantsOnlyTheDefaults() throws InterruptedException {
        RealmRepresentation realm = saas().toRepresentation();
        realm.setActionTokenGeneratedByAdminLifespan(1);
        saas().update(realm);
        assertEquals(201, api.post("/organizations/acme/invitations", invitation("erin@example.test", "billing")).status());
        Thread.sleep(2500);

        addToAcme("erin@example.test");
        assertEquals(List.of("member"), rolesOf("acme", "erin@example.test"));
    }

    @Test
    void invitationsAreRefusedBeforeAnythingIsSent() {
        assertError(400, api.post("/organizations/acme/invitations", invitation("erin@example.test", "no-such-role")));
        assertError(400, api.post("/organizations/acme/invitations", invitation("not-an-email", "member")));
        assertError(400, api.post("/organizations/acme/invitations", "{\"email\": 42}"));
        assertError(400, api.post("/organizations/acme/invitations", "{"));
        assertError(404, api.post("/organizations/nope/invitations", invitation("erin@example.test")));
        assertEquals(0, mail.getReceivedMessages().length, "no email for a refused invitation");

        String daveToken = ApiClient.passwordGrant(urls.getBase(), "saas-b2b", "dave@globex.test", "dave");
        Result plainUser = new ApiClient(urls.getBase() + "/admin/realms/saas-b2b/tenancy", () -> daveToken)
                .post("/organizations/globex/invitations", invitation("erin@example.test", "owner"));
        assertEquals(403, plainUser.status(), plainUser::toString);
        assertEquals(0, mail.getReceivedMessages().length);
    }

    @Test
    void resendingKeepsTheRolesAndADuplicateIsRefused() {
        JsonNode sent = api.post("/organizations/acme/invitations", invitation("erin@example.test", "billing")).json();
        assertError(409, api.post("/organizations/acme/invitations", invitation("erin@example.test", "admin")));
        Result resent = api.post("/organizations/acme/invitations/" + sent.get("id").asText() + "/resend", "");
        assertEquals(200, resent.status(), resent::toString);
        assertEquals(List.of("billing"), texts(resent.json().get("roles")));
        assertTrue(!sent.get("id").asText().equals(resent.json().get("id").asText()), "a new invitation");
        assertError(404, api.post("/organizations/acme/invitations/" + sent.get("id").asText() + "/resend", ""));
        assertError(409, api.post("/organizations/acme/invitations", invitation("carol@globex.test")),
                "carol is already a member of acme");
    }

    @Test
    void anInvitationWhoseEmailCannotBeSentIsNotCreated() {
        RealmRepresentation realm = saas().toRepresentation();
        realm.setSmtpServer(Map.of("host", "localhost", "port", "1", "from", "noreply@saas-b2b.test"));
        saas().update(realm);
        Result refused = api.post("/organizations/acme/invitations", invitation("erin@example.test", "billing"));
        assertError(503, refused);
        assertEquals("mail_unavailable", refused.json().get("error").asText(), refused::toString);
        assertEquals("60", refused.header("Retry-After"));
        String sentence = refused.json().get("error_description").asText();
        assertTrue(sentence.contains("Try again later") && sentence.contains("email settings"), sentence);
        assertFalse(sentence.contains("localhost"), "the mail server's address stays in the server log: " + sentence);
        assertEquals(0, api.get("/organizations/acme/invitations").json().size(), "nothing was created");
        assertEquals(0, api.get("/diagnostics").json().get("invitationRoles").asLong());
    }

    @Test
    void aRealmWithoutEmailServerIsToldSoBeforeAnythingIsCreated() {
        Result sent = api.post("/organizations/acme/invitations", invitation("erin@example.test", "billing"));
        assertEquals(201, sent.status(), sent::toString);
        RealmRepresentation realm = saas().toRepresentation();
        realm.setSmtpServer(Map.of());
        saas().update(realm);

        Result refused = api.post("/organizations/acme/invitations", invitation("frank@example.test", "billing"));
        assertError(409, refused);
        assertTrue(refused.json().get("error_description").asText().contains("has no email server"), refused::toString);
        Result resent = api.post("/organizations/acme/invitations/" + sent.json().get("id").asText() + "/resend", "");
        assertError(409, resent);
        JsonNode invitations = api.get("/organizations/acme/invitations").json();
        assertEquals(1, invitations.size(), "the first invitation is kept as it was: " + invitations);
        assertEquals(sent.json().get("id").asText(), invitations.get(0).get("id").asText());
        assertEquals(List.of("billing"), texts(invitations.get(0).get("roles")));
    }

    @Test
    void pendingInvitationRolesAreExported() {
        assertEquals(201, api.post("/organizations/acme/invitations", invitation("erin@example.test", "billing")).status());
        JsonNode acme = null;
        for (JsonNode org : api.get("/export").json().get("organizations")) {
            if (org.get("alias").asText().equals("acme")) {
                acme = org;
            }
        }
        assertNotNull(acme);
        assertEquals("erin@example.test", acme.get("invitations").get(0).get("email").asText());
        assertEquals(List.of("billing"), texts(acme.get("invitations").get(0).get("roles")));
    }

    private MimeMessage lastMail(String to) {
        assertTrue(mail.waitForIncomingEmail(1), "an invitation email is sent");
        MimeMessage message = mail.getLastReceivedMessage();
        try {
            assertEquals(to, message.getAllRecipients()[0].toString());
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
        return message;
    }

    private void addToAcme(String username) {
        String id = saas().users().search(username, true).get(0).getId();
        try (Response added = AdminLookups.organizationResource(saas(), "acme").members().addMember(id)) {
            assertEquals(201, added.getStatus());
        }
    }

    private List<String> rolesOf(String org, String username) {
        String id = saas().users().search(username, true).get(0).getId();
        Result result = api.get("/organizations/" + org + "/members/" + id + "/roles");
        assertEquals(200, result.status(), result::toString);
        return texts(result.json().get("roles"));
    }

    private static String invitation(String email, String... roles) {
        return ApiClient.json(Map.of("email", email, "roles", List.of(roles)));
    }

}
