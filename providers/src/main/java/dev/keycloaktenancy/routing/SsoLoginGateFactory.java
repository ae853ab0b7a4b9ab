package dev.keycloaktenancy.routing;

import org.keycloak.Config;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Registers {@link SsoLoginGate} as a required action; enabling tenancy turns it on. Wiring only. */
public final class SsoLoginGateFactory implements RequiredActionFactory {

    public static final String ID = SsoLoginGate.ID;
    private static final SsoLoginGate INSTANCE = new SsoLoginGate();

    @Override
    public String getDisplayText() {
        return "Organization SSO enforcement (keycloak-tenancy)";
    }

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return INSTANCE;
    }

    @Override
    public void init(Config.Scope config) {
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
}
