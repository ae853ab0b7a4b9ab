package dev.keycloaktenancy.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.RealmRepresentation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The sample realms of the repository's {@code realm-exports/} folder, read from disk so that tests exercise exactly
 * the files that the run command imports.
 */
public final class RealmExports {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RealmExports() {
    }

    /** The folder, found from the module directory that Maven runs tests in. */
    public static Path folder() {
        Path fromModule = Path.of("..", "realm-exports");
        if (Files.isDirectory(fromModule)) {
            return fromModule.toAbsolutePath().normalize();
        }
        Path fromRoot = Path.of("realm-exports");
        if (Files.isDirectory(fromRoot)) {
            return fromRoot.toAbsolutePath();
        }
        throw new IllegalStateException("realm-exports/ not found from " + Path.of("").toAbsolutePath());
    }

    /** Every realm JSON at the top level of the folder (templates in sub-folders are not realms to import). */
    public static List<Path> all() {
        try (Stream<Path> files = Files.list(folder())) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static RealmRepresentation read(Path file) {
        try {
            return JSON.readValue(file.toFile(), RealmRepresentation.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    public static RealmRepresentation read(String realmName) {
        return read(folder().resolve(realmName + ".json"));
    }

    /**
     * Imports the named sample realms (replacing leftovers of an earlier test) and returns a handle that removes
     * them again.
     */
    public static Imported importRealms(Keycloak admin, String... realmNames) {
        List<String> created = new ArrayList<>();
        for (String name : realmNames) {
            removeIfPresent(admin, name);
            admin.realms().create(read(name));
            created.add(name);
        }
        return new Imported(admin, created);
    }

    public static void removeIfPresent(Keycloak admin, String realmName) {
        boolean present = admin.realms().findAll().stream().anyMatch(r -> r.getRealm().equals(realmName));
        if (present) {
            admin.realm(realmName).remove();
        }
    }

    /** Realms imported by a test; closing removes them. */
    public record Imported(Keycloak admin, List<String> realmNames) implements AutoCloseable {
        @Override
        public void close() {
            realmNames.forEach(name -> removeIfPresent(admin, name));
        }
    }
}
