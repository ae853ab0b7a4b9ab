package dev.keycloaktenancy.testing;

import org.keycloak.testframework.server.KeycloakServerConfig;
import org.keycloak.testframework.server.KeycloakServerConfigBuilder;

/**
 * The one server configuration shared by all integration tests, so that the framework starts Keycloak once per run:
 * the real distribution with this module's classes (the provider JAR's content) deployed.
 */
public class TenancyServerConfig implements KeycloakServerConfig {

    @Override
    public KeycloakServerConfigBuilder configure(KeycloakServerConfigBuilder config) {
        return config.dependencyCurrentProject();
    }
}
