package dev.keycloaktenancy;

import dev.keycloaktenancy.keycloak.KeycloakVersion;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The release's files name the versions of pom.xml: the Containerfile's Keycloak image and JAR, docker-compose.yml,
 * the API descriptions, and the Keycloak versions KeycloakVersion calls tested (those CI runs). A version bump that
 * forgets one fails here.
 */
class ReleaseFilesTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theContainerfileBuildsThisVersionOnTheKeycloakItIsBuiltAgainst() {
        String containerfile = read("Containerfile");
        assertEquals(List.of("quay.io/keycloak/keycloak:" + pomProperty("keycloak.version")),
                matches(containerfile, "(?m)^FROM (\\S+)").stream().distinct().toList(), "both stages' image");
        assertEquals(List.of(pomVersion()), matches(containerfile, "(?m)^ARG TENANCY_VERSION=(\\S+)$"));
        assertTrue(containerfile.contains("COPY --chown=keycloak:keycloak container/keycloak.conf /opt/keycloak/conf/keycloak.conf"),
                "the image is built with the options file CI's production checks use");
    }

    @Test
    void dockerComposeRunsThisJarOnTheSameKeycloak() {
        String compose = read("docker-compose.yml");
        assertEquals(List.of("quay.io/keycloak/keycloak:" + pomProperty("keycloak.version")),
                matches(compose, "image: (quay\\.io/keycloak/keycloak:\\S+)"));
        assertTrue(compose.contains("./providers/target/keycloak-tenancy-" + pomVersion() + ".jar:"), compose);
    }

    @Test
    void theApiDescriptionsCarryThisVersion() {
        for (String description : List.of("docs/admin-api.openapi.json", "docs/self-service-api.openapi.json")) {
            assertEquals(List.of(pomVersion()), matches(read(description), "\"version\": \"([^\"]+)\""), description);
        }
    }

    @Test
    void theTestedKeycloakVersionsAreTheOnesCiRuns() {
        assertEquals(List.of(pomProperty("keycloak.version"), pomProperty("keycloak.newest-patch.version")),
                KeycloakVersion.TESTED);
    }

    private static String pomVersion() {
        return child(pom(), "version");
    }

    private static String pomProperty(String name) {
        Element properties = (Element) pom().getElementsByTagName("properties").item(0);
        return child(properties, name);
    }

    private static Element pom() {
        try {
            return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(ROOT.resolve("pom.xml").toFile())
                    .getDocumentElement();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read pom.xml", e);
        }
    }

    private static String child(Element parent, String name) {
        for (var node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                return element.getTextContent().trim();
            }
        }
        throw new AssertionError("pom.xml has no <" + name + ">");
    }

    private static String read(String file) {
        try {
            return Files.readString(ROOT.resolve(file));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> matches(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        List<String> found = new ArrayList<>();
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }
}
