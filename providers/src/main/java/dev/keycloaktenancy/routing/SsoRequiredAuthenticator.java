package dev.keycloaktenancy.routing;

import dev.keycloaktenancy.TenancyMetrics;
import dev.keycloaktenancy.keycloak.IdentityFirstLogin;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.models.UserModel;

import java.util.Map;
import java.util.Optional;

/**
 * The refusal behind SSO enforcement, placed after a step that identified the user by a local means: the password
 * form, the direct grant's password check, reset-credentials' user choice. Users under SSO enforcement stop here with
 * a clear message. Browser flows get an error page, the direct grant a JSON OAuth error.
 *
 * <p>An anonymous caller must not learn from the answer which accounts exist under enforcement. After a password
 * check only the account's holder reaches this step (a wrong password, like an unknown user, got Keycloak's generic
 * answer before). Reset-credentials has no password: there the typed value alone decides, an email at an enforced
 * domain being refused whether or not an account holds it, and an account under enforcement reached by another
 * typed value (a username) continues as an unknown user would: "email sent", and no email is sent.
 */
final class SsoRequiredAuthenticator extends UserlessStep {

    private static final String RESET_CREDENTIALS = "reset-credentials";

    private final boolean directGrant;

    SsoRequiredAuthenticator(boolean directGrant) {
        this.directGrant = directGrant;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        if (RESET_CREDENTIALS.equals(context.getFlowPath())) {
            resetCredentials(context);
            return;
        }
        Optional<SsoRequirement.Route> route = SsoRequirement.forEmail(context.getSession(),
                SsoRedirectAuthenticator.knownEmail(context));
        if (RoutingDecision.afterLocalSignIn(route.map(RoutingDecision.Enforcement::of).orElse(null)).outcome()
                != RoutingDecision.Outcome.REFUSE) {
            context.success();
            return;
        }
        refuse(context, route.get(), directGrant ? "password-grant" : "password");
    }

    private void resetCredentials(AuthenticationFlowContext context) {
        String typed = context.getAuthenticationSession().getAuthNote(IdentityFirstLogin.ATTEMPTED_USERNAME);
        Optional<SsoRequirement.Route> route = SsoRequirement.forEmail(context.getSession(), typed);
        if (RoutingDecision.afterLocalSignIn(route.map(RoutingDecision.Enforcement::of).orElse(null)).outcome()
                == RoutingDecision.Outcome.REFUSE) {
            refuse(context, route.get(), RESET_CREDENTIALS);
            return;
        }
        UserModel user = context.getUser();
        if (user != null && SsoRequirement.forEmail(context.getSession(), user.getEmail()).isPresent()) {
            TenancyMetrics.ssoRefused(context.getRealm(), RESET_CREDENTIALS);
            context.clearUser();
        }
        context.success();
    }

    private void refuse(AuthenticationFlowContext context, SsoRequirement.Route route, String path) {
        String message = SsoRequirement.message(route);
        TenancyMetrics.ssoRefused(context.getRealm(), path);
        context.getEvent().detail("reason", "sso_required").error("sso_required");
        Response response = directGrant
                ? Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("error", "invalid_grant", "error_description", message)).build()
                : context.form().setError(message).createErrorPage(Response.Status.FORBIDDEN);
        context.failure(AuthenticationFlowError.ACCESS_DENIED, response);
    }
}
