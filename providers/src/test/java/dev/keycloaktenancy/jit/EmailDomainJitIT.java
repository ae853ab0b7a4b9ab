package dev.keycloaktenancy.jit;

import dev.keycloaktenancy.Tenancy;
import com.fasterxml.jackson.databind.JsonNode;
import dev.keycloaktenancy.testing.AdminLookups;
import dev.keycloaktenancy.testing.ApiClient;
import dev.keycloaktenancy.testing.DemoLogins;
import dev.keycloaktenancy.testing.LoginBrowser;
import dev.keycloaktenancy.testing.Mails;
import dev.keycloaktenancy.testing.OidcTestClient;
import dev.keycloaktenancy.testing.SampleUsers;
import dev.keycloaktenancy.testing.TenancyServerConfig;
import dev.keycloaktenancy.testing.TenancyServerTest;
import jakarta.mail.internet.MimeMessage;
import jakarta.ws.rs.core.Response;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.OrganizationDomainRepresentation;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

import java.util.List;
import java.util.Map;

import static dev.keycloaktenancy.testing.ApiAssertions.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Joining by verified email domain without an identity provider (globex opts in with tenancy.jit.email-domain):
 * at login, and at registration once the email is verified; never with an unverified email or domain, never for an
 * organization that did not opt in.
 */
@KeycloakIntegrationTest(config = TenancyServerConfig.class)
class EmailDomainJitIT extends TenancyServerTest {

    @BeforeEach
    void importRealm() {
        importRealms("saas-b2b");
    }

    @Test
    void verifiedEmailAtAVerifiedDomainJoinsAtLoginWithTheDefaultRoles() {
        SampleUsers.create(saas(), "lou@globex.test", "lou");
        JsonNode tokens = DemoLogins.withPassword(urls.getBase(), "lou@globex.test", "lou", "openid organization:*", null);
        JsonNode globex = OidcTestClient.claims(tokens.get("access_token").asText()).get("organization").get("globex");
        assertNotNull(globex, "lou joined globex during the login that issued this token");
        assertEquals(List.of("member"), texts(globex.get("roles")));
        assertTrue(isMember("globex", "lou@globex.test"));
    }

    @Test
    void unverifiedEmailNeverJoins() {
        String id = SampleUsers.create(saas(), "una@globex.test", "una");
        UserRepresentation una = saas().users().get(id).toRepresentation();
        una.setEmailVerified(false);
        saas().users().get(id).update(una);

        DemoLogins.withPassword(urls.getBase(), "una@globex.test", "una", "openid", null);
        assertFalse(isMember("globex", "una@globex.test"));
    }

    @Test
    void unverifiedDomainNeverJoinsUntilVerified() {
        createOrganization("initech", "initech.test", false, true);
        SampleUsers.create(saas(), "ivy@initech.test", "ivy");
        DemoLogins.withPassword(urls.getBase(), "ivy@initech.test", "ivy", "openid", null);
        assertFalse(isMember("initech", "ivy@initech.test"), "the domain is not verified");

        OrganizationRepresentation initech = AdminLookups.organizationResource(saas(), "initech").toRepresentation();
        initech.getDomains().forEach(d -> d.setVerified(true));
        AdminLookups.organizationResource(saas(), "initech").update(initech).close();
        DemoLogins.withPassword(urls.getBase(), "ivy@initech.test", "ivy", "openid", null);
        assertTrue(isMember("initech", "ivy@initech.test"), "verified now: joined at the next login");
    }

    @Test
    void organizationsThatDidNotOptInAreNeverJoined() {
        createOrganization("hooli", "hooli.test", true, false);
        SampleUsers.create(saas(), "hal@hooli.test", "hal");
        DemoLogins.withPassword(urls.getBase(), "hal@hooli.test", "hal", "openid", null);
        assertFalse(isMember("hooli", "hal@hooli.test"));
    }

    @Test
    void registrationJoinsOnceTheEmailIsVerified() {
        Mails.useTestMailServer(saas());
        RealmRepresentation realm = saas().toRepresentation();
        realm.setVerifyEmail(true);
        saas().update(realm);

        OidcTestClient app = new OidcTestClient(urls.getBase(), "saas-b2b", "demo-app", DemoLogins.REDIRECT_URI);
        LoginBrowser browser = new LoginBrowser(app.redirectUri());
        Document page = browser.open(app.authorizationUrl("openid organization:*")
                .replace("/protocol/openid-connect/auth?", "/protocol/openid-connect/registrations?"));
        assertNotNull(page);
        page = browser.submit(Map.of("email", "newhire@globex.test", "firstName", "New", "lastName", "Hire"));
        assertNotNull(page, "expected the 'verify your email' page");
        assertFalse(isMember("globex", "newhire@globex.test"), "not before the email is verified");

        assertTrue(mail.waitForIncomingEmail(1), "the verification email");
        page = browser.open(Mails.realmLink(mail.getLastReceivedMessage()));
        if (page != null && page.selectFirst("a[href*=action-token]") != null) {
            page = browser.open(page.selectFirst("a[href*=action-token]").absUrl("href"));
        }
        assertTrue(isMember("globex", "newhire@globex.test"), "joined as soon as the email was verified");
        if (page != null && !page.select("input[name=password-new]").isEmpty()) {
            page = browser.submit(Map.of("password-new", "Newhire-pass-1", "password-confirm", "Newhire-pass-1"));
        }
        assertNull(page, () -> "expected the redirect to demo-app: " + browser.page().body().text());
        JsonNode claims = OidcTestClient.claims(app.exchange(browser.appRedirect()).get("access_token").asText());
        assertEquals(List.of("member"), texts(claims.get("organization").get("globex").get("roles")));
    }

    /**
     * Join requests from asking to the decision, on every database the suite runs on (the queries and the
     * organization's row lock): one requester approved, one declined, each told the outcome by email.
     */
    @Test
    void joinRequestsAreDecidedAndEachRequesterIsToldByEmail() throws Exception {
        Mails.useTestMailServer(saas());
        ApiClient carol = selfService("saas-b2b", "carol@globex.test", "carol");
        assertEquals(200, carol.patch("/organizations/globex/sign-in",
                "{\"joinByEmailDomain\": false, \"joinRequests\": true}").status());
        SampleUsers.create(saas(), "hank@globex.test", "hank-pass-1");
        SampleUsers.create(saas(), "ivy@globex.test", "ivy-pass-1");
        ApiClient hank = selfService("saas-b2b", "hank@globex.test", "hank-pass-1");
        ApiClient ivy = selfService("saas-b2b", "ivy@globex.test", "ivy-pass-1");
        assertEquals("globex", hank.get("/me/suggestions").json().get(0).get("alias").asText());
        String hanks = hank.post("/organizations/globex/join-requests", "").json().get("id").asText();
        String ivys = ivy.post("/organizations/globex/join-requests", "").json().get("id").asText();
        assertEquals(hanks, hank.post("/organizations/globex/join-requests", "").json().get("id").asText());
        assertEquals(List.of(hanks, ivys), carol.get("/organizations/globex/join-requests").json().findValuesAsText("id"));

        assertEquals(200, carol.post("/organizations/globex/join-requests/" + hanks + "/approve", "").status());
        assertTrue(mail.waitForIncomingEmail(1), "the approval email");
        MimeMessage approval = mail.getLastReceivedMessage();
        assertEquals("hank@globex.test", approval.getAllRecipients()[0].toString());
        assertTrue(approval.getSubject().contains("member of Globex"), approval.getSubject());
        assertTrue(Mails.text(approval).contains("/realms/saas-b2b/tenancy/portal/"), Mails.text(approval));

        assertEquals(200, carol.post("/organizations/globex/join-requests/" + ivys + "/decline", "").status());
        assertTrue(mail.waitForIncomingEmail(2), "the decline email");
        MimeMessage decline = mail.getLastReceivedMessage();
        assertEquals("ivy@globex.test", decline.getAllRecipients()[0].toString());
        assertTrue(Mails.text(decline).contains("declined your request"), Mails.text(decline));

        assertTrue(isMember("globex", "hank@globex.test"));
        assertFalse(isMember("globex", "ivy@globex.test"));
        assertEquals("declined", ivy.get("/me/join-requests").json().get(0).get("status").asText());
        assertEquals(409, ivy.post("/organizations/globex/join-requests", "").status());
        assertTrue(carol.get("/organizations/globex/join-requests").json().isEmpty());
    }

    private void createOrganization(String alias, String domain, boolean verified, boolean optIn) {
        OrganizationRepresentation organization = new OrganizationRepresentation();
        organization.setName(alias);
        organization.setAlias(alias);
        organization.setEnabled(true);
        OrganizationDomainRepresentation domainRepresentation = new OrganizationDomainRepresentation(domain);
        domainRepresentation.setVerified(verified);
        organization.addDomain(domainRepresentation);
        if (optIn) {
            organization.setAttributes(Map.of(Tenancy.JOIN_BY_EMAIL_DOMAIN, List.of("true")));
        }
        try (Response created = saas().organizations().create(organization)) {
            assertEquals(201, created.getStatus());
        }
    }

    private boolean isMember(String organization, String username) {
        return !AdminLookups.organizationResource(saas(), organization).members().search(username, true, 0, 1).isEmpty();
    }

}
