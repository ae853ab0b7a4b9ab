package dev.keycloaktenancy.jit;

import org.keycloak.Config;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Registers the join-by-email-domain check as a (silent) required action; enabling tenancy turns it on. */
public final class EmailDomainJoinActionFactory implements RequiredActionFactory {

    public static final String ID = "tenancy-email-domain-join";
    private static final EmailDomainJoinAction INSTANCE = new EmailDomainJoinAction();

    @Override
    public String getDisplayText() {
        return "Join organization by verified email domain (keycloak-tenancy)";
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
