package dev.keycloaktenancy.theme;

import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.email.freemarker.FreeMarkerEmailTemplateProviderFactory;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.forms.login.freemarker.FreeMarkerLoginFormsProviderFactory;
import org.keycloak.models.KeycloakSession;

/**
 * Factories of the branded renderers; wiring only. Their order above Keycloak's own (0) makes them the default
 * renderers without configuration; they render exactly as Keycloak's do, plus the branding variable.
 */
public final class TenancyRendererFactories {

    public static final String ID = "tenancy";
    private static final int ORDER = 10;

    private TenancyRendererFactories() {
    }

    public static final class LoginForms extends FreeMarkerLoginFormsProviderFactory {
        @Override
        public LoginFormsProvider create(KeycloakSession session) {
            return new TenancyLoginFormsProvider(session);
        }

        @Override
        public String getId() {
            return ID;
        }

        @Override
        public int order() {
            return ORDER;
        }
    }

    public static final class EmailTemplates extends FreeMarkerEmailTemplateProviderFactory {
        @Override
        public EmailTemplateProvider create(KeycloakSession session) {
            return new TenancyEmailTemplateProvider(session);
        }

        @Override
        public String getId() {
            return ID;
        }

        @Override
        public int order() {
            return ORDER;
        }
    }
}
