package dev.keycloaktenancy.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keycloaktenancy.testing.AdminLookups;
import dev.keycloaktenancy.testing.ApiClient;
import dev.keycloaktenancy.testing.ApiClient.Result;
import dev.keycloaktenancy.testing.DemoLogins;
import dev.keycloaktenancy.testing.LoginBrowser;
import dev.keycloaktenancy.testing.Mails;
import dev.keycloaktenancy.testing.SampleUsers;
import dev.keycloaktenancy.testing.TenancyServerConfig;
import dev.keycloaktenancy.testing.TenancyServerTest;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.MembershipType;
import org.keycloak.representations.idm.OrganizationDomainRepresentation;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.keycloaktenancy.testing.ApiAssertions.assertError;
import static dev.keycloaktenancy.testing.ApiAssertions.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What one organization's admins do never hurts another organization or its members: removing someone never
 * deletes an account that another organization holds, the last owner stays under concurrency, a refused request
 * changes nothing, and an organization cannot dress up as another.
 */
@KeycloakIntegrationTest(config = TenancyServerConfig.class)
class OrganizationIsolationIT extends TenancyServerTest {

    @BeforeEach
    void importRealms() {
        importRealms("acme-idp", "saas-b2b");
        Mails.useTestMailServer(saas());
    }

    /**
     * Alice came through Acme's IdP, so acme manages her account and removing her from acme deletes it. She is also a
     * member of globex: acme's admin (Carol) may not delete an account that globex holds.
     */
    @Test
    void removingAManagedMemberNeverDeletesAnAccountAnotherOrganizationHolds() {
        DemoLogins.aliceThroughAcmeIdp(urls.getBase(), "openid");
        String alice = SampleUsers.id(saas(), "alice@acme.test");
        try (Response added = AdminLookups.organizationResource(saas(), "globex").members().addMember(alice)) {
            assertEquals(201, added.getStatus());
        }
        ApiClient acmeAdmin = selfService("saas-b2b", "carol@globex.test", "carol");
        Result refused = acmeAdmin.delete("/organizations/acme/members/" + alice);
        assertError(409, refused);
        assertEquals(1, saas().users().search("alice@acme.test", true).size(), "the account is still there");
        assertEquals(1, AdminLookups.organizationResource(saas(), "globex").members().search("alice@acme.test", true, 0, 1).size());
    }

    /**
     * Globex invites someone at an outside address, who registers through the link: Keycloak counts them as a
     * managed member of globex. Globex's owner removing them takes the membership only; the account, at an address
     * globex never proved, stays. Alice, who came through acme's own identity provider, is acme's to delete.
     */
    @Test
    void removingAMemberTheOrganizationDoesNotVouchForKeepsTheAccount() {
        ApiClient globexOwner = selfService("saas-b2b", "carol@globex.test", "carol");
        assertEquals(201, globexOwner.post("/organizations/globex/invitations",
                ApiClient.json(Map.of("email", "outsider@example.test"))).status());
        LoginBrowser browser = new LoginBrowser("http://localhost:3000/never");
        browser.open(Mails.realmLink(mail.getLastReceivedMessage()));
        browser.submit(Map.of("firstName", "Out", "lastName", "Sider", "password", "Outsider-pass-1",
                "password-confirm", "Outsider-pass-1"));
        String outsider = SampleUsers.id(saas(), "outsider@example.test");
        assertEquals(MembershipType.MANAGED, AdminLookups.organizationResource(saas(), "globex").members()
                .member(outsider).toRepresentation().getMembershipType());

        assertEquals(204, globexOwner.delete("/organizations/globex/members/" + outsider).status());
        assertEquals(1, saas().users().search("outsider@example.test", true).size(), "the account stays");
        assertEquals(0, saas().organizations().members().getOrganizations(outsider, true).size(), "no longer a member");

        DemoLogins.aliceThroughAcmeIdp(urls.getBase(), "openid");
        String alice = SampleUsers.id(saas(), "alice@acme.test");
        ApiClient acmeAdmin = selfService("saas-b2b", "carol@globex.test", "carol");
        assertEquals(204, acmeAdmin.delete("/organizations/acme/members/" + alice).status());
        assertEquals(0, saas().users().search("alice@acme.test", true).size(), "acme's own account goes with it");
    }

    /** An organization id of another realm is not found, in both APIs, rather than a server error. */
    @Test
    void anOrganizationIdOfAnotherRealmIsNotFound() {
        importRealms("tenant-university-a");
        OrganizationRepresentation campus = new OrganizationRepresentation();
        campus.setName("Campus");
        campus.setAlias("campus");
        campus.addDomain(new OrganizationDomainRepresentation("campus-a.test"));
        RealmRepresentation university = realm("tenant-university-a").toRepresentation();
        university.setOrganizationsEnabled(true);
        realm("tenant-university-a").update(university);
        try (Response created = realm("tenant-university-a").organizations().create(campus)) {
            assertEquals(201, created.getStatus());
        }
        String otherRealmsId = realm("tenant-university-a").organizations().search("campus").get(0).getId();
        assertError(404, adminApi("saas-b2b").get("/organizations/" + otherRealmsId + "/roles"));
        assertError(404, selfService("saas-b2b", "carol@globex.test", "carol").get("/organizations/" + otherRealmsId));
    }

    /**
     * An owner's branding change and an administrator's sign-in change of the same organization, at the same moment,
     * twenty times: neither undoes the other.
     */
    @Test
    void concurrentChangesOfOneOrganizationKeepEachOther() throws Exception {
        ApiClient owner = selfService("saas-b2b", "carol@globex.test", "carol");
        ApiClient administrator = adminApi("saas-b2b");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                String colour = String.format("#0000%02x", round);
                boolean join = round % 2 == 0;
                Future<Result> branding = pool.submit(() -> owner.patch("/organizations/globex",
                        ApiClient.json(Map.of("branding", Map.of("primaryColor", colour)))));
                Future<Result> signIn = pool.submit(() -> administrator.patch("/organizations/globex/sign-in",
                        ApiClient.json(Map.of("joinByEmailDomain", join))));
                assertEquals(200, branding.get().status(), branding.get()::toString);
                assertEquals(200, signIn.get().status(), signIn.get()::toString);
                Map<String, List<String>> attributes = AdminLookups.organizationResource(saas(), "globex")
                        .toRepresentation().getAttributes();
                assertEquals(List.of(colour), attributes.get("tenancy.brand.primary-color"), "round " + round);
                assertEquals(join ? List.of("true") : null, attributes.get("tenancy.jit.email-domain"), "round " + round);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A realm administrator may delete anyone; an organization left without an owner shows in the diagnostics. */
    @Test
    void deletingTheLastOwnerIsReportedToTheRealmAdministrator() {
        JsonNode before = adminApi("saas-b2b").get("/diagnostics").json();
        assertTrue(!texts(before.get("organizationsWithoutOwner")).contains("globex"), before::toString);
        String carol = SampleUsers.id(saas(), "carol@globex.test");
        saas().users().get(carol).remove();
        JsonNode after = adminApi("saas-b2b").get("/diagnostics").json();
        assertTrue(texts(after.get("organizationsWithoutOwner")).contains("globex"), after::toString);
    }

    /** Two owners demote each other at the same moment, again and again: exactly one owner remains each time. */
    @Test
    void theLastOwnerStaysWhenTwoOwnersDemoteEachOtherAtOnce() throws Exception {
        String carol = SampleUsers.id(saas(), "carol@globex.test");
        String gina = SampleUsers.createMember(saas(), "globex", "gina@globex.test", "gina");
        ApiClient admins = adminApi("saas-b2b");
        ApiClient carolApi = selfService("saas-b2b", "carol@globex.test", "carol");
        ApiClient ginaApi = selfService("saas-b2b", "gina@globex.test", "gina");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 15; round++) {
                assertEquals(200, admins.put("/organizations/globex/members/" + carol + "/roles", roles("owner")).status());
                assertEquals(200, admins.put("/organizations/globex/members/" + gina + "/roles", roles("owner")).status());
                CountDownLatch start = new CountDownLatch(1);
                Future<Result> carolDemotesGina = pool.submit(() -> {
                    start.await();
                    return carolApi.put("/organizations/globex/members/" + gina + "/roles", roles("member"));
                });
                Future<Result> ginaDemotesCarol = pool.submit(() -> {
                    start.await();
                    return ginaApi.put("/organizations/globex/members/" + carol + "/roles", roles("member"));
                });
                start.countDown();
                List<Integer> statuses = new ArrayList<>(List.of(carolDemotesGina.get().status(), ginaDemotesCarol.get().status()));
                statuses.sort(Integer::compare);
                int owners = 0;
                for (JsonNode member : admins.get("/organizations/globex/members?max=100").json()) {
                    owners += texts(member.get("roles")).contains("owner") ? 1 : 0;
                }
                assertEquals(1, owners, "round " + round + ": statuses " + statuses);
                assertTrue(statuses.equals(List.of(200, 403)) || statuses.equals(List.of(200, 409)),
                        "round " + round + ": one demotion wins, the other is refused: " + statuses);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A resend whose email cannot go out is refused, and the invitation it would have replaced is still there. */
    @Test
    void aRefusedResendChangesNothing() {
        ApiClient owner = selfService("saas-b2b", "carol@globex.test", "carol");
        Result sent = owner.post("/organizations/globex/invitations",
                ApiClient.json(Map.of("email", "newhire@example.test", "roles", List.of("admin"))));
        assertEquals(201, sent.status(), sent::toString);
        RealmRepresentation realm = saas().toRepresentation();
        realm.setSmtpServer(Map.of("host", "localhost", "port", "1", "from", "noreply@saas-b2b.test"));
        saas().update(realm);

        assertError(503, owner.post("/organizations/globex/invitations/" + sent.json().get("id").asText() + "/resend", ""));
        JsonNode invitations = owner.get("/organizations/globex/invitations").json();
        assertEquals(1, invitations.size(), invitations::toString);
        assertEquals(sent.json().get("id").asText(), invitations.get(0).get("id").asText(), "the same invitation");
        assertEquals(List.of("admin"), texts(invitations.get(0).get("roles")));
        assertEquals(1, adminApi("saas-b2b").get("/diagnostics").json().get("invitationRoles").asLong());
    }

    @Test
    void brandingRefusesBidiControlsAndLineSeparators() {
        ApiClient owner = selfService("saas-b2b", "carol@globex.test", "carol");
        for (String name : List.of("Globex\u202E", "\u2066Globex\u2069", "Glo\u2028bex", "Glo\u2029bex", "\u200FGlobex", "\u061CGlobex")) {
            assertError(400, owner.patch("/organizations/globex", ApiClient.json(Map.of("branding", Map.of("displayName", name)))),
                    "display name " + name.codePoints().mapToObj(Integer::toHexString).toList());
            assertError(400, owner.patch("/organizations/globex", ApiClient.json(Map.of("name", name))),
                    "name " + name.codePoints().mapToObj(Integer::toHexString).toList());
        }
    }

    /**
     * Another organization's name, or the realm's, in any case, with invisible characters, full-width or Cyrillic
     * look-alike letters, or as a display name, is not globex's to wear.
     */
    @Test
    void anOrganizationCannotDisplayAnotherOrganizationsName() {
        ApiClient owner = selfService("saas-b2b", "carol@globex.test", "carol");
        for (String impersonation : List.of("Acme Corp", "ACME CORP", "acme  corp", "Ac\u200Bme Corp", "\u0410\u0441\u043c\u0435 Corp",
                "Ａｃｍｅ Corp", "saas-b2b", "SaaS B2B (shared pool)")) {
            assertError(409, owner.patch("/organizations/globex", ApiClient.json(Map.of("branding", Map.of("displayName", impersonation)))),
                    impersonation);
        }
        assertError(409, owner.patch("/organizations/globex", ApiClient.json(Map.of("name", "ACME corp"))));
        assertEquals(200, owner.patch("/organizations/globex", ApiClient.json(Map.of("branding", Map.of("displayName", "Globex Corporation")))).status());
    }

    private static String roles(String... names) {
        return ApiClient.json(Map.of("roles", List.of(names)));
    }
}
