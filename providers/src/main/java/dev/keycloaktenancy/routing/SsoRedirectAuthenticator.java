package dev.keycloaktenancy.routing;

import dev.keycloaktenancy.keycloak.IdentityFirstLogin;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.UserModel;

import java.util.Optional;

/**
 * Placed before the password form: when the email already known in the flow (typed on the identity-first page, or
 * the application's login_hint) falls under SSO enforcement, the user goes to the organization's identity provider
 * instead, whether or not they have a local password; when several providers serve the domain, the user picks one.
 * Otherwise the flow continues unchanged.
 */
final class SsoRedirectAuthenticator extends UserlessStep {

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        String email = knownEmail(context);
        Optional<SsoRequirement.Route> route = SsoRequirement.forEmail(context.getSession(), email);
        RoutingDecision decision = RoutingDecision.beforePassword(route.map(RoutingDecision.Enforcement::of).orElse(null));
        if (decision.outcome() == RoutingDecision.Outcome.CONTINUE) {
            context.success();
            return;
        }
        OrganizationModel organization = route.get().organization();
        context.getAuthenticationSession().setAuthNote(IdentityFirstLogin.FLOW_ORGANIZATION_NOTE, organization.getId());
        context.getSession().getContext().setOrganization(organization);
        if (decision.outcome() == RoutingDecision.Outcome.CHOOSE_PROVIDER) {
            IdentityProviderChoice.show(context, organization, decision.identityProviders());
        } else {
            IdentityFirstLogin.redirectToIdentityProvider(context, decision.identityProviders().get(0).getAlias(), email);
        }
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        String email = knownEmail(context);
        Optional<SsoRequirement.Route> route = SsoRequirement.forEmail(context.getSession(), email);
        if (IdentityProviderChoice.submitted(context) && route.isPresent()) {
            context.getSession().getContext().setOrganization(route.get().organization());
            IdentityProviderChoice.picked(context, route.get().organization(), route.get().identityProviders())
                    .ifPresent(idp -> IdentityFirstLogin.redirectToIdentityProvider(context, idp.getAlias(), email));
            return;
        }
        authenticate(context);
    }

    static String knownEmail(AuthenticationFlowContext context) {
        UserModel user = context.getUser();
        if (user != null && user.getEmail() != null) {
            return user.getEmail();
        }
        String attempted = context.getAuthenticationSession().getAuthNote(IdentityFirstLogin.ATTEMPTED_USERNAME);
        if (attempted != null) {
            return attempted;
        }
        return context.getAuthenticationSession().getClientNote(IdentityFirstLogin.LOGIN_HINT_PARAM);
    }
}
