package dev.keycloaktenancy.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keycloaktenancy.testing.AdminLookups;
import dev.keycloaktenancy.testing.ApiClient;
import dev.keycloaktenancy.testing.ApiClient.Result;
import dev.keycloaktenancy.testing.Mails;
import dev.keycloaktenancy.testing.OidcTestClient;
import dev.keycloaktenancy.testing.PortalBrowser;
import dev.keycloaktenancy.testing.SampleUsers;
import dev.keycloaktenancy.testing.TenancyServerConfig;
import dev.keycloaktenancy.testing.TenancyServerTest;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.OrganizationDomainRepresentation;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.keycloaktenancy.testing.ApiAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Account controls on the accounts an organization owns (managed members, members with a verified email at its verified
 * domains): sign out everywhere, password reset email, second factors removed, suspend and restore; on both doors, and
 * refused for every other member with 403 {@code account_not_owned}, including a member of the organization who is
 * also in another one with an email outside its domains.
 */
@KeycloakIntegrationTest(config = TenancyServerConfig.class)
class AccountControlsIT extends TenancyServerTest {

    @BeforeEach
    void importRealms() {
        importRealms("saas-b2b", "tenant-university-a");
        Mails.useTestMailServer(saas());
    }

    @Test
    void signOutEndsSessionsAndOfflineTokensOfAnOwnedAccount() {
        String dave = SampleUsers.id(saas(), "dave@globex.test");
        ApiClient owner = selfService("saas-b2b", "carol@globex.test", "carol");
        JsonNode online = grant("dave@globex.test", "dave", null);
        allowOfflineTokens("demo-cli", dave);
        JsonNode offline = grant("dave@globex.test", "dave", "offline_access");

        Result signedOut = owner.post("/organizations/globex/members/" + dave + "/sign-out", "");
        assertEquals(200, signedOut.status(), signedOut::toString);
        assertTrue(signedOut.json().get("sessions").asInt() >= 1, signedOut::toString);
        assertEquals(1, signedOut.json().get("offlineSessions").asInt(), signedOut::toString);
        for (JsonNode tokens : List.of(online, offline)) {
            AssertionError refused = assertThrows(AssertionError.class, () -> OidcTestClient.refresh(urls.getBase(),
                    "saas-b2b", "demo-cli", tokens.get("refresh_token").asText()));
            assertTrue(refused.getMessage().contains("invalid_grant"), refused.getMessage());
        }
        assertTrue(saas().getAdminEvents().stream().anyMatch(e -> "TENANCY_ACCOUNT".equals(e.getResourceType())),
                "an account control is an admin event");
        JsonNode audited = owner.get("/organizations/globex/audit?action=account.signed_out").json();
        assertEquals(1, audited.size(), audited::toString);
        assertEquals(dave, audited.get(0).path("target").asText(), "and an audit record naming the account");
        assertEquals(200, adminApi("saas-b2b").post("/organizations/globex/members/" + dave + "/sign-out", "")
                .status(), "the realm administrator through the admin door");
    }

    @Test
    void suspendAndRestore() {
        String dave = SampleUsers.id(saas(), "dave@globex.test");
        ApiClient owner = selfService("saas-b2b", "carol@globex.test", "carol");
        JsonNode before = grant("dave@globex.test", "dave", null);
        String path = "/organizations/globex/members/" + dave + "/account";
        assertEquals("missing_field", owner.put(path, "{}").json().get("error").asText());
        assertError(400, owner.put(path, "{\"enabled\": null}"));

        Result suspended = owner.put(path, "{\"enabled\": false}");
        assertEquals(200, suspended.status(), suspended::toString);
        assertEquals(false, suspended.json().get("enabled").asBoolean());
        assertEquals(400, ApiClient.passwordGrantAnswer(urls.getBase(), "saas-b2b", "dave@globex.test", "dave",
                "demo-cli", null).status(), "a suspended account cannot sign in");
        assertThrows(AssertionError.class, () -> OidcTestClient.refresh(urls.getBase(), "saas-b2b", "demo-cli",
                before.get("refresh_token").asText()), "its refresh token stops working");

        assertEquals(true, owner.put(path, "{\"enabled\": true}").json().get("enabled").asBoolean());
        grant("dave@globex.test", "dave", null);
    }

    @Test
    void passwordResetAndSecondFactors() throws Exception {
        String dave = SampleUsers.id(saas(), "dave@globex.test");
        ApiClient owner = selfService("saas-b2b", "carol@globex.test", "carol");
        Result reset = owner.post("/organizations/globex/members/" + dave + "/reset-password", "");
        assertEquals(204, reset.status(), reset::toString);
        assertTrue(mail.waitForIncomingEmail(1), "the reset email is sent");
        MimeMessage message = mail.getLastReceivedMessage();
        assertEquals("dave@globex.test", message.getAllRecipients()[0].toString());
        assertTrue(Mails.realmLink(message).contains("/realms/saas-b2b/login-actions/action-token"),
                Mails.text(message));

        Result mfa = owner.post("/organizations/globex/members/" + dave + "/reset-mfa", "");
        assertEquals(200, mfa.status(), mfa::toString);
        assertEquals(0, mfa.json().get("removed").size(), "dave had no second factor");

        // While the organization requires SSO, passwords are its identity provider's.
        OrganizationRepresentation globex = AdminLookups.organizationResource(saas(), "globex").toRepresentation();
        Map<String, List<String>> attributes = new HashMap<>(globex.getAttributes() == null ? Map.of()
                : globex.getAttributes());
        attributes.put("tenancy.sso.required", List.of("true"));
        globex.setAttributes(attributes);
        AdminLookups.organizationResource(saas(), "globex").update(globex).close();
        Result refused = owner.post("/organizations/globex/members/" + dave + "/reset-password", "");
        assertError(409, refused);
        assertEquals("sso_required", refused.json().get("error").asText());
    }

    @Test
    void noAdminLocksThemselvesOrAnOwnerOut() {
        String carol = SampleUsers.id(saas(), "carol@globex.test");
        String gina = SampleUsers.createMember(saas(), "globex", "gina@globex.test", "gina-pw");
        assertEquals(200, adminApi("saas-b2b").put("/organizations/globex/members/" + gina + "/roles",
                ApiClient.json(Map.of("roles", List.of("admin")))).status());
        ApiClient owner = selfService("saas-b2b", "carol@globex.test", "carol");
        ApiClient admin = selfService("saas-b2b", "gina@globex.test", "gina-pw");

        // Carol (owner) on her own account: suspending it and removing her second factors are refused.
        String own = "/organizations/globex/members/" + carol;
        Result suspendSelf = owner.put(own + "/account", "{\"enabled\": false}");
        assertError(409, suspendSelf);
        assertEquals("own_account", suspendSelf.json().get("error").asText());
        assertTrue(suspendSelf.json().get("error_description").asText().startsWith("You cannot suspend your own"
                + " account"), suspendSelf::toString);
        Result resetOwnMfa = owner.post(own + "/reset-mfa", "");
        assertError(409, resetOwnMfa);
        assertEquals("own_account", resetOwnMfa.json().get("error").asText());
        assertEquals(200, owner.put(own + "/account", "{\"enabled\": true}").status(),
                "restoring an enabled account of one's own changes nothing and locks nobody out");

        // Gina (admin, not owner) may not lock out the owner, nor herself.
        Result suspendOwner = admin.put(own + "/account", "{\"enabled\": false}");
        assertError(403, suspendOwner);
        assertEquals("owner_account", suspendOwner.json().get("error").asText());
        Result resetOwnerMfa = admin.post(own + "/reset-mfa", "");
        assertError(403, resetOwnerMfa);
        assertEquals("owner_account", resetOwnerMfa.json().get("error").asText());
        assertEquals("own_account", admin.put("/organizations/globex/members/" + gina + "/account",
                "{\"enabled\": false}").json().get("error").asText());
        assertTrue(saas().users().get(carol).toRepresentation().isEnabled(), "carol was never suspended");
        assertTrue(saas().users().get(gina).toRepresentation().isEnabled(), "gina was never suspended");
        JsonNode audited = owner.get("/organizations/globex/audit?action=account.suspended").json();
        assertEquals(0, audited.size(), "a refusal is not audited as a suspension: " + audited);

        // Signing oneself out locks nobody out; an owner suspends an admin; the realm administrator suspends an owner.
        assertEquals(200, admin.post("/organizations/globex/members/" + gina + "/sign-out", "").status());
        assertEquals(200, owner.put("/organizations/globex/members/" + gina + "/account", "{\"enabled\": false}")
                .status());
        assertEquals(200, adminApi("saas-b2b").put(own + "/account", "{\"enabled\": false}").status());
        assertEquals(false, saas().users().get(carol).toRepresentation().isEnabled());
    }

    @Test
    void everyoneElseIsRefused() {
        String dave = SampleUsers.id(saas(), "dave@globex.test");
        String carol = SampleUsers.id(saas(), "carol@globex.test");
        SampleUsers.createMember(saas(), "globex", "mia@globex.test", "mia-pw");
        String erin = SampleUsers.id(saas(), "erin@example.test");
        try (jakarta.ws.rs.core.Response added = AdminLookups.organizationResource(saas(), "globex").members()
                .addMember(erin)) {
            assertEquals(201, added.getStatus());
        }
        String oscar = SampleUsers.createMember(saas(), "acme", "oscar@example.test", "oscar-pw");
        assertEquals(200, adminApi("saas-b2b").put("/organizations/acme/members/" + oscar + "/roles",
                ApiClient.json(Map.of("roles", List.of("admin")))).status());
        ApiClient owner = selfService("saas-b2b", "carol@globex.test", "carol");
        ApiClient acmeAdmin = selfService("saas-b2b", "oscar@example.test", "oscar-pw");

        // Not owned: erin's email is outside globex's domains; carol is in acme with an email at globex.test.
        for (String[] target : new String[][]{{"globex", erin}, {"acme", carol}}) {
            ApiClient caller = target[0].equals("globex") ? owner : acmeAdmin;
            Map<String, Result> answers = new LinkedHashMap<>();
            String base = "/organizations/" + target[0] + "/members/" + target[1];
            answers.put("sign-out", caller.post(base + "/sign-out", ""));
            answers.put("reset-password", caller.post(base + "/reset-password", ""));
            answers.put("reset-mfa", caller.post(base + "/reset-mfa", ""));
            answers.put("suspend", caller.put(base + "/account", "{\"enabled\": false}"));
            answers.forEach((action, result) -> {
                assertError(403, result, target[0] + " " + action);
                assertEquals("account_not_owned", result.json().get("error").asText());
            });
            assertTrue(answers.get("sign-out").json().get("error_description").asText().contains("does not own"));
        }
        assertTrue(saas().users().get(carol).toRepresentation().isEnabled(), "nothing happened to carol");

        // Callers without org:security:manage in globex, or outside it, or without a token of this realm.
        ApiClient member = selfService("saas-b2b", "mia@globex.test", "mia-pw");
        String otherRealm = ApiClient.passwordGrant(urls.getBase(), "tenant-university-a", "sam@example.test", "sam-a");
        Map<String, Integer> expected = new LinkedHashMap<>();
        Map<String, Integer> actual = new LinkedHashMap<>();
        String path = "/organizations/globex/members/" + dave + "/account";
        expected.put("plain member", 403);
        actual.put("plain member", member.put(path, "{\"enabled\": false}").status());
        expected.put("other organization's admin", 404);
        actual.put("other organization's admin", acmeAdmin.put(path, "{\"enabled\": false}").status());
        expected.put("other realm", 401);
        actual.put("other realm", new ApiClient(urls.getBase() + "/realms/saas-b2b/tenancy", () -> otherRealm)
                .put(path, "{\"enabled\": false}").status());
        expected.put("anonymous", 401);
        actual.put("anonymous", new ApiClient(urls.getBase() + "/realms/saas-b2b/tenancy", null)
                .put(path, "{\"enabled\": false}").status());
        expected.put("admin door, plain user", 403);
        String plain = ApiClient.passwordGrant(urls.getBase(), "saas-b2b", "mia@globex.test", "mia-pw");
        actual.put("admin door, plain user", new ApiClient(urls.getBase() + "/admin/realms/saas-b2b/tenancy",
                () -> plain).put(path, "{\"enabled\": false}").status());
        expected.put("admin door, anonymous", 401);
        actual.put("admin door, anonymous", new ApiClient(urls.getBase() + "/admin/realms/saas-b2b/tenancy", null)
                .put(path, "{\"enabled\": false}").status());
        assertEquals(expected, actual);
        assertTrue(saas().users().get(dave).toRepresentation().isEnabled(), "dave was never suspended");
    }

    /**
     * The portal: the Security page (the policy and what it means; only for {@code org:security:manage}) and the account
     * actions of the Members page, enabled on owned accounts and disabled with the API's reason elsewhere.
     */
    @Test
    void thePortalShowsThePolicyAndTheAccountActions() {
        String dave = SampleUsers.id(saas(), "dave@globex.test");
        String erin = SampleUsers.id(saas(), "erin@example.test");
        try (jakarta.ws.rs.core.Response added = AdminLookups.organizationResource(saas(), "globex").members()
                .addMember(erin)) {
            assertEquals(201, added.getStatus());
        }

        // Dave (a plain member) sees neither the page nor the account actions; the API refuses him the account view.
        try (PortalBrowser browser = new PortalBrowser(urls.getBase(), "saas-b2b")) {
            browser.signIn("#/globex/members", "dave@globex.test", "dave");
            browser.waitFor(By.cssSelector("#members-table tr[data-username='carol@globex.test']"));
            assertFalse(browser.present(By.cssSelector("nav a[data-page='security']")));
            assertFalse(browser.present(By.cssSelector("[data-action='account']")));
        }
        String accountPath = "/organizations/globex/members/" + dave + "/account";
        assertError(403, selfService("saas-b2b", "dave@globex.test", "dave").get(accountPath));
        String oscar = SampleUsers.createMember(saas(), "acme", "oscar@example.test", "oscar-pw");
        assertEquals(200, adminApi("saas-b2b").put("/organizations/acme/members/" + oscar + "/roles",
                ApiClient.json(Map.of("roles", List.of("admin")))).status());
        assertError(404, selfService("saas-b2b", "oscar@example.test", "oscar-pw").get(accountPath));
        assertEquals(401, new ApiClient(urls.getBase() + "/realms/saas-b2b/tenancy", null).get(accountPath).status());

        try (PortalBrowser browser = new PortalBrowser(urls.getBase(), "saas-b2b")) {
            browser.signIn("#/globex/security", "carol@globex.test", "carol");
            assertFalse(browser.waitForPresence(By.id("mfa-required")).isSelected(), "globex does not require MFA");
            assertTrue(browser.waitForPresence(By.id("mfa-method-otp")).isSelected());
            browser.click(By.cssSelector("label[for='mfa-required']"));
            browser.waitForText(By.id("mfa-effect"), "next sign-in");
            assertPortalPageClean(browser, "security");
            browser.screenshot("portal-security");
            browser.click(By.id("security-save"));
            browser.waitFor(By.cssSelector("#alerts [role=status]"));
            assertEquals("required", adminApi("saas-b2b").get("/organizations/globex/security").json().get("mfa")
                    .asText());

            // Dave's account is globex's: suspended and restored from the Members page.
            browser.go("#/globex/members");
            browser.waitFor(By.cssSelector("#members-table tr[data-username='dave@globex.test'] [data-action='account']"))
                    .click();
            browser.click(By.cssSelector("#member-account button[data-action='suspend']"));
            browser.confirm();
            browser.waitFor(By.cssSelector("#member-account button[data-action='restore']"));
            assertFalse(saas().users().get(dave).toRepresentation().isEnabled(), "dave is suspended");
            assertPortalPageClean(browser, "members, account");
            browser.click(By.cssSelector("#member-account button[data-action='restore']"));
            browser.waitFor(By.cssSelector("#member-account button[data-action='suspend']"));
            assertTrue(saas().users().get(dave).toRepresentation().isEnabled(), "dave is restored");

            // Carol's own account: no suspension, no removal of her second factors, each with the reason.
            browser.click(By.cssSelector("#members-table tr[data-username='carol@globex.test'] [data-action='account']"));
            waitForAccountPanel(browser, "carol@globex.test");
            assertFalse(browser.waitForPresence(By.cssSelector("#member-account button[data-action='suspend']"))
                    .isEnabled());
            browser.waitForText(By.id("account-reason-suspend"), "You cannot suspend your own account");
            assertFalse(browser.waitForPresence(By.cssSelector("#member-account button[data-action='reset-mfa']"))
                    .isEnabled());

            // Erin's account is not globex's: every action is disabled with the reason.
            browser.click(By.cssSelector("#members-table tr[data-username='erin@example.test'] [data-action='account']"));
            waitForAccountPanel(browser, "erin@example.test");
            for (String control : List.of("sign-out", "reset-password", "reset-mfa", "suspend")) {
                assertFalse(browser.waitForPresence(By.cssSelector("#member-account button[data-action='" + control
                        + "']")).isEnabled(), control);
                browser.waitForText(By.id("account-reason-" + control), "does not own this account");
            }
        }
        assertTrue(saas().users().get(erin).toRepresentation().isEnabled(), "nothing happened to erin");
    }

    /**
     * A platform realm (one realm per customer, provisioned from a template) gets the same policy and controls: its
     * organization's admin suspends an owned account (no sign-in, its refresh token refused) and is refused on a
     * member at another domain; once the organization requires MFA, a member without a second factor gets no token.
     */
    @Test
    void thePolicyAndTheControlsHoldInAPlatformRealm() {
        removeAfterTest("uni-mfa");
        ApiClient provisioner = new ApiClient(urls.getBase() + "/admin/realms/master/tenancy",
                () -> admin.tokenManager().getAccessTokenString());
        Result provisioned = provisioner.post("/tenants", ApiClient.json(Map.of("realm", "uni-mfa",
                "template", "university", "administrator", Map.of("email", "it@uni-mfa.example"))));
        assertEquals(201, provisioned.status(), provisioned::toString);
        RealmResource tenant = admin.realm("uni-mfa");
        OrganizationRepresentation physics = new OrganizationRepresentation();
        physics.setName("Physics");
        physics.setAlias("physics");
        OrganizationDomainRepresentation domain = new OrganizationDomainRepresentation();
        domain.setName("physics.uni-mfa.example");
        domain.setVerified(true);
        physics.addDomain(domain);
        try (jakarta.ws.rs.core.Response created = tenant.organizations().create(physics)) {
            assertEquals(201, created.getStatus());
        }
        String head = SampleUsers.createMember(tenant, "physics", "head@physics.uni-mfa.example", "Head-pass-1");
        String student = SampleUsers.createMember(tenant, "physics", "student@physics.uni-mfa.example",
                "Student-pass-1");
        String guest = SampleUsers.createMember(tenant, "physics", "guest@elsewhere.example", "Guest-pass-1");
        assertEquals(200, adminApi("uni-mfa").put("/organizations/physics/members/" + head + "/roles",
                ApiClient.json(Map.of("roles", List.of("admin")))).status());
        String headToken = selfServiceTokenIn("uni-mfa", "head@physics.uni-mfa.example", "Head-pass-1");
        ApiClient headApi = new ApiClient(urls.getBase() + "/realms/uni-mfa/tenancy", () -> headToken);

        Result before = ApiClient.passwordGrantAnswer(urls.getBase(), "uni-mfa", "student@physics.uni-mfa.example",
                "Student-pass-1", "test-cli", null);
        assertEquals(200, before.status(), before::toString);
        Result suspended = headApi.put("/organizations/physics/members/" + student + "/account",
                "{\"enabled\": false}");
        assertEquals(200, suspended.status(), suspended::toString);
        assertEquals(400, ApiClient.passwordGrantAnswer(urls.getBase(), "uni-mfa", "student@physics.uni-mfa.example",
                "Student-pass-1", "test-cli", null).status(), "a suspended account cannot sign in");
        assertThrows(AssertionError.class, () -> OidcTestClient.refresh(urls.getBase(), "uni-mfa", "test-cli",
                before.json().get("refresh_token").asText()), "its refresh token stops working");
        Result notOwned = headApi.post("/organizations/physics/members/" + guest + "/sign-out", "");
        assertError(403, notOwned);
        assertEquals("account_not_owned", notOwned.json().get("error").asText());

        assertEquals(200, headApi.put("/organizations/physics/security",
                "{\"mfa\": \"required\", \"mfaMethods\": [\"otp\"], \"ssoRequired\": false}").status());
        Result refused = ApiClient.passwordGrantAnswer(urls.getBase(), "uni-mfa", "guest@elsewhere.example",
                "Guest-pass-1", "test-cli", null);
        assertEquals(400, refused.status(), refused::toString);
        assertTrue(refused.json().get("error_description").asText().contains("not fully set up"), refused::toString);
    }

    /** The account panel of that member, once it replaced the previous one. */
    private static void waitForAccountPanel(PortalBrowser browser, String username) {
        new WebDriverWait(browser.driver(), Duration.ofSeconds(15)).ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElement(By.id("member-account-title")).getText().contains(username));
    }

    /** Every control of the page is named for screen readers, and the browser refused nothing. */
    private static void assertPortalPageClean(PortalBrowser browser, String page) {
        assertEquals(List.of(), browser.unlabelledControls(), page + ": controls without a label");
        assertEquals(List.of(), browser.consoleErrors().stream()
                .filter(error -> !error.contains("the server responded with a status of")).toList(), page);
    }

    /** Offline tokens need the client's optional scope and the user's realm role offline_access. */
    private void allowOfflineTokens(String clientId, String userId) {
        saas().users().get(userId).roles().realmLevel()
                .add(List.of(saas().roles().get("offline_access").toRepresentation()));
        String scope = saas().clientScopes().findAll().stream().filter(s -> s.getName().equals("offline_access"))
                .findFirst().orElseThrow().getId();
        String client = saas().clients().findByClientId(clientId).get(0).getId();
        saas().clients().get(client).addOptionalClientScope(scope);
    }

    private JsonNode grant(String username, String password, String scope) {
        Result answer = ApiClient.passwordGrantAnswer(urls.getBase(), "saas-b2b", username, password, "demo-cli", scope);
        assertEquals(200, answer.status(), answer::toString);
        return answer.json();
    }
}
