package dev.keycloaktenancy.domains;

import org.keycloak.provider.ProviderFactory;

public interface DnsTxtLookupFactory extends ProviderFactory<DnsTxtLookup> {
}
