package dev.keycloaktenancy.domains;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import java.util.List;

/**
 * The default DNS look-up. Options: {@code resolver} (host:port of the DNS server to ask, e.g. for split-horizon
 * DNS; default: the system's resolvers) and {@code timeout-ms} (per attempt, default 2000).
 */
public final class JndiDnsTxtLookupFactory implements DnsTxtLookupFactory {

    public static final String ID = "jndi";

    private String resolver;
    private int timeoutMillis;

    @Override
    public DnsTxtLookup create(KeycloakSession session) {
        return new JndiDnsTxtLookup(resolver, timeoutMillis);
    }

    @Override
    public void init(Config.Scope config) {
        resolver = config.get("resolver");
        timeoutMillis = config.getInt("timeout-ms", 2000);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name("resolver").type("string")
                .helpText("host:port of the DNS server that domain verification asks; default: the system's resolvers").add()
                .property().name("timeout-ms").type("int").defaultValue(2000)
                .helpText("How long one DNS attempt may take, in milliseconds").add()
                .build();
    }
}
