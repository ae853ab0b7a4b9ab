package dev.keycloaktenancy.routing;

import dev.keycloaktenancy.TenancyMetrics;
import dev.keycloaktenancy.ThisLogin;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.Constants;
import org.keycloak.models.FederatedIdentityModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The last word on SSO enforcement, whatever flow signed the user in. Keycloak evaluates required actions at the end
 * of every login: any browser flow (including one a client overrides), a login through an identity provider, an
 * SSO-cookie login and the password grant. A user under SSO enforcement passes only when this login (or the login
 * that created their session) came through an identity provider linked to their organization; otherwise the login
 * stops on a page that says why (the password grant answers "Account is not fully set up"), and a link to another
 * identity provider that this login used is removed. Setting up a password or a passkey from the account console is
 * refused the same way: those credentials are the organization's identity provider's business.
 */
final class SsoLoginGate implements RequiredActionProvider {

    static final String ID = "tenancy-sso-enforcement";
    private static final Set<String> CREDENTIAL_SET_UP = Set.of(UserModel.RequiredAction.UPDATE_PASSWORD.name(),
            "webauthn-register-passwordless");

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
        if (refusal(context).isPresent()) {
            context.getAuthenticationSession().addRequiredAction(ID);
        }
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        refuse(context);
    }

    @Override
    public void processAction(RequiredActionContext context) {
        refuse(context);
    }

    @Override
    public void close() {
    }

    private void refuse(RequiredActionContext context) {
        String message = refusal(context).orElse(null);
        if (message == null) {
            context.success();
            return;
        }
        TenancyMetrics.ssoRefused(context.getRealm(), "login-gate");
        context.getEvent().detail("reason", "sso_required").error("sso_required");
        context.challenge(context.form().setError(message).createErrorPage(Response.Status.FORBIDDEN));
    }

    /** Why this login may not go on, or empty; drops a link to another identity provider that this login used. */
    private static Optional<String> refusal(RequiredActionContext context) {
        UserModel user = context.getUser();
        Optional<SsoRequirement.Route> route = user == null ? Optional.empty()
                : SsoRequirement.forEmail(context.getSession(), user.getEmail());
        if (route.isEmpty()) {
            return Optional.empty();
        }
        Set<String> linked = route.get().organization().getIdentityProviders().map(IdentityProviderModel::getAlias)
                .collect(Collectors.toSet());
        String identityProvider = ThisLogin.identityProvider(context);
        if (identityProvider != null && !linked.contains(identityProvider)) {
            forgetLink(context, user, identityProvider);
        }
        if (identityProvider == null || !linked.contains(identityProvider)) {
            return Optional.of(SsoRequirement.message(route.get()));
        }
        String action = context.getAuthenticationSession().getClientNote(Constants.KC_ACTION);
        if (action != null && CREDENTIAL_SET_UP.contains(action)) {
            String name = route.get().organization().getName();
            return Optional.of(name + " requires single sign-on: your password and passkeys are managed by " + name
                    + "'s identity provider, not here.");
        }
        return Optional.empty();
    }

    private static void forgetLink(RequiredActionContext context, UserModel user, String identityProvider) {
        KeycloakSession session = context.getSession();
        FederatedIdentityModel link = session.users().getFederatedIdentity(context.getRealm(), user, identityProvider);
        if (link != null) {
            session.users().removeFederatedIdentity(context.getRealm(), user, identityProvider);
        }
    }
}
