package dev.keycloaktenancy.api.selfservice;

import dev.keycloaktenancy.keycloak.RealmEndpointFactory;
import org.keycloak.models.KeycloakSession;

/** Mounts the self-service API at {@code /realms/{realm}/tenancy}. */
public final class SelfServiceResourceProviderFactory extends RealmEndpointFactory {

    public static final String ID = "tenancy";

    @Override
    protected Object resource(KeycloakSession session) {
        return new SelfServiceResource(session);
    }

    @Override
    public String getId() {
        return ID;
    }
}
