package dev.keycloaktenancy.routing;

import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.TenancyMetrics;
import dev.keycloaktenancy.domains.DomainOwner;
import dev.keycloaktenancy.keycloak.IdentityFirstLogin;
import dev.keycloaktenancy.keycloak.IdentityProviderLinks;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.util.TokenUtil;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Keycloak's identity-first organization step, wrapped with four corrections. A domain an organization claimed but
 * did not verify routes nobody: such an email continues to the password step as if no organization matched (Keycloak
 * would send it to the organization's identity provider, or show the organization's providers), also when the
 * request names the organization in its scope. When several identity providers serve the email's domain, the user
 * chooses one (Keycloak silently takes the first). A disabled provider is skipped (Keycloak may pick it and then fall
 * back to the password form). When the application sends a login_hint with prompt=login, the username page is shown
 * pre-filled instead of routing at once, so the user can switch accounts. Everything else is Keycloak's own step.
 *
 * <p>Each typed email is decided once by {@link RoutingDecision#decide} from facts looked up once: the organization
 * holding the email's domain, the organization the request names, and the account the email names.
 */
final class OrganizationRoutingAuthenticator implements Authenticator {

    private static final String EMAIL_NOTE = "tenancy.routing.email";

    private final KeycloakSession session;
    private final Authenticator keycloakStep;

    OrganizationRoutingAuthenticator(KeycloakSession session) {
        this.session = session;
        this.keycloakStep = IdentityFirstLogin.step(session);
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String loginHint = authSession.getClientNote(IdentityFirstLogin.LOGIN_HINT_PARAM);
        if (loginHint != null && context.getUser() == null && organizationsEnabled()) {
            if (TokenUtil.hasPrompt(authSession.getClientNote(IdentityFirstLogin.PROMPT_PARAM),
                    IdentityFirstLogin.PROMPT_VALUE_LOGIN)) {
                IdentityFirstLogin.showUsernamePage(context, loginHint);
                return;
            }
            if (route(context, loginHint, false)) {
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
        boolean typed = context.getUser() == null && username != null && !username.isBlank();
        if (typed && organizationsEnabled()
                && route(context, username.trim(), IdentityFirstLogin.isPasskeyOrOrganizationChoice(context))) {
            return;
        }
        if (typed) {
            TenancyMetrics.routed(context.getRealm(), "keycloak");
        }
        keycloakStep.action(context);
    }

    /** Decides where the email goes and acts on it; false when Keycloak's own step takes over. */
    private boolean route(AuthenticationFlowContext context, String email, boolean passkeyOrOrganizationChoice) {
        Lookup lookup = lookUp(context, email, passkeyOrOrganizationChoice);
        RoutingDecision decision = RoutingDecision.decide(lookup.facts());
        switch (decision.outcome()) {
            case IDENTITY_PROVIDER, CHOOSE_PROVIDER -> {
                OrganizationModel organization = lookup.holder().organization();
                AuthenticationSessionModel authSession = context.getAuthenticationSession();
                authSession.setAuthNote(EMAIL_NOTE, email);
                authSession.setAuthNote(IdentityFirstLogin.FLOW_ORGANIZATION_NOTE, organization.getId());
                session.getContext().setOrganization(organization);
                if (decision.outcome() == RoutingDecision.Outcome.IDENTITY_PROVIDER) {
                    TenancyMetrics.routed(context.getRealm(), "identity-provider");
                    IdentityFirstLogin.redirectToIdentityProvider(context, decision.identityProviders().get(0).getAlias(), email);
                } else {
                    TenancyMetrics.routed(context.getRealm(), "provider-choice");
                    IdentityProviderChoice.show(context, organization, decision.identityProviders());
                }
                return true;
            }
            case PASSWORD -> {
                TenancyMetrics.routed(context.getRealm(), "unverified-domain");
                IdentityFirstLogin.continueWithoutOrganization(context, email, lookup.user());
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private void redirectToChosen(AuthenticationFlowContext context) {
        String email = context.getAuthenticationSession().getAuthNote(EMAIL_NOTE);
        Lookup lookup = email == null ? null : lookUp(context, email, false);
        RoutingDecision decision = lookup == null ? null : RoutingDecision.decide(lookup.facts());
        if (decision == null || decision.identityProviders().isEmpty()) {
            // The choice no longer applies (providers changed meanwhile, or a stale page): start over.
            keycloakStep.authenticate(context);
            return;
        }
        OrganizationModel organization = lookup.holder().organization();
        session.getContext().setOrganization(organization);
        IdentityProviderChoice.picked(context, organization, decision.identityProviders())
                .ifPresent(idp -> IdentityFirstLogin.redirectToIdentityProvider(context, idp.getAlias(), email));
    }

    /**
     * The facts for one email: one look-up of the organization holding its domain, the organization the request
     * names, and one of the account, made only where a domain is held (the account matters nowhere else).
     */
    private Lookup lookUp(AuthenticationFlowContext context, String email, boolean passkeyOrOrganizationChoice) {
        if (passkeyOrOrganizationChoice) {
            return new Lookup(null, null, new RoutingFacts(null, null, null, null, true, false));
        }
        DomainOwner holder = DomainOwner.holderOf(session, email).orElse(null);
        String namedId = context.getAuthenticationSession().getAuthNote(IdentityFirstLogin.FLOW_ORGANIZATION_NOTE);
        OrganizationModel named = namedId == null ? null
                : holder != null && holder.organization().getId().equals(namedId) ? holder.organization()
                : Tenancy.organizations(session).getById(namedId);
        DomainOwner namedClaim = named == null ? null : DomainOwner.claimIn(named, email).orElse(null);
        UserModel user = holder == null && namedClaim == null ? null
                : KeycloakModelUtils.findUserByNameOrEmail(session, context.getRealm(), email);
        RoutingFacts facts = new RoutingFacts(claim(holder, true), namedId, claim(namedClaim, false),
                user == null ? null : new KnownAccount(user, holder, named),
                false, IdentityFirstLogin.requiresMembership(context.getAuthenticatorConfig()));
        return new Lookup(holder, user, facts);
    }

    /** A domain's facts; the linked providers are read only where they can route (a verified domain). */
    private static RoutingFacts.Claim claim(DomainOwner owner, boolean withProviders) {
        if (owner == null) {
            return null;
        }
        OrganizationModel organization = owner.organization();
        boolean canRoute = withProviders && organization.isEnabled() && owner.domain().isVerified();
        return new RoutingFacts.Claim(organization.getId(), organization.isEnabled(), owner.domain().getName(),
                owner.domain().isVerified(), owner.emailDomain(),
                canRoute ? organization.getIdentityProviders().toList() : List.of());
    }

    /** What was looked up for one email: the domain's holder, the account, and the facts made of them. */
    private record Lookup(DomainOwner holder, UserModel user, RoutingFacts facts) {
    }

    /** An existing account; each fact is read once, when the decision first asks for it. */
    private final class KnownAccount implements RoutingFacts.Account {
        private final UserModel user;
        private final List<OrganizationModel> known;
        private Boolean localCredential;
        private Integer homeBrokers;
        private Boolean memberOfAnEnabledOrganization;

        KnownAccount(UserModel user, DomainOwner holder, OrganizationModel named) {
            this.user = user;
            this.known = Stream.of(holder == null ? null : holder.organization(), named)
                    .filter(Objects::nonNull).toList();
        }

        @Override
        public boolean hasLocalCredential() {
            if (localCredential == null) {
                localCredential = user.credentialManager().getFirstFactorCredentialsStream().findAny().isPresent();
            }
            return localCredential;
        }

        @Override
        public int homeBrokers() {
            if (homeBrokers == null) {
                homeBrokers = IdentityProviderLinks.homeBrokers(session, user).size();
            }
            return homeBrokers;
        }

        @Override
        public boolean isMemberOf(String organizationId) {
            return known.stream().filter(o -> o.getId().equals(organizationId)).findFirst()
                    .map(o -> o.isMember(user)).orElse(false);
        }

        @Override
        public boolean isMemberOfAnEnabledOrganization() {
            if (memberOfAnEnabledOrganization == null) {
                memberOfAnEnabledOrganization = session.getProvider(OrganizationProvider.class).getByMember(user)
                        .anyMatch(OrganizationModel::isEnabled);
            }
            return memberOfAnEnabledOrganization;
        }
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
