package dev.keycloaktenancy.routing;

import dev.keycloaktenancy.TenancyMetrics;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.Map;
import java.util.Optional;

/**
 * The refusal behind SSO enforcement, placed after a step that identified the user by a local means (the password
 * form, the direct grant's username, reset-credentials' user choice): users under SSO enforcement stop here with a
 * clear message. Browser flows get an error page, the direct grant a JSON OAuth error.
 */
final class SsoRequiredAuthenticator implements Authenticator {

    private final boolean directGrant;

    SsoRequiredAuthenticator(boolean directGrant) {
        this.directGrant = directGrant;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        Optional<SsoRequirement.Route> route = SsoRequirement.forEmail(context.getSession(),
                SsoRedirectAuthenticator.knownEmail(context));
        if (route.isEmpty()) {
            context.success();
            return;
        }
        String message = SsoRequirement.message(route.get());
        TenancyMetrics.ssoRefused(context.getRealm(), directGrant ? "password-grant"
                : "reset-credentials".equals(context.getFlowPath()) ? "reset-credentials" : "password");
        context.getEvent().detail("reason", "sso_required").error("sso_required");
        Response response = directGrant
                ? Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("error", "invalid_grant", "error_description", message)).build()
                : context.form().setError(message).createErrorPage(Response.Status.FORBIDDEN);
        context.failure(AuthenticationFlowError.ACCESS_DENIED, response);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        authenticate(context);
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
