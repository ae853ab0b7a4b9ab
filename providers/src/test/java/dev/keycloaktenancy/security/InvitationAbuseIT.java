package dev.keycloaktenancy.security;

import dev.keycloaktenancy.testing.ApiClient.Result;
import dev.keycloaktenancy.testing.ApiClient;
import dev.keycloaktenancy.testing.DemoLogins;
import dev.keycloaktenancy.testing.LoginBrowser;
import dev.keycloaktenancy.testing.Mails;
import dev.keycloaktenancy.testing.OidcTestClient;
import dev.keycloaktenancy.testing.PartnerIdentityProvider;
import dev.keycloaktenancy.testing.SampleUsers;
import dev.keycloaktenancy.testing.TenancyServerConfig;
import dev.keycloaktenancy.testing.TenancyServerTest;
import jakarta.mail.internet.MimeMessage;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static dev.keycloaktenancy.testing.ApiAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An invitation reaches the person who owns the invited address, and nobody else; and organization admins cannot
 * turn invitations into a mail cannon. The hostile actors: an account that set someone else's address without
 * verifying it (H1), and an organization admin sending or resending in a loop (M3).
 */
@KeycloakIntegrationTest(config = TenancyServerConfig.class)
class InvitationAbuseIT extends TenancyServerTest {

    private ApiClient globexOwner;

    @BeforeEach
    void importRealms() {
        importRealms("acme-idp", "saas-b2b");
        Mails.useTestMailServer(saas());
        globexOwner = selfService("saas-b2b", "carol@globex.test", "carol");
    }

    /**
     * Mallory sets jane's address on her own account without verifying it. Inviting jane would hand Mallory the
     * membership and the promised admin role when jane follows the link: the invitation is refused, nothing is sent.
     */
    @Test
    void anAccountHoldingTheAddressUnverifiedIsNotInvited() {
        String mallory = holdUnverified("mallory@example.test", "jane@partner.test");
        int mailsBefore = mail.getReceivedMessages().length;

        Result refused = globexOwner.post("/organizations/globex/invitations",
                ApiClient.json(Map.of("email", "jane@partner.test", "roles", List.of("admin"))));
        assertError(409, refused);
        assertEquals("email_not_verified", refused.json().get("error").asText(), refused::toString);
        assertEquals(mailsBefore, mail.getReceivedMessages().length, "no email went out");
        assertEquals(0, globexOwner.get("/organizations/globex/invitations").json().size(), "no invitation is pending");
        assertEquals(0, saas().organizations().members().getOrganizations(mallory, true).size());
    }

    /**
     * jane is invited before anyone holds her address; Mallory then sets it on her account, unverified. Whoever
     * follows the link mailed to jane registers a new account or fails; Mallory's account never joins nor gains a role.
     */
    @Test
    void anAddressTakenAfterTheInvitationGivesTheSquatterNothing() {
        Result sent = globexOwner.post("/organizations/globex/invitations",
                ApiClient.json(Map.of("email", "jane@partner.test", "roles", List.of("admin"))));
        assertEquals(201, sent.status(), sent::toString);
        String link = Mails.realmLink(lastMailTo("jane@partner.test"));
        String mallory = holdUnverified("mallory@example.test", "jane@partner.test");

        LoginBrowser browser = new LoginBrowser("http://localhost:3000/never");
        Document page = browser.open(link);
        assertNotNull(page);
        if (!page.select("input[name=password-confirm]").isEmpty()) {
            browser.submit(Map.of("firstName", "Jane", "lastName", "Doe", "password", "Jane-pass-1",
                    "password-confirm", "Jane-pass-1"));
        }
        assertEquals(0, saas().organizations().members().getOrganizations(mallory, true).size(),
                "the squatter's account joins nothing");
        assertEquals(List.of("admin"), roles(globexOwner.get("/organizations/globex/invitations").json().get(0)),
                "the promise still waits for jane");
    }

    /**
     * An identity provider that trusts emails but is not globex's vouches for cfo@globex.test: the account's email is
     * "verified", but only by that provider's word, which proves nothing to globex. The invitation is refused.
     */
    @Test
    void anAddressVouchedForByAnotherProviderIsNotInvited() {
        PartnerIdentityProvider.add(admin, true);
        SampleUsers.create(realm("acme-idp"), "cfo@globex.test", "Forged-pass-1");
        OidcTestClient app = new OidcTestClient(urls.getBase(), "saas-b2b", "demo-app", DemoLogins.REDIRECT_URI);
        LoginBrowser browser = PartnerIdentityProvider.signIn(urls.getBase(), app, "cfo@globex.test", "Forged-pass-1",
                "openid");
        assertEquals(null, browser.page(), () -> "the partner login completes: " + browser.page().body().text());
        UserRepresentation cfo = saas().users().search("cfo@globex.test", true).get(0);
        assertTrue(Boolean.TRUE.equals(cfo.isEmailVerified()), "the partner's word made the email verified");

        Result refused = globexOwner.post("/organizations/globex/invitations",
                ApiClient.json(Map.of("email", "cfo@globex.test", "roles", List.of("owner"))));
        assertError(409, refused);
        assertEquals("email_not_verified", refused.json().get("error").asText(), refused::toString);
    }

    /** 30 invitation emails in 10 minutes per organization; the 31st answers 429 with Retry-After. */
    @Test
    void invitationsAreRateLimitedPerOrganization() {
        for (int i = 0; i < 30; i++) {
            Result sent = globexOwner.post("/organizations/globex/invitations",
                    ApiClient.json(Map.of("email", "bulk-" + i + "@example.test")));
            assertEquals(201, sent.status(), () -> "invitation " + sent);
        }
        Result refused = globexOwner.post("/organizations/globex/invitations",
                ApiClient.json(Map.of("email", "bulk-30@example.test")));
        assertError(429, refused);
        assertEquals("600", refused.header("Retry-After"));
        assertEquals(30, globexOwner.get("/organizations/globex/invitations?max=100").json().size(), "the 31st was not kept");
        ApiClient acmeAdmin = adminApi("saas-b2b");
        assertEquals(201, acmeAdmin.post("/organizations/acme/invitations",
                ApiClient.json(Map.of("email", "other-org@example.test"))).status(), "another organization is not held up");
    }

    /** One address receives at most 3 invitation emails an hour from the whole realm, resends included. */
    @Test
    void oneAddressIsNotMailBombed() {
        Result sent = globexOwner.post("/organizations/globex/invitations",
                ApiClient.json(Map.of("email", "victim@example.test")));
        assertEquals(201, sent.status(), sent::toString);
        String id = sent.json().get("id").asText();
        for (int i = 0; i < 2; i++) {
            Result resent = globexOwner.post("/organizations/globex/invitations/" + id + "/resend", "");
            assertEquals(200, resent.status(), resent::toString);
            id = resent.json().get("id").asText();
        }
        Result refused = globexOwner.post("/organizations/globex/invitations/" + id + "/resend", "");
        assertError(429, refused);
        assertEquals("3600", refused.header("Retry-After"));
        assertError(429, adminApi("saas-b2b").post("/organizations/acme/invitations",
                ApiClient.json(Map.of("email", "victim@example.test"))), "the limit is the address's, in any organization");
        assertEquals(1, globexOwner.get("/organizations/globex/invitations").json().size(),
                "the invitation is still there, unchanged");
    }

    /** A realm can cap how many invitations an organization keeps pending. */
    @Test
    void pendingInvitationsAreCapped() {
        RealmRepresentation realm = saas().toRepresentation();
        realm.getAttributes().put("tenancy.invitations.max-pending-per-organization", "2");
        saas().update(realm);
        for (int i = 0; i < 2; i++) {
            assertEquals(201, globexOwner.post("/organizations/globex/invitations",
                    ApiClient.json(Map.of("email", "pending-" + i + "@example.test"))).status());
        }
        Result refused = globexOwner.post("/organizations/globex/invitations",
                ApiClient.json(Map.of("email", "pending-2@example.test")));
        assertError(409, refused);
        assertEquals("limit_reached", refused.json().get("error").asText());
    }

    private String holdUnverified(String username, String address) {
        String id = SampleUsers.create(saas(), username, "Mallory-pass-1");
        UserRepresentation user = saas().users().get(id).toRepresentation();
        user.setEmail(address);
        user.setEmailVerified(false);
        saas().users().get(id).update(user);
        return id;
    }

    private MimeMessage lastMailTo(String address) {
        assertTrue(mail.waitForIncomingEmail(1), "an email was sent");
        return Arrays.stream(mail.getReceivedMessages()).filter(m -> Mails.text(m).contains(address)
                        || recipients(m).contains(address))
                .reduce((first, second) -> second).orElseThrow(() -> new AssertionError("no email to " + address));
    }

    private static String recipients(MimeMessage message) {
        try {
            return Arrays.toString(message.getAllRecipients());
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> roles(com.fasterxml.jackson.databind.JsonNode invitation) {
        List<String> names = new java.util.ArrayList<>();
        invitation.get("roles").forEach(role -> names.add(role.asText()));
        assertFalse(names.isEmpty(), invitation::toString);
        return names;
    }
}
