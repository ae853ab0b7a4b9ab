package dev.keycloaktenancy.routing;

import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.organization.authentication.authenticators.browser.OrganizationAuthenticatorFactory;

/**
 * Keycloak's "Organization Identity-First Login" step, with the pack's additions; takes its place in the browser flow
 * when the pack is enabled on a realm, and keeps its configuration. Wiring only.
 */
public final class OrganizationRoutingAuthenticatorFactory extends OrganizationAuthenticatorFactory {

    public static final String ID = "tenancy-organization-routing";

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
        return "Keycloak's organization identity-first login step; when several identity providers serve an email"
                + " domain the user picks one, and an application's login_hint with prompt=login shows the username"
                + " page first.";
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return new OrganizationRoutingAuthenticator(session);
    }
}
