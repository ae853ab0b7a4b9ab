package dev.keycloaktenancy;

import dev.keycloaktenancy.testing.TenancyServerConfig;
import dev.keycloaktenancy.testing.TenancyServerTest;
import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;
import org.keycloak.representations.info.ServerInfoRepresentation;
import org.keycloak.representations.info.SpiInfoRepresentation;
import org.keycloak.representations.info.ThemeInfoRepresentation;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deployed JAR is really loaded: every provider factory it registers shows up in the server info under its own
 * SPI and id (several factories share the id "tenancy" in different SPIs, so the id alone proves nothing), and its
 * theme is installed.
 */
@KeycloakIntegrationTest(config = TenancyServerConfig.class)
class ServerProvidersIT extends TenancyServerTest {

    private static final Path SERVICES = Path.of("target", "classes", "META-INF", "services");

    @Test
    void everyRegisteredProviderFactoryIsLoadedUnderItsSpi() throws Exception {
        List<String> declared = declaredFactories();
        assertTrue(declared.size() >= 15, "the JAR registers its factories: " + declared);
        ServerInfoRepresentation info = admin.serverInfo().getInfo();
        TreeSet<String> missing = new TreeSet<>();
        for (String spiAndId : declared) {
            String[] parts = spiAndId.split(" / ", 2);
            SpiInfoRepresentation spi = info.getProviders().get(parts[0]);
            if (spi == null || !spi.getProviders().containsKey(parts[1])) {
                missing.add(spiAndId);
            }
        }
        assertEquals(new TreeSet<>(), missing, "factories registered in META-INF/services but not loaded by the server");
    }

    @Test
    void tenancyLoginThemeIsInstalled() {
        ServerInfoRepresentation info = admin.serverInfo().getInfo();
        List<ThemeInfoRepresentation> loginThemes = info.getThemes().get("login");
        assertTrue(loginThemes.stream().anyMatch(t -> t.getName().equals("tenancy")),
                "login themes: " + loginThemes.stream().map(ThemeInfoRepresentation::getName).toList());
    }

    /** "spi / id" of every factory in the module's META-INF/services files. */
    private static List<String> declaredFactories() throws IOException, ReflectiveOperationException {
        Map<String, String> spiOfFactoryType = spiNamesByFactoryType();
        List<String> declared = new ArrayList<>();
        try (Stream<Path> files = Files.list(SERVICES)) {
            for (Path file : files.filter(f -> !f.getFileName().toString().equals(Spi.class.getName())).toList()) {
                String factoryType = file.getFileName().toString();
                String spi = spiOfFactoryType.get(factoryType);
                assertTrue(spi != null, "no SPI has the factory type " + factoryType);
                for (String line : Files.readAllLines(file)) {
                    String className = line.strip();
                    if (!className.isEmpty() && !className.startsWith("#")) {
                        ProviderFactory<?> factory = (ProviderFactory<?>) Class.forName(className)
                                .getDeclaredConstructor().newInstance();
                        declared.add(spi + " / " + factory.getId());
                    }
                }
            }
        }
        return declared;
    }

    /** factory interface name -> SPI name, for Keycloak's SPIs and the pack's own. */
    private static Map<String, String> spiNamesByFactoryType() {
        Map<String, String> names = new HashMap<>();
        ServiceLoader.load(Spi.class).stream().forEach(provider -> {
            try {
                Spi spi = provider.get();
                names.put(spi.getProviderFactoryClass().getName(), spi.getName());
            } catch (ServiceConfigurationError | LinkageError e) {
                // an SPI whose classes are not on the tests' class path: none of ours
            }
        });
        return names;
    }
}
