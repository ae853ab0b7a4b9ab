package dev.keycloaktenancy.keycloak;

import jakarta.ws.rs.core.Response;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.forms.login.freemarker.FreeMarkerLoginFormsProvider;
import org.keycloak.forms.login.freemarker.FreeMarkerLoginFormsProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.theme.Theme;

import java.util.Locale;
import java.util.Map;

/**
 * Keycloak's own login page renderer (FreeMarker), rendering exactly as Keycloak's does plus what {@link Additions}
 * add. A subclass names the provider ({@code getId}) and ranks it above Keycloak's ({@code order}).
 */
public abstract class LoginPageRendererFactory extends FreeMarkerLoginFormsProviderFactory {

    /** What the pack adds to the login pages of one request. */
    public interface Additions {

        /** The sentence an error page shows instead of Keycloak's generic one, or null to leave Keycloak's. */
        String errorSentence();

        /** Variables added to the template of a page of the realm. */
        Map<String, Object> templateVariables(RealmModel realm);
    }

    /** The additions for one request. */
    protected abstract Additions additions(KeycloakSession session);

    @Override
    public final LoginFormsProvider create(KeycloakSession session) {
        return new AddingLoginForms(session, additions(session));
    }

    private static final class AddingLoginForms extends FreeMarkerLoginFormsProvider {

        private final Additions additions;

        AddingLoginForms(KeycloakSession session, Additions additions) {
            super(session);
            this.additions = additions;
        }

        @Override
        public Response createErrorPage(Response.Status status) {
            String sentence = additions.errorSentence();
            if (sentence != null) {
                setError(sentence);
            }
            return super.createErrorPage(status);
        }

        @Override
        protected Response processTemplate(Theme theme, String templateName, Locale locale) {
            if (realm != null) {
                attributes.putAll(additions.templateVariables(realm));
            }
            return super.processTemplate(theme, templateName, locale);
        }
    }
}
