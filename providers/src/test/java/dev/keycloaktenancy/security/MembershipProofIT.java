package dev.keycloaktenancy.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keycloaktenancy.testing.AdminLookups;
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
import jakarta.ws.rs.core.Response;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.FederatedIdentityRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

import java.util.List;
import java.util.Map;

import static dev.keycloaktenancy.testing.ApiAssertions.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Membership and roles come only from paths that prove who the person is. Roles an invitation promises go to the
 * person who follows its link, not to whoever joins later with the same email; joining by email domain trusts only
 * emails the realm verified itself, never an email that some other identity provider vouched for.
 */
@KeycloakIntegrationTest(config = TenancyServerConfig.class)
class MembershipProofIT extends TenancyServerTest {

    @BeforeEach
    void importRealms() {
        importRealms("acme-idp", "saas-b2b");
        Mails.useTestMailServer(saas());
    }

    /** globex's owner promises owner to cfo@globex.test; a realm admin adding that address gives the defaults only. */
    @Test
    void anAdminAddWithTheInviteesEmailGetsOnlyTheDefaultRoles() {
        invite("globex", "erin@example.test", "owner");
        String erin = SampleUsers.id(saas(), "erin@example.test");
        try (Response added = AdminLookups.organizationResource(saas(), "globex").members().addMember(erin)) {
            assertEquals(201, added.getStatus());
        }
        assertEquals(List.of("member"), rolesOf("globex", "erin@example.test"));
        assertEquals(List.of("owner"), promisedTo("globex", "erin@example.test"), "the promise waits for the invitee");
    }

    /** Someone who registers with the invitee's address and joins by email domain gets the defaults only. */
    @Test
    void joiningByEmailDomainWithTheInviteesEmailGetsOnlyTheDefaultRoles() {
        invite("globex", "cfo@globex.test", "owner");
        SampleUsers.create(saas(), "cfo@globex.test", "not-the-cfo");
        DemoLogins.withPassword(urls.getBase(), "cfo@globex.test", "not-the-cfo", "openid", null);
        assertEquals(List.of("member"), rolesOf("globex", "cfo@globex.test"));
        assertEquals(List.of("owner"), promisedTo("globex", "cfo@globex.test"));
    }

    /**
     * The scenario of the trust model: whoever controls an identity provider with "trust email" on signs in as the
     * invited CFO. That email was not verified by this realm, so nobody joins globex and nothing promised is given;
     * the account and its link to the partner provider stay (a realm-level login method), powerless.
     */
    @Test
    void anIdentityProviderThatTrustsEmailsGetsNeitherTheMembershipNorThePromise() {
        invite("globex", "cfo@globex.test", "owner");
        PartnerIdentityProvider.add(admin, true);
        SampleUsers.create(realm("acme-idp"), "cfo@globex.test", "forged");

        OidcTestClient app = new OidcTestClient(urls.getBase(), "saas-b2b", "demo-app", DemoLogins.REDIRECT_URI);
        LoginBrowser browser = PartnerIdentityProvider.signIn(urls.getBase(), app, "cfo@globex.test", "forged",
                "openid organization:*");
        assertNull(browser.page(), () -> "the partner login completes: " + browser.page().body().text());
        JsonNode claims = OidcTestClient.claims(app.exchange(browser.appRedirect()).get("access_token").asText());
        assertNull(claims.get("organization"), "no organization in the token: " + claims);

        UserRepresentation cfo = saas().users().search("cfo@globex.test", true).get(0);
        assertTrue(Boolean.TRUE.equals(cfo.isEmailVerified()), "the partner's word made the email verified");
        assertEquals(0, saas().organizations().members().getOrganizations(cfo.getId(), true).size(), "member of nothing");
        List<FederatedIdentityRepresentation> links = saas().users().get(cfo.getId()).getFederatedIdentity();
        assertEquals(List.of(PartnerIdentityProvider.ALIAS), links.stream().map(FederatedIdentityRepresentation::getIdentityProvider).toList());
        assertEquals(List.of("owner"), promisedTo("globex", "cfo@globex.test"));

        // the same account signing in again, now with a password set by a realm admin, still joins nothing
        DemoLogins.withPassword(urls.getBase(), "cfo@globex.test", setPassword(cfo.getId()), "openid", null);
        assertEquals(0, saas().organizations().members().getOrganizations(cfo.getId(), true).size());
    }

    /**
     * Pat's verified email is vouched for by two "trust email" providers of acme: acme-idp and a second one,
     * acme-sso-2, both linked to pat's account by a realm admin. Pat signs in through each, the second login included
     * (L9: the second provider's assertion collided with the first's at commit and failed that login).
     */
    @Test
    void aUserVouchedForByTwoProvidersOfTheOrganizationSignsInThroughBoth() {
        IdentityProviderRepresentation second = PartnerIdentityProvider.copyOfAcmeProvider(saas(), "acme-sso-2");
        second.setTrustEmail(true);
        try (Response created = saas().identityProviders().create(second)) {
            assertEquals(201, created.getStatus());
        }
        try (Response linked = AdminLookups.organizationResource(saas(), "acme").identityProviders()
                .addIdentityProvider("acme-sso-2")) {
            assertEquals(204, linked.getStatus());
        }
        var client = realm("acme-idp").clients().findByClientId("saas-b2b").get(0);
        client.setRedirectUris(List.of("http://localhost:8080/realms/saas-b2b/broker/*"));
        realm("acme-idp").clients().get(client.getId()).update(client);

        String patAtAcme = SampleUsers.create(realm("acme-idp"), "pat@acme.test", "pat-at-acme");
        String pat = SampleUsers.create(saas(), "pat@acme.test", "pat-local-password");
        for (String alias : List.of("acme-idp", "acme-sso-2")) {
            FederatedIdentityRepresentation link = new FederatedIdentityRepresentation();
            link.setIdentityProvider(alias);
            link.setUserId(patAtAcme);
            link.setUserName("pat@acme.test");
            try (Response added = saas().users().get(pat).addFederatedIdentity(alias, link)) {
                assertEquals(204, added.getStatus(), () -> "linking " + alias);
            }
        }

        for (String alias : List.of("acme-idp", "acme-sso-2", "acme-idp")) {
            OidcTestClient app = new OidcTestClient(urls.getBase(), "saas-b2b", "demo-app", DemoLogins.REDIRECT_URI);
            LoginBrowser browser = new LoginBrowser(app.redirectUri());
            Document page = browser.open(app.authorizationUrl("openid", Map.of("kc_idp_hint", alias)));
            assertNotNull(page);
            assertTrue(page.location().startsWith(urls.getBase() + "/realms/acme-idp/"), page.location());
            assertNull(browser.submit(Map.of("username", "pat@acme.test", "password", "pat-at-acme")),
                    () -> "pat signs in through " + alias + ": " + browser.page().body().text());
            assertNotNull(app.exchange(browser.appRedirect()).get("access_token"), () -> "a token through " + alias);
        }
    }

    /** An email the realm verified itself still joins by domain, with the default roles. */
    @Test
    void anEmailTheRealmVerifiedJoinsByDomain() {
        SampleUsers.create(saas(), "lou@globex.test", "lou");
        DemoLogins.withPassword(urls.getBase(), "lou@globex.test", "lou", "openid", null);
        assertEquals(List.of("member"), rolesOf("globex", "lou@globex.test"));
    }

    private String setPassword(String userId) {
        CredentialRepresentation password = new CredentialRepresentation();
        password.setType("password");
        password.setValue("Cfo-local-1");
        password.setTemporary(false);
        saas().users().get(userId).resetPassword(password);
        return "Cfo-local-1";
    }

    private void invite(String organization, String email, String... roles) {
        Result sent = adminApi("saas-b2b").post("/organizations/" + organization + "/invitations",
                ApiClient.json(Map.of("email", email, "roles", List.of(roles))));
        assertEquals(201, sent.status(), sent::toString);
    }

    private List<String> rolesOf(String organization, String username) {
        String id = SampleUsers.id(saas(), username);
        Result result = adminApi("saas-b2b").get("/organizations/" + organization + "/members/" + id + "/roles");
        assertEquals(200, result.status(), result::toString);
        return texts(result.json().get("roles"));
    }

    private List<String> promisedTo(String organization, String email) {
        for (JsonNode invitation : adminApi("saas-b2b").get("/organizations/" + organization + "/invitations").json()) {
            if (invitation.get("email").asText().equals(email)) {
                return texts(invitation.get("roles"));
            }
        }
        return List.of();
    }
}
