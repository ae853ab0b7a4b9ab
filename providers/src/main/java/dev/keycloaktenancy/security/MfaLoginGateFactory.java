package dev.keycloaktenancy.security;

import org.keycloak.Config;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Registers {@link MfaLoginGate} as a required action; enabling tenancy turns it on. Wiring only. */
public final class MfaLoginGateFactory implements RequiredActionFactory {

    public static final String ID = MfaLoginGate.ID;
    private static final MfaLoginGate INSTANCE = new MfaLoginGate();

    @Override
    public String getDisplayText() {
        return "Organization MFA policy (keycloak-tenancy)";
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
