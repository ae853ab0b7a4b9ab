package dev.keycloaktenancy;

import dev.keycloaktenancy.testing.TenancyServerConfig;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;
import org.keycloak.representations.info.ServerInfoRepresentation;
import org.keycloak.representations.info.ThemeInfoRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The deployed JAR is really loaded: every provider factory it registers and its theme show up in the server info. */
@KeycloakIntegrationTest(config = TenancyServerConfig.class)
class ServerProvidersIT {

    @InjectAdminClient
    Keycloak admin;

    @Test
    void everyRegisteredProviderFactoryIsLoadedByTheServer() throws Exception {
        Map<String, String> declared = declaredFactoryIds();
        assertTrue(declared.size() >= 3, "the JAR registers its factories: " + declared);
        ServerInfoRepresentation info = admin.serverInfo().getInfo();
        Set<String> loaded = info.getProviders().values().stream()
                .flatMap(spi -> spi.getProviders().keySet().stream())
                .collect(Collectors.toSet());
        for (String spi : declaredSpis()) {
            assertTrue(info.getProviders().containsKey(spi), "SPI " + spi + " is known to the server");
        }

        Map<String, String> missing = new TreeMap<>(declared);
        missing.keySet().removeAll(loaded);
        assertEquals(Map.of(), missing, "Factories registered in META-INF/services but not loaded by the server");
    }

    @Test
    void tenancyLoginThemeIsInstalled() {
        ServerInfoRepresentation info = admin.serverInfo().getInfo();
        List<ThemeInfoRepresentation> loginThemes = info.getThemes().get("login");
        assertTrue(loginThemes.stream().anyMatch(t -> t.getName().equals("tenancy")),
                "login themes: " + loginThemes.stream().map(ThemeInfoRepresentation::getName).toList());
    }

    /** Names of the SPIs the JAR defines itself. */
    private static List<String> declaredSpis() throws IOException, ReflectiveOperationException {
        Path file = Path.of("target", "classes", "META-INF", "services", Spi.class.getName());
        if (!Files.exists(file)) {
            return List.of();
        }
        List<String> names = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(((Spi) Class.forName(line.strip()).getDeclaredConstructor().newInstance()).getName());
            }
        }
        return names;
    }

    /** factory id -> factory class, for every factory listed in the module's META-INF/services files. */
    private static Map<String, String> declaredFactoryIds() throws IOException, ReflectiveOperationException {
        Path services = Path.of("target", "classes", "META-INF", "services");
        Map<String, String> ids = new TreeMap<>();
        if (!Files.isDirectory(services)) {
            return ids;
        }
        try (Stream<Path> files = Files.list(services)) {
            for (Path file : files.filter(f -> !f.getFileName().toString().equals(Spi.class.getName())).toList()) {
                for (String line : Files.readAllLines(file)) {
                    String className = line.strip();
                    if (className.isEmpty() || className.startsWith("#")) {
                        continue;
                    }
                    ProviderFactory<?> factory = (ProviderFactory<?>) Class.forName(className)
                            .getDeclaredConstructor().newInstance();
                    ids.put(factory.getId(), className);
                }
            }
        }
        return ids;
    }
}
