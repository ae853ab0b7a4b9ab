package dev.keycloaktenancy.routing;

import dev.keycloaktenancy.keycloak.IdentityFirstLogin;
import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

import java.util.List;
import java.util.Set;

/**
 * Keycloak's "Organization Identity-First Login" step, with the pack's additions; takes its place in the browser flow
 * when the pack is enabled on a realm, and keeps its configuration (the same settings as Keycloak's step). Wiring only.
 */
public final class OrganizationRoutingAuthenticatorFactory implements AuthenticatorFactory {

    public static final String ID = "tenancy-organization-routing";

    private final AuthenticatorFactory keycloakStep = IdentityFirstLogin.stepFactory();

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getDisplayType() {
        return "Organization identity-first login with provider choice (keycloak-tenancy)";
    }

    @Override
    public String getHelpText() {
        return "Keycloak's organization identity-first login step; unverified domains route nobody, when several"
                + " identity providers serve an email domain the user picks one, and an application's login_hint with"
                + " prompt=login shows the username page first.";
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return new OrganizationRoutingAuthenticator(session);
    }

    @Override
    public String getReferenceCategory() {
        return keycloakStep.getReferenceCategory();
    }

    @Override
    public Set<String> getOptionalReferenceCategories(KeycloakSession session) {
        return keycloakStep.getOptionalReferenceCategories(session);
    }

    @Override
    public boolean isConfigurable() {
        return keycloakStep.isConfigurable();
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return keycloakStep.getRequirementChoices();
    }

    @Override
    public boolean isUserSetupAllowed() {
        return keycloakStep.isUserSetupAllowed();
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return keycloakStep.getConfigProperties();
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
}
