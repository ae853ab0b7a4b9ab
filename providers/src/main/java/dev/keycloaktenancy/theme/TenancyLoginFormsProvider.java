package dev.keycloaktenancy.theme;

import dev.keycloaktenancy.LoginRefusal;
import jakarta.ws.rs.core.Response;
import org.keycloak.forms.login.freemarker.FreeMarkerLoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.theme.Theme;

import java.util.Locale;

/** Keycloak's login page renderer, handing the page's branding to the template. */
final class TenancyLoginFormsProvider extends FreeMarkerLoginFormsProvider {

    TenancyLoginFormsProvider(KeycloakSession session) {
        super(session);
    }

    /**
     * When the pack refused this request below the flow (a user limit reached at a directory user's first sign-in),
     * the error page says why instead of Keycloak's "unexpected error".
     */
    @Override
    public Response createErrorPage(Response.Status status) {
        String refusal = LoginRefusal.of(session);
        if (refusal != null) {
            setError(refusal);
        }
        return super.createErrorPage(status);
    }

    @Override
    protected Response processTemplate(Theme theme, String templateName, Locale locale) {
        if (realm != null) {
            attributes.put(PageBranding.TEMPLATE_VARIABLE,
                    PageBranding.of(session, realm, ThemeOrganization.forLoginPage(session)));
        }
        return super.processTemplate(theme, templateName, locale);
    }
}
