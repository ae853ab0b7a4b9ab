package dev.keycloaktenancy.platform;

import dev.keycloaktenancy.TenancyException;
import org.jboss.logging.Logger;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.util.JsonSerialization;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Realm JSON templates for new tenants: those shipped in the JAR (listed in {@code tenancy-templates/index.txt},
 * built from {@code realm-exports/templates/}) and those an operator puts in the configured folder, which win on a
 * name clash. Read fresh on every use, so an operator can change a template without a restart.
 */
public final class TenantTemplates {

    private static final Logger LOG = Logger.getLogger(TenantTemplates.class);
    private static final String SHIPPED = "tenancy-templates/";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private final Path operatorFolder;

    public TenantTemplates(Path operatorFolder) {
        this.operatorFolder = operatorFolder;
    }

    public TreeSet<String> names() {
        TreeSet<String> names = new TreeSet<>(shippedNames());
        if (operatorFolder != null && Files.isDirectory(operatorFolder)) {
            try (Stream<Path> files = Files.list(operatorFolder)) {
                files.map(file -> file.getFileName().toString())
                        .filter(file -> file.endsWith(".json"))
                        .map(file -> file.substring(0, file.length() - ".json".length()))
                        .filter(name -> NAME.matcher(name).matches())
                        .forEach(names::add);
            } catch (IOException e) {
                LOG.warnf(e, "Cannot list tenant templates in %s", operatorFolder);
            }
        }
        return names;
    }

    /** A fresh copy of the template; 400 naming the available ones if there is no such template. */
    public RealmRepresentation read(String name) {
        if (name == null || !NAME.matcher(name).matches() || !names().contains(name)) {
            throw TenancyException.badRequest("Unknown template '" + name + "'. Available: "
                    + String.join(", ", names()) + ".");
        }
        try (InputStream in = open(name)) {
            return JsonSerialization.readValue(in, RealmRepresentation.class);
        } catch (IOException e) {
            LOG.errorf(e, "Tenant template %s cannot be read", name);
            throw TenancyException.badRequest("Template '" + name + "' is not valid realm JSON: " + e.getMessage());
        }
    }

    private InputStream open(String name) throws IOException {
        Optional<Path> operatorFile = operatorFolder == null ? Optional.empty()
                : Optional.of(operatorFolder.resolve(name + ".json")).filter(Files::isRegularFile);
        if (operatorFile.isPresent()) {
            return Files.newInputStream(operatorFile.get());
        }
        InputStream shipped = TenantTemplates.class.getClassLoader().getResourceAsStream(SHIPPED + name + ".json");
        if (shipped == null) {
            throw new IOException("template file missing");
        }
        return shipped;
    }

    private static TreeSet<String> shippedNames() {
        try (InputStream index = TenantTemplates.class.getClassLoader().getResourceAsStream(SHIPPED + "index.txt")) {
            if (index == null) {
                return new TreeSet<>();
            }
            return Arrays.stream(new String(index.readAllBytes(), StandardCharsets.UTF_8).split("\\R"))
                    .map(String::trim)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .collect(TreeSet::new, TreeSet::add, TreeSet::addAll);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
