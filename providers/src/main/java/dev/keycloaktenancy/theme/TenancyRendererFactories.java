package dev.keycloaktenancy.theme;

import dev.keycloaktenancy.keycloak.EmailRendererFactory;
import dev.keycloaktenancy.keycloak.LoginPageRendererFactory;
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

    public static final class LoginForms extends LoginPageRendererFactory {
        @Override
        protected Additions additions(KeycloakSession session) {
            return new LoginPageBranding(session);
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

    public static final class EmailTemplates extends EmailRendererFactory {
        @Override
        protected Additions additions(KeycloakSession session) {
            return new EmailBranding(session);
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
