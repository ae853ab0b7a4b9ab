package dev.keycloaktenancy.routing;

import dev.keycloaktenancy.TenancyMetrics;
import org.keycloak.authentication.FormAction;
import org.keycloak.authentication.FormContext;
import org.keycloak.authentication.ValidationContext;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;

import java.util.List;

/** In the registration form: an email under SSO enforcement cannot register a local account. */
final class SsoRegistrationCheck implements FormAction {

    @Override
    public void validate(ValidationContext context) {
        String email = context.getHttpRequest().getDecodedFormParameters().getFirst("email");
        SsoRequirement.forEmail(context.getSession(), email).ifPresentOrElse(route -> {
            TenancyMetrics.ssoRefused(context.getRealm(), "registration");
            context.getEvent().detail("reason", "sso_required").error("sso_required");
            context.validationError(context.getHttpRequest().getDecodedFormParameters(),
                    List.of(new FormMessage("email", SsoRequirement.message(route))));
        }, context::success);
    }

    @Override
    public void buildPage(FormContext context, LoginFormsProvider form) {
    }

    @Override
    public void success(FormContext context) {
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
