package dev.keycloaktenancy.theme;

import dev.keycloaktenancy.keycloak.EmailRendererFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.Map;

/**
 * What the pack adds to Keycloak's emails: telling the theme selector whom and what an email is about, and the
 * email's branding.
 */
final class EmailBranding implements EmailRendererFactory.Additions {

    private final KeycloakSession session;

    EmailBranding(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void addressing(UserModel user, OrganizationModel about) {
        ThemeOrganization.rememberEmail(session, user, about);
    }

    @Override
    public Map<String, Object> templateVariables(RealmModel realm) {
        return Map.of(PageBranding.TEMPLATE_VARIABLE,
                PageBranding.of(session, realm, ThemeOrganization.forEmail(session)));
    }
}
