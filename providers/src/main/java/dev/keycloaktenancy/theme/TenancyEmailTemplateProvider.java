package dev.keycloaktenancy.theme;

import org.keycloak.email.EmailException;
import org.keycloak.email.freemarker.FreeMarkerEmailTemplateProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.theme.Theme;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Keycloak's email renderer, telling the theme selector whom and what an email is about, and handing the email's
 * branding to the template.
 */
final class TenancyEmailTemplateProvider extends FreeMarkerEmailTemplateProvider {

    private OrganizationModel about;

    TenancyEmailTemplateProvider(KeycloakSession session) {
        super(session);
    }

    @Override
    public void sendOrgInviteEmail(OrganizationModel organization, String link, long expirationInMinutes)
            throws EmailException {
        about = organization;
        try {
            super.sendOrgInviteEmail(organization, link, expirationInMinutes);
        } finally {
            about = null;
        }
    }

    @Override
    protected Theme getTheme() throws IOException {
        ThemeOrganization.rememberEmail(session, user, about);
        return super.getTheme();
    }

    @Override
    protected EmailTemplate processTemplate(String subjectKey, List<Object> subjectAttributes, String template,
                                            Map<String, Object> attributes) throws EmailException {
        if (realm != null) {
            ThemeOrganization.rememberEmail(session, user, about);
            attributes.put(PageBranding.TEMPLATE_VARIABLE, PageBranding.of(session, realm, ThemeOrganization.forEmail(session)));
        }
        return super.processTemplate(subjectKey, subjectAttributes, template, attributes);
    }
}
