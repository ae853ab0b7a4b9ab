package dev.keycloaktenancy.theme;

import dev.keycloaktenancy.LoginRefusal;
import dev.keycloaktenancy.keycloak.LoginPageRendererFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.util.Map;

/** What the pack adds to Keycloak's login pages: the page's branding, and why the pack refused a request. */
final class LoginPageBranding implements LoginPageRendererFactory.Additions {

    private final KeycloakSession session;

    LoginPageBranding(KeycloakSession session) {
        this.session = session;
    }

    /**
     * When the pack refused this request below the flow (a user limit reached at a directory user's first sign-in),
     * the error page says why instead of Keycloak's "unexpected error".
     */
    @Override
    public String errorSentence() {
        return LoginRefusal.of(session);
    }

    @Override
    public Map<String, Object> templateVariables(RealmModel realm) {
        return Map.of(PageBranding.TEMPLATE_VARIABLE,
                PageBranding.of(session, realm, ThemeOrganization.forLoginPage(session)));
    }
}
