package dev.keycloaktenancy.testing;

import org.keycloak.testframework.server.KeycloakServerConfig;
import org.keycloak.testframework.server.KeycloakServerConfigBuilder;

/**
 * The one server configuration shared by all integration tests, so that the framework starts Keycloak once per run:
 * the real distribution with this module's classes (the provider JAR's content) deployed, and the pack's DNS
 * look-ups pointed at the tests' DNS server.
 */
public class TenancyServerConfig implements KeycloakServerConfig {

    @Override
    public KeycloakServerConfigBuilder configure(KeycloakServerConfigBuilder config) {
        return config.dependencyCurrentProject()
                // domain verification asks the tests' own DNS server on loopback (testing.TestDnsServer)
                .spiOption("tenancy-dns", "jndi", "resolver", "127.0.0.1:" + TestDnsServer.PORT)
                .spiOption("tenancy-dns", "jndi", "timeout-ms", "500");
    }
}
