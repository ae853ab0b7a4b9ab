package dev.keycloaktenancy.routing;

import jakarta.ws.rs.core.MultivaluedHashMap;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.forms.login.freemarker.model.AuthenticationContextBean;
import org.keycloak.forms.login.freemarker.model.IdentityProviderBean;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationDomainModel;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.organization.authentication.authenticators.browser.OrganizationAuthenticator;
import org.keycloak.organization.authentication.authenticators.browser.OrganizationAuthenticatorFactory;
import org.keycloak.organization.forms.login.freemarker.model.OrganizationAwareAuthenticationContextBean;
import org.keycloak.organization.forms.login.freemarker.model.OrganizationAwareIdentityProviderBean;
import org.keycloak.organization.utils.Organizations;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.util.TokenUtil;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keycloak's identity-first organization step with three corrections. When several identity providers serve the
 * email's domain, the user chooses one (Keycloak silently takes the first). A disabled provider is skipped (Keycloak
 * may pick it and then fall back to the password form). When the application sends a login_hint with prompt=login,
 * the username page is shown pre-filled instead of routing at once, so the user can switch accounts. Everything else
 * is Keycloak's own behaviour.
 */
final class OrganizationRoutingAuthenticator extends OrganizationAuthenticator {

    private static final String EMAIL_NOTE = "tenancy.routing.email";

    private final KeycloakSession session;

    OrganizationRoutingAuthenticator(KeycloakSession session) {
        super(session);
        this.session = session;
    }

    /** The organization of an email's domain and the identity providers that serve it. */
    private record Choices(OrganizationModel organization, List<IdentityProviderModel> identityProviders) {
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String loginHint = authSession.getClientNote(OIDCLoginProtocol.LOGIN_HINT_PARAM);
        if (loginHint != null && context.getUser() == null && organizationsEnabled()) {
            if (TokenUtil.hasPrompt(authSession.getClientNote(OIDCLoginProtocol.PROMPT_PARAM),
                    OIDCLoginProtocol.PROMPT_VALUE_LOGIN)) {
                showUsernamePage(context, loginHint);
                return;
            }
            if (routeByDomain(context, loginHint)) {
                return;
            }
        }
        super.authenticate(context);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        if (IdentityProviderChoice.submitted(context)) {
            redirectToChosen(context);
            return;
        }
        String username = context.getHttpRequest().getDecodedFormParameters().getFirst(UserModel.USERNAME);
        if (context.getUser() == null && username != null && !username.isBlank() && organizationsEnabled()
                && routeByDomain(context, username.trim())) {
            return;
        }
        super.action(context);
    }

    /** Sends the user to the domain's one provider, or lets them choose among several; false if none applies. */
    private boolean routeByDomain(AuthenticationFlowContext context, String email) {
        Optional<Choices> choices = choicesFor(context, email);
        if (choices.isEmpty()) {
            return false;
        }
        OrganizationModel organization = choices.get().organization();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        authSession.setAuthNote(EMAIL_NOTE, email);
        authSession.setAuthNote(OrganizationModel.ORGANIZATION_ATTRIBUTE, organization.getId());
        session.getContext().setOrganization(organization);
        List<IdentityProviderModel> identityProviders = choices.get().identityProviders();
        if (identityProviders.size() == 1) {
            redirect(context, identityProviders.get(0).getAlias(), email);
        } else {
            IdentityProviderChoice.show(context, organization, identityProviders);
        }
        return true;
    }

    private void redirectToChosen(AuthenticationFlowContext context) {
        String email = context.getAuthenticationSession().getAuthNote(EMAIL_NOTE);
        Optional<Choices> choices = email == null ? Optional.empty() : choicesFor(context, email);
        if (choices.isEmpty()) {
            // The choice no longer applies (providers changed meanwhile, or a stale page): start over.
            super.authenticate(context);
            return;
        }
        session.getContext().setOrganization(choices.get().organization());
        IdentityProviderChoice.picked(context, choices.get().organization(), choices.get().identityProviders())
                .ifPresent(idp -> redirect(context, idp.getAlias(), email));
    }

    /**
     * Present only where Keycloak itself would send the user to a provider of the domain: the user is new, or has no
     * password and is not already linked to exactly one of the organization's providers (then Keycloak sends them
     * there), and passes the step's membership requirement.
     */
    private Optional<Choices> choicesFor(AuthenticationFlowContext context, String email) {
        String domain = Organizations.getEmailDomain(email);
        OrganizationModel organization = domain == null ? null
                : session.getProvider(OrganizationProvider.class).getByDomainName(domain);
        if (organization == null || !organization.isEnabled()) {
            return Optional.empty();
        }
        OrganizationDomainModel matching = Organizations.getMatchingDomain(domain, organization);
        UserModel user = KeycloakModelUtils.findUserByNameOrEmail(session, context.getRealm(), email);
        if (matching == null || user != null && !choosesAtTheDomain(context, organization, user)) {
            return Optional.empty();
        }
        List<IdentityProviderModel> identityProviders = DomainIdentityProviders.forRouting(organization, matching);
        return identityProviders.isEmpty() ? Optional.empty() : Optional.of(new Choices(organization, identityProviders));
    }

    private boolean choosesAtTheDomain(AuthenticationFlowContext context, OrganizationModel organization, UserModel user) {
        if (user.credentialManager().getFirstFactorCredentialsStream().findAny().isPresent()
                || Organizations.resolveHomeBroker(session, user).size() == 1) {
            return false;
        }
        return !membershipRequired(context) || organization.isMember(user);
    }

    private static boolean membershipRequired(AuthenticationFlowContext context) {
        AuthenticatorConfigModel config = context.getAuthenticatorConfig();
        return config != null && config.getConfig() != null && Boolean.parseBoolean(
                config.getConfig().get(OrganizationAuthenticatorFactory.REQUIRES_USER_MEMBERSHIP));
    }

    /** The identity-first page as Keycloak shows it (no organization brokers listed), pre-filled with the hint. */
    private static void showUsernamePage(AuthenticationFlowContext context, String loginHint) {
        context.challenge(context.form()
                .setFormData(new MultivaluedHashMap<>(Map.of(UserModel.USERNAME, loginHint)))
                .setAttributeMapper(attributes -> {
                    attributes.computeIfPresent("social", (key, bean) ->
                            new OrganizationAwareIdentityProviderBean((IdentityProviderBean) bean, false, true));
                    attributes.computeIfPresent("auth", (key, bean) ->
                            new OrganizationAwareAuthenticationContextBean((AuthenticationContextBean) bean, false));
                    return attributes;
                })
                .createLoginUsername());
    }

    private boolean organizationsEnabled() {
        OrganizationProvider organizations = session.getProvider(OrganizationProvider.class);
        return organizations != null && organizations.isEnabled();
    }
}
