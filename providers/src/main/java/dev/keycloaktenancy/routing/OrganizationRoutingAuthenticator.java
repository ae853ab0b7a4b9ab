package dev.keycloaktenancy.routing;

import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.TenancyMetrics;
import dev.keycloaktenancy.domains.DomainOwner;
import dev.keycloaktenancy.keycloak.IdentityFirstLogin;
import dev.keycloaktenancy.keycloak.IdentityProviderLinks;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.util.TokenUtil;

import java.util.List;
import java.util.Optional;

/**
 * Keycloak's identity-first organization step, wrapped with four corrections. A domain an organization claimed but
 * did not verify routes nobody: such an email continues to the password step as if no organization matched (Keycloak
 * would send it to the organization's identity provider, or show the organization's providers). When several identity
 * providers serve the email's domain, the user chooses one (Keycloak silently takes the first). A disabled provider
 * is skipped (Keycloak may pick it and then fall back to the password form). When the application sends a login_hint
 * with prompt=login, the username page is shown pre-filled instead of routing at once, so the user can switch
 * accounts. Everything else is Keycloak's own step.
 */
final class OrganizationRoutingAuthenticator implements Authenticator {

    private static final String EMAIL_NOTE = "tenancy.routing.email";

    private final KeycloakSession session;
    private final Authenticator keycloakStep;

    OrganizationRoutingAuthenticator(KeycloakSession session) {
        this.session = session;
        this.keycloakStep = IdentityFirstLogin.step(session);
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
                IdentityFirstLogin.showUsernamePage(context, loginHint);
                return;
            }
            if (routeByDomain(context, loginHint) || continueIfOnlyClaimed(context, loginHint)) {
                return;
            }
        }
        keycloakStep.authenticate(context);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        if (IdentityProviderChoice.submitted(context)) {
            redirectToChosen(context);
            return;
        }
        String username = context.getHttpRequest().getDecodedFormParameters().getFirst(UserModel.USERNAME);
        if (context.getUser() == null && username != null && !username.isBlank() && organizationsEnabled()
                && !IdentityFirstLogin.isPasskeyOrOrganizationChoice(context)
                && (routeByDomain(context, username.trim()) || continueIfOnlyClaimed(context, username.trim()))) {
            return;
        }
        if (context.getUser() == null && username != null && !username.isBlank()) {
            TenancyMetrics.routed(context.getRealm(), "keycloak");
        }
        keycloakStep.action(context);
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
        authSession.setAuthNote(IdentityFirstLogin.FLOW_ORGANIZATION_NOTE, organization.getId());
        session.getContext().setOrganization(organization);
        List<IdentityProviderModel> identityProviders = choices.get().identityProviders();
        if (identityProviders.size() == 1) {
            TenancyMetrics.routed(context.getRealm(), "identity-provider");
            IdentityFirstLogin.redirectToIdentityProvider(context, identityProviders.get(0).getAlias(), email);
        } else {
            TenancyMetrics.routed(context.getRealm(), "provider-choice");
            IdentityProviderChoice.show(context, organization, identityProviders);
        }
        return true;
    }

    /**
     * An email at a domain that an organization claimed without verifying it continues as if no organization matched,
     * unless the user belongs to an organization (then Keycloak's step resolves it by membership, not by domain). When
     * the request already names an organization (its scope, {@code organization:globex}, or an earlier choice),
     * Keycloak's step matches the email against that organization's domains, verified or not: the organization is
     * dropped for an email whose matching domain of it is unverified, unless the user is its member.
     */
    private boolean continueIfOnlyClaimed(AuthenticationFlowContext context, String email) {
        String noted = context.getAuthenticationSession().getAuthNote(IdentityFirstLogin.FLOW_ORGANIZATION_NOTE);
        OrganizationModel named = noted == null ? null : Tenancy.organizations(session).getById(noted);
        Optional<DomainOwner> claimant = noted == null ? DomainOwner.claimOf(session, email) : DomainOwner.claimIn(named, email);
        if (claimant.isEmpty() || claimant.get().domain().isVerified()) {
            return false;
        }
        UserModel user = KeycloakModelUtils.findUserByNameOrEmail(session, context.getRealm(), email);
        if (user != null && (named != null ? named.isMember(user)
                : session.getProvider(OrganizationProvider.class).getByMember(user).anyMatch(OrganizationModel::isEnabled))) {
            return false;
        }
        TenancyMetrics.routed(context.getRealm(), "unverified-domain");
        IdentityFirstLogin.continueWithoutOrganization(context, email);
        return true;
    }

    private void redirectToChosen(AuthenticationFlowContext context) {
        String email = context.getAuthenticationSession().getAuthNote(EMAIL_NOTE);
        Optional<Choices> choices = email == null ? Optional.empty() : choicesFor(context, email);
        if (choices.isEmpty()) {
            // The choice no longer applies (providers changed meanwhile, or a stale page): start over.
            keycloakStep.authenticate(context);
            return;
        }
        session.getContext().setOrganization(choices.get().organization());
        IdentityProviderChoice.picked(context, choices.get().organization(), choices.get().identityProviders())
                .ifPresent(idp -> IdentityFirstLogin.redirectToIdentityProvider(context, idp.getAlias(), email));
    }

    /**
     * Present only where Keycloak itself would send the user to a provider of the domain (and only for a verified
     * domain): the user is new, or has no password and is not already linked to exactly one of the organization's
     * providers (then Keycloak sends them there), and passes the step's membership requirement.
     */
    private Optional<Choices> choicesFor(AuthenticationFlowContext context, String email) {
        Optional<DomainOwner> owner = DomainOwner.of(session, email);
        if (owner.isEmpty()) {
            return Optional.empty();
        }
        OrganizationModel organization = owner.get().organization();
        UserModel user = KeycloakModelUtils.findUserByNameOrEmail(session, context.getRealm(), email);
        if (user != null && !choosesAtTheDomain(context, organization, user)) {
            return Optional.empty();
        }
        List<IdentityProviderModel> identityProviders = DomainIdentityProviders.forRouting(owner.get());
        return identityProviders.isEmpty() ? Optional.empty() : Optional.of(new Choices(organization, identityProviders));
    }

    private boolean choosesAtTheDomain(AuthenticationFlowContext context, OrganizationModel organization, UserModel user) {
        if (user.credentialManager().getFirstFactorCredentialsStream().findAny().isPresent()
                || IdentityProviderLinks.homeBrokers(session, user).size() == 1) {
            return false;
        }
        return !IdentityFirstLogin.requiresMembership(context.getAuthenticatorConfig()) || organization.isMember(user);
    }

    private boolean organizationsEnabled() {
        return Tenancy.organizations(session) != null;
    }

    @Override
    public boolean requiresUser() {
        return keycloakStep.requiresUser();
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return keycloakStep.configuredFor(session, realm, user);
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        keycloakStep.setRequiredActions(session, realm, user);
    }

    @Override
    public void close() {
        keycloakStep.close();
    }
}
