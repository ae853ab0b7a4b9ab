package dev.keycloaktenancy.operations;

import dev.keycloaktenancy.testing.ApiClient.Result;
import dev.keycloaktenancy.testing.RealmExports;
import dev.keycloaktenancy.testing.SampleUsers;
import dev.keycloaktenancy.testing.TenancyServerConfig;
import dev.keycloaktenancy.testing.TenancyServerTest;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.keycloaktenancy.testing.ApiAssertions.names;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A realm restored from Keycloak's own export, which does not carry the pack's tables: its members are left without
 * organization roles (the pack's export brings them back), instead of every owner and admin becoming a plain member
 * through the default roles. A realm enabled for the first time on import still gives its members the default roles.
 * (.ci/backup-check runs the same with kc.sh export and kc.sh import.)
 */
@KeycloakIntegrationTest(config = TenancyServerConfig.class)
class RestoreWithoutTenancyDataIT extends TenancyServerTest {

    @Test
    void keycloaksExportAloneLeavesRolesToThePacksExport() {
        importRealms("saas-b2b");
        String packExport = adminApi("saas-b2b").get("/export").body();
        RealmRepresentation keycloaksExport = saas().partialExport(true, true);
        RealmRepresentation sample = RealmExports.read("saas-b2b");
        keycloaksExport.setUsers(sample.getUsers());
        keycloaksExport.setOrganizations(sample.getOrganizations());
        RealmExports.removeIfPresent(admin, "saas-b2b");
        admin.realms().create(keycloaksExport);

        assertEquals(List.of(), rolesOf("acme", "carol@globex.test"), "no default roles handed to an owner");
        assertEquals(List.of(), rolesOf("globex", "carol@globex.test"));
        assertEquals(List.of(), rolesOf("globex", "dave@globex.test"));

        Result restored = adminApi("saas-b2b").post("/import", packExport);
        assertEquals(200, restored.status(), restored::toString);
        assertEquals(List.of("admin", "billing"), rolesOf("acme", "carol@globex.test"));
        assertEquals(List.of("owner"), rolesOf("globex", "carol@globex.test"));
        assertEquals(List.of("member"), rolesOf("globex", "dave@globex.test"));
    }

    @Test
    void aRealmEnabledForTheFirstTimeGivesItsMembersTheDefaultRoles() {
        RealmRepresentation firstTime = RealmExports.read("saas-b2b");
        Map<String, String> attributes = new HashMap<>(firstTime.getAttributes());
        attributes.remove("tenancy.import");
        firstTime.setAttributes(attributes);
        RealmExports.removeIfPresent(admin, "saas-b2b");
        admin.realms().create(firstTime);
        try {
            assertEquals(List.of("member"), rolesOf("globex", "carol@globex.test"));
            assertEquals(List.of("member"), rolesOf("globex", "dave@globex.test"));
        } finally {
            RealmExports.removeIfPresent(admin, "saas-b2b");
        }
    }

    private List<String> rolesOf(String organization, String username) {
        Result roles = adminApi("saas-b2b").get("/organizations/" + organization + "/members/"
                + SampleUsers.id(saas(), username) + "/roles");
        assertEquals(200, roles.status(), roles::toString);
        return names(roles.json().get("roles"));
    }
}
