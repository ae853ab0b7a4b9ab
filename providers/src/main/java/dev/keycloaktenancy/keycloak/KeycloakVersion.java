package dev.keycloaktenancy.keycloak;

import dev.keycloaktenancy.TenancyException;
import org.jboss.logging.Logger;
import org.keycloak.common.Version;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Keycloak version the pack runs on, and what this release of the pack knows of it. Tested: the 26.7 patch
 * releases CI runs. Untested: any other 26.7 patch release, expected to work. Known broken: 26.8 and later, which
 * move the organization identity-provider settings the pack reads ({@code kc.org.*} keys,
 * {@code IdentityProviderModel.getOrganizationId()}), and 27, which also removes the {@code keycloak.v2} login theme
 * the pack's theme extends. Unsupported: anything older than 26.7. docs/keycloak-compatibility.md has the table.
 */
public record KeycloakVersion(String text, int major, int minor, int patch) {

    /** What this release of the pack knows of a Keycloak version. */
    public enum Support {
        TESTED, UNTESTED, KNOWN_BROKEN, UNSUPPORTED, UNKNOWN
    }

    /** The patch releases this release was tested on, by CI (.ci/run). */
    public static final List<String> TESTED = List.of("26.7.3", "26.7.5");

    private static final Logger LOG = Logger.getLogger(KeycloakVersion.class);
    private static final Pattern NUMBERS = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?(?:[.-][A-Za-z].*)?");
    private static final String PACK = "keycloak-tenancy " + packVersion();

    /** The version of the server this code runs in. */
    public static KeycloakVersion running() {
        return parse(Version.VERSION);
    }

    /** Reads a version such as {@code 26.7.3} (a suffix such as {@code -SNAPSHOT} is ignored). */
    public static KeycloakVersion parse(String text) {
        Matcher numbers = text == null ? null : NUMBERS.matcher(text.trim());
        if (numbers == null || !numbers.matches()) {
            return new KeycloakVersion(String.valueOf(text), -1, -1, -1);
        }
        return new KeycloakVersion(text.trim(), Integer.parseInt(numbers.group(1)), Integer.parseInt(numbers.group(2)),
                numbers.group(3) == null ? 0 : Integer.parseInt(numbers.group(3)));
    }

    public Support support() {
        if (major < 0) {
            return Support.UNKNOWN;
        }
        if (major > 26 || (major == 26 && minor >= 8)) {
            return Support.KNOWN_BROKEN;
        }
        if (major < 26 || minor < 7) {
            return Support.UNSUPPORTED;
        }
        return TESTED.contains(major + "." + minor + "." + patch) ? Support.TESTED : Support.UNTESTED;
    }

    /** Whether tenancy may be enabled on this version: not where the pack is known to break or was never built for. */
    public boolean canEnableTenancy() {
        return support() != Support.KNOWN_BROKEN && support() != Support.UNSUPPORTED;
    }

    /** Refuses, with a sentence for the operator, to enable tenancy on a version where the pack does not work. */
    public void requireTenancySupport() {
        if (!canEnableTenancy()) {
            throw TenancyException.conflict("unsupported_keycloak_version", "Tenancy was not enabled: " + PACK
                    + " works on Keycloak 26.7 only, and this server runs Keycloak " + text + " (" + reason() + ").");
        }
    }

    /** The start-up line: the version, and what this release knows of it. */
    public String describe() {
        return switch (support()) {
            case TESTED -> PACK + " runs on Keycloak " + text + ", a version it was tested on.";
            case UNTESTED -> PACK + " runs on Keycloak " + text + ", a 26.7 patch release it was not tested on (tested: "
                    + String.join(", ", TESTED) + "); it is expected to work.";
            case KNOWN_BROKEN, UNSUPPORTED -> PACK + " does not work on Keycloak " + text + " (" + reason()
                    + "): enabling tenancy is refused; run it on Keycloak 26.7.";
            case UNKNOWN -> PACK + " cannot tell which Keycloak it runs on (version '" + text + "'); it was tested on "
                    + String.join(", ", TESTED) + ".";
        };
    }

    /** Logs one line at start-up: INFO on a tested version, WARN otherwise. */
    public static void logAtStartup() {
        KeycloakVersion running = running();
        if (running.support() == Support.TESTED) {
            LOG.info(running.describe());
        } else {
            LOG.warn(running.describe());
        }
    }

    private String reason() {
        if (major > 26) {
            return "Keycloak 26.8 moved the organization identity-provider settings the pack reads, and 27 removed the"
                    + " keycloak.v2 login theme its theme extends";
        }
        if (support() == Support.KNOWN_BROKEN) {
            return "Keycloak 26.8 moved the organization identity-provider settings the pack reads";
        }
        return "an older release, which this pack was never built or tested for";
    }

    private static String packVersion() {
        try (InputStream in = KeycloakVersion.class.getResourceAsStream("release.properties")) {
            Properties release = new Properties();
            if (in != null) {
                release.load(in);
            }
            return release.getProperty("version", "(version unknown)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
