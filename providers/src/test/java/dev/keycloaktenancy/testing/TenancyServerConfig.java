package dev.keycloaktenancy.testing;

import org.keycloak.common.Profile;
import org.keycloak.testframework.server.KeycloakServerConfig;
import org.keycloak.testframework.server.KeycloakServerConfigBuilder;

import java.nio.file.Path;

/**
 * The one server configuration shared by all integration tests, so that the framework starts Keycloak once per run:
 * the real distribution with this module's classes (the provider JAR's content) deployed, the platform's hostname
 * options, feature declarative-ui (the admin console's Tenancy tab), the pack's DNS look-ups pointed at the tests' DNS server, a folder of test tenant templates, and a low SCIM scan limit.
 */
public class TenancyServerConfig implements KeycloakServerConfig {

    /** Tenant templates only the tests use (a template that fails part-way, one with a mail server). */
    public static final Path TEMPLATES_DIR = Path.of("src/test/resources/tenant-templates").toAbsolutePath();
    /**
     * The most members an unindexed SCIM filter may read (10 000 by default), low so that a test reaches it with a few
     * users; the SCIM tests' other unindexed filters run in organizations of fewer members.
     */
    public static final int SCIM_MAX_SCANNED_MEMBERS = 8;

    @Override
    public KeycloakServerConfigBuilder configure(KeycloakServerConfigBuilder config) {
        return config.dependencyCurrentProject()
                // the admin console's extension SPIs (experimental in 26.7): the Tenancy tab of Realm settings
                .features(Profile.Feature.DECLARATIVE_UI)
                // the metrics endpoint, which tests read (database connections in use)
                .option("metrics-enabled", "true")
                // as docs/vanity-domains.md configures a platform: the admin console stays on the platform's hostname
                // when a tenant realm has its own (frontend URL)
                .option("hostname", "http://localhost:8080")
                .option("hostname-admin", "http://localhost:8080")
                // domain verification asks the tests' own DNS server on loopback (testing.TestDnsServer)
                .spiOption("tenancy-dns", "jndi", "resolver", "127.0.0.1:" + TestDnsServer.PORT)
                .spiOption("tenancy-dns", "jndi", "timeout-ms", "500")
                // the operator's own tenant templates, next to the shipped ones
                .spiOption("admin-realm-restapi-extension", "tenancy", "templates-dir", TEMPLATES_DIR.toString())
                // SCIM's limit on filters that read every member (docs/scim.md), reached by ScimIT with a few users
                .spiOption("realm-restapi-extension", "tenancy", "scim-max-scanned-members",
                        String.valueOf(SCIM_MAX_SCANNED_MEMBERS));
    }
}
