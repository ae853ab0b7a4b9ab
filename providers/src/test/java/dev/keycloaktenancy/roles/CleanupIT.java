package dev.keycloaktenancy.roles;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keycloaktenancy.testing.AdminLookups;
import dev.keycloaktenancy.testing.ApiClient;
import dev.keycloaktenancy.testing.DemoLogins;
import dev.keycloaktenancy.testing.RealmExports;
import dev.keycloaktenancy.testing.TenancyServerConfig;
import dev.keycloaktenancy.testing.TenancyServerTest;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Removing users, members, organizations and realms leaves no rows of the pack behind and is never blocked by
 * them. Row counts come from the database through the diagnostics endpoint.
 */
@KeycloakIntegrationTest(config = TenancyServerConfig.class)
class CleanupIT extends TenancyServerTest {

    @Test
    void removalsLeaveNoRowsBehind() {
        importRealms("acme-idp", "saas-b2b");
        RealmResource saas = admin.realm("saas-b2b");
        ApiClient api = new ApiClient(urls.getBase() + "/admin/realms/saas-b2b/tenancy",
                () -> admin.tokenManager().getAccessTokenString());
        // seed: template 3 + acme billing; carol admin+billing in acme, owner in globex; dave member in globex
        assertCounts(api, 4, 4);

        // a managed member (JIT through Acme's IdP) removed by the organization: Keycloak deletes the user
        DemoLogins.aliceThroughAcmeIdp(urls.getBase(), "openid");
        assertCounts(api, 4, 5);
        String alice = saas.users().search("alice@acme.test", true).get(0).getId();
        try (Response removed = AdminLookups.organizationResource(saas, "acme").members().member(alice).delete()) {
            assertEquals(204, removed.getStatus());
        }
        assertTrue(saas.users().search("alice@acme.test", true).isEmpty(), "a removed managed member is deleted");
        assertCounts(api, 4, 4);

        // an unmanaged member leaves: the user stays, the roles in that organization go
        String carol = saas.users().search("carol@globex.test", true).get(0).getId();
        try (Response removed = AdminLookups.organizationResource(saas, "acme").members().member(carol).delete()) {
            assertEquals(204, removed.getStatus());
        }
        assertCounts(api, 4, 2);

        // a user is deleted
        String dave = saas.users().search("dave@globex.test", true).get(0).getId();
        try (Response removed = saas.users().delete(dave)) {
            assertEquals(204, removed.getStatus());
        }
        assertCounts(api, 4, 1);

        // an organization with its own role is deleted
        try (Response removed = AdminLookups.organizationResource(saas, "acme").delete()) {
            assertEquals(204, removed.getStatus());
        }
        assertCounts(api, 3, 1);
        try (Response removed = AdminLookups.organizationResource(saas, "globex").delete()) {
            assertEquals(204, removed.getStatus());
        }
        assertCounts(api, 3, 0);

        // the realm is deleted (Keycloak bulk-deletes its users and organizations: no per-row events)
        RealmExports.importRealms(admin, "saas-b2b");
        assertCounts(api, 4, 4);
        saas.remove();
        JsonNode server = new ApiClient(urls.getBase() + "/admin/realms/master/tenancy",
                () -> admin.tokenManager().getAccessTokenString()).get("/diagnostics").json();
        assertEquals(0, server.get("rowsOfRemovedRealms").asLong(), server::toString);
    }

    private static void assertCounts(ApiClient api, long roles, long assignments) {
        ApiClient.Result result = api.get("/diagnostics");
        assertEquals(200, result.status(), result::toString);
        JsonNode counts = result.json();
        assertEquals(List.of(roles, assignments, 0L, 0L, 0L), List.of(counts.get("roles").asLong(),
                counts.get("assignments").asLong(), counts.get("orphanAssignments").asLong(),
                counts.get("orphanRoles").asLong(), counts.get("orphanNameKeys").asLong()), counts::toString);
    }
}
