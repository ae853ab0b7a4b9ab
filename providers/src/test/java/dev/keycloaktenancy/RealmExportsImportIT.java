package dev.keycloaktenancy;

import dev.keycloaktenancy.testing.AdminLookups;
import dev.keycloaktenancy.testing.RealmExports;
import dev.keycloaktenancy.testing.TenancyServerConfig;
import dev.keycloaktenancy.testing.TenancyServerTest;
import jakarta.ws.rs.BadRequestException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every sample realm in realm-exports/ imports into a fresh server, with its users and organizations intact. */
@KeycloakIntegrationTest(config = TenancyServerConfig.class)
class RealmExportsImportIT extends TenancyServerTest {

    @TestFactory
    Stream<DynamicTest> everyRealmExportImports() {
        List<Path> files = RealmExports.all();
        assertFalse(files.isEmpty(), "realm-exports/ holds no realm");
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            RealmRepresentation expected = RealmExports.read(file);
            try (var imported = RealmExports.importRealms(admin, expected.getRealm())) {
                RealmResource realm = admin.realm(expected.getRealm());
                assertEquals(expected.getRealm(), realm.toRepresentation().getRealm());
                assertEquals(size(expected.getUsers()), realm.users().count().longValue());
                assertEquals(size(expected.getClients()),
                        expected.getClients() == null ? 0 : expected.getClients().stream()
                                .filter(c -> !realm.clients().findByClientId(c.getClientId()).isEmpty()).count());
                if (Boolean.TRUE.equals(expected.isOrganizationsEnabled())) {
                    for (OrganizationRepresentation org : expected.getOrganizations()) {
                        OrganizationRepresentation found = AdminLookups.organization(realm, org.getAlias());
                        assertEquals(size(org.getMembers()), realm.organizations().get(found.getId()).members().count().longValue());
                        assertEquals(size(org.getIdentityProviders()),
                                realm.organizations().get(found.getId()).identityProviders().getIdentityProviders().size());
                    }
                }
            }
        }));
    }

    /** A realm JSON asking for tenancy with Organizations off is refused with a sentence, not half-imported. */
    @Test
    void aRealmAskingForTenancyWithoutOrganizationsIsRefused() {
        RealmRepresentation realm = new RealmRepresentation();
        realm.setRealm("no-organizations");
        realm.setEnabled(true);
        realm.setOrganizationsEnabled(false);
        realm.setAttributes(Map.of("tenancy.enabled", "true"));
        removeAfterTest("no-organizations");
        BadRequestException refused = assertThrows(BadRequestException.class, () -> admin.realms().create(realm));
        String body = refused.getResponse().readEntity(String.class);
        assertTrue(body.contains("organizations_disabled") && body.contains("organizationsEnabled"), body);
        assertTrue(admin.realms().findAll().stream().noneMatch(r -> r.getRealm().equals("no-organizations")),
                "nothing was imported");
    }

    private static long size(List<?> list) {
        return Optional.ofNullable(list).map(List::size).orElse(0);
    }
}
