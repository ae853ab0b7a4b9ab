package dev.keycloaktenancy.domains;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * SPI {@code tenancy-dns}: how domain verification queries DNS. Configured with
 * {@code --spi-tenancy-dns--jndi--resolver=host:port} (default: the system's resolvers).
 */
public final class DnsTxtLookupSpi implements Spi {

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return "tenancy-dns";
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return DnsTxtLookup.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return DnsTxtLookupFactory.class;
    }
}
