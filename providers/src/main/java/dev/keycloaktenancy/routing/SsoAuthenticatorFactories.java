package dev.keycloaktenancy.routing;

import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;

import java.util.List;

/** Factories of the sign-in steps that SSO enforcement and organizations' identity providers add; wiring only. */
public final class SsoAuthenticatorFactories {

    private SsoAuthenticatorFactories() {
    }

    private abstract static class Base implements AuthenticatorFactory {

        private static final AuthenticationExecutionModel.Requirement[] CHOICES = {
                AuthenticationExecutionModel.Requirement.REQUIRED, AuthenticationExecutionModel.Requirement.DISABLED};

        @Override
        public String getReferenceCategory() {
            return "tenancy-sso";
        }

        @Override
        public boolean isConfigurable() {
            return false;
        }

        @Override
        public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
            return CHOICES;
        }

        @Override
        public boolean isUserSetupAllowed() {
            return false;
        }

        @Override
        public List<ProviderConfigProperty> getConfigProperties() {
            return List.of();
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

    /** Before the password form of the browser flow: send SSO-enforced users to their organization's IdP. */
    public static final class Redirect extends Base {
        public static final String ID = "tenancy-sso-redirect";

        @Override
        public Authenticator create(KeycloakSession session) {
            return new SsoRedirectAuthenticator();
        }

        @Override
        public String getId() {
            return ID;
        }

        @Override
        public String getDisplayType() {
            return "Organization SSO enforcement: redirect (keycloak-tenancy)";
        }

        @Override
        public String getHelpText() {
            return "Sends users whose email is at a verified domain of an organization with tenancy.sso.required=true"
                    + " to that organization's identity provider, even if they have a password.";
        }
    }

    /** After a local identification step: refuse SSO-enforced users with an error page. */
    public static final class Refuse extends Base {
        public static final String ID = "tenancy-sso-required";

        @Override
        public Authenticator create(KeycloakSession session) {
            return new SsoRequiredAuthenticator(false);
        }

        @Override
        public String getId() {
            return ID;
        }

        @Override
        public String getDisplayType() {
            return "Organization SSO enforcement: refuse local sign-in (keycloak-tenancy)";
        }

        @Override
        public String getHelpText() {
            return "Refuses password sign-in and password reset for users under their organization's SSO enforcement.";
        }
    }

    /** In the direct grant flow, after the password check: refuse SSO-enforced users with an OAuth error. */
    public static final class RefuseDirectGrant extends Base {
        public static final String ID = "tenancy-sso-required-direct-grant";

        @Override
        public Authenticator create(KeycloakSession session) {
            return new SsoRequiredAuthenticator(true);
        }

        @Override
        public String getId() {
            return ID;
        }

        @Override
        public String getDisplayType() {
            return "Organization SSO enforcement: refuse password grant (keycloak-tenancy)";
        }

        @Override
        public String getHelpText() {
            return "Refuses the resource owner password grant for users under their organization's SSO enforcement."
                    + " Place it after the password check, so that only the account's holder learns of the enforcement.";
        }
    }

    /** In the first-broker-login flow: an organization's provider gives emails at its verified domains only. */
    public static final class ProviderEmailDomain extends Base {
        public static final String ID = "tenancy-idp-email-domain";

        @Override
        public Authenticator create(KeycloakSession session) {
            return new ProviderEmailDomainCheck();
        }

        @Override
        public String getId() {
            return ID;
        }

        @Override
        public String getDisplayType() {
            return "Organization identity provider: email at a verified domain (keycloak-tenancy)";
        }

        @Override
        public String getHelpText() {
            return "Refuses the first login through an organization's identity provider when the email it gives is not"
                    + " at one of the organization's verified domains (the pinned one, if the provider is pinned).";
        }
    }
}
