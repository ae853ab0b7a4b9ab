package dev.keycloaktenancy.platform;

import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.RealmRepresentation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped templates: listed in the index, readable, and free of users (a template is structure only). */
class TenantTemplatesTest {

    private static final Path SHIPPED = Path.of("../realm-exports/templates");

    @Test
    void theIndexListsEveryShippedTemplate() throws IOException {
        TreeSet<String> files = new TreeSet<>();
        try (Stream<Path> listing = Files.list(SHIPPED)) {
            listing.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".json"))
                    .map(name -> name.substring(0, name.length() - 5)).forEach(files::add);
        }
        assertEquals(files, new TenantTemplates(null).names());
    }

    @Test
    void eachShippedTemplateIsARealmWithoutUsers() {
        TenantTemplates templates = new TenantTemplates(null);
        for (String name : templates.names()) {
            RealmRepresentation realm = templates.read(name);
            assertTrue(realm.getRealm().startsWith("template-"), name);
            assertNull(realm.getUsers(), name + " must not ship users");
            assertEquals("true", realm.getAttributes().get("tenancy.enabled"), name);
        }
    }

    @Test
    void operatorTemplatesJoinTheShippedOnesAndUnknownNamesAreRefused() {
        TenantTemplates templates = new TenantTemplates(Path.of("src/test/resources/tenant-templates"));
        assertTrue(templates.names().containsAll(List.of("university", "merchant", "broken-part-way", "with-mail")));
        assertThrows(dev.keycloaktenancy.TenancyException.class, () -> templates.read("../university"));
        assertThrows(dev.keycloaktenancy.TenancyException.class, () -> templates.read("no-such-template"));
    }

    @Test
    void temporaryPasswordsMixEveryCharacterClass() {
        String password = TenantProvisioner.generatePassword();
        assertEquals(24, password.length());
        assertTrue(password.chars().anyMatch(Character::isUpperCase) && password.chars().anyMatch(Character::isLowerCase)
                && password.chars().anyMatch(Character::isDigit) && password.chars().anyMatch(c -> "!#%+-=?@_".indexOf(c) >= 0));
    }
}
