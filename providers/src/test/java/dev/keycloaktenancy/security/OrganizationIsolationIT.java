package dev.keycloaktenancy.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keycloaktenancy.testing.AdminLookups;
import dev.keycloaktenancy.testing.ApiClient;
import dev.keycloaktenancy.testing.ApiClient.Result;
import dev.keycloaktenancy.testing.DemoLogins;
import dev.keycloaktenancy.testing.Mails;
import dev.keycloaktenancy.testing.SampleUsers;
import dev.keycloaktenancy.testing.TenancyServerConfig;
import dev.keycloaktenancy.testing.TenancyServerTest;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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

        assertError(502, owner.post("/organizations/globex/invitations/" + sent.json().get("id").asText() + "/resend", ""));
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
            assertError(400, owner.put("/organizations/globex", ApiClient.json(Map.of("branding", Map.of("displayName", name)))),
                    "display name " + name.codePoints().mapToObj(Integer::toHexString).toList());
            assertError(400, owner.put("/organizations/globex", ApiClient.json(Map.of("name", name))),
                    "name " + name.codePoints().mapToObj(Integer::toHexString).toList());
        }
    }

    /** Another organization's name, in any case or as a display name, is not globex's to wear. */
    @Test
    void anOrganizationCannotDisplayAnotherOrganizationsName() {
        ApiClient owner = selfService("saas-b2b", "carol@globex.test", "carol");
        for (String impersonation : List.of("Acme Corp", "ACME CORP", "acme  corp")) {
            assertError(409, owner.put("/organizations/globex", ApiClient.json(Map.of("branding", Map.of("displayName", impersonation)))),
                    impersonation);
        }
        assertError(409, owner.put("/organizations/globex", ApiClient.json(Map.of("name", "ACME corp"))));
        assertEquals(200, owner.put("/organizations/globex", ApiClient.json(Map.of("branding", Map.of("displayName", "Globex Corporation")))).status());
    }

    private static String roles(String... names) {
        return ApiClient.json(Map.of("roles", List.of(names)));
    }
}
