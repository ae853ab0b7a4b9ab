package dev.keycloaktenancy.keycloak;

import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.email.freemarker.FreeMarkerEmailTemplateProvider;
import org.keycloak.email.freemarker.FreeMarkerEmailTemplateProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.theme.Theme;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Keycloak's own email renderer (FreeMarker), rendering and sending exactly as Keycloak's does plus what
 * {@link Additions} add. A subclass names the provider ({@code getId}) and ranks it above Keycloak's ({@code order}).
 */
public abstract class EmailRendererFactory extends FreeMarkerEmailTemplateProviderFactory {

    /** What the pack adds to the emails of one session. */
    public interface Additions {

        /**
         * Whom the email being made goes to (null when unknown) and which organization it is about (an invitation's,
         * else null); told before the theme is chosen and again before the template renders.
         */
        void addressing(UserModel user, OrganizationModel about);

        /** Variables added to the template of an email of the realm. */
        Map<String, Object> templateVariables(RealmModel realm);
    }

    /** The additions for one session. */
    protected abstract Additions additions(KeycloakSession session);

    @Override
    public final EmailTemplateProvider create(KeycloakSession session) {
        return new AddingEmailTemplates(session, additions(session));
    }

    private static final class AddingEmailTemplates extends FreeMarkerEmailTemplateProvider {

        private final Additions additions;
        private OrganizationModel about;

        AddingEmailTemplates(KeycloakSession session, Additions additions) {
            super(session);
            this.additions = additions;
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
            additions.addressing(user, about);
            return super.getTheme();
        }

        @Override
        protected EmailTemplate processTemplate(String subjectKey, List<Object> subjectAttributes, String template,
                                                Map<String, Object> attributes) throws EmailException {
            if (realm != null) {
                additions.addressing(user, about);
                attributes.putAll(additions.templateVariables(realm));
            }
            return super.processTemplate(subjectKey, subjectAttributes, template, attributes);
        }
    }
}
