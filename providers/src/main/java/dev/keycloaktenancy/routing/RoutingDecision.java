package dev.keycloaktenancy.routing;

import org.keycloak.models.IdentityProviderModel;

import java.util.List;
import java.util.Optional;

/**
 * Where the identity-first step sends a typed email, decided from {@link RoutingFacts} alone: to the one identity
 * provider that serves the email's verified domain, to a choice among several, to the password step without any
 * organization (a domain an organization only claimed routes nobody), or on to Keycloak's own step, which then
 * resolves the organization by membership or by the request's scope and offers its own pages.
 *
 * @param outcome           what the step does
 * @param reason            why
 * @param organizationId    the organization routed to (for {@link Outcome#IDENTITY_PROVIDER} and
 *                          {@link Outcome#CHOOSE_PROVIDER}), else null
 * @param identityProviders the providers the user is sent to or chooses among, else empty
 */
record RoutingDecision(Outcome outcome, Reason reason, String organizationId, List<IdentityProviderModel> identityProviders) {

    enum Outcome {
        /** Straight to the one provider. */
        IDENTITY_PROVIDER,
        /** The page where the user picks one of several providers. */
        CHOOSE_PROVIDER,
        /** On to the password step, as if no organization matched. */
        PASSWORD,
        /** The sign-in stops here, with a page or an error that says why. */
        REFUSE,
        /** On to Keycloak's own identity-first step (or the flow's next step). */
        CONTINUE
    }

    enum Reason {
        /** The form posted a passkey or Keycloak's organization choice, which Keycloak's step handles. */
        PASSKEY_OR_ORGANIZATION_CHOICE,
        /** One enabled provider of the organization redirects users of the email's verified domain. */
        ONE_PROVIDER,
        /** Several do: the user picks one. */
        SEVERAL_PROVIDERS,
        /** The email's domain is only claimed, not verified, by the organization that holds it (or that is named). */
        UNVERIFIED_DOMAIN,
        /** No enabled organization holds the email's domain. */
        NO_ORGANIZATION,
        /** The domain is verified, but no enabled provider of the organization redirects users of it. */
        NO_PROVIDER,
        /** The account has a password or passkey of its own: Keycloak's step lets it use them. */
        LOCAL_CREDENTIAL,
        /** The account is linked to exactly one provider of its organization: Keycloak's step sends it there. */
        HOME_BROKER,
        /** The step requires membership, and the account is not a member of the domain's organization. */
        NOT_A_MEMBER,
        /** A member of an organization at an unverified domain: Keycloak's step resolves it by membership. */
        MEMBER,
        /** The email's organization requires single sign-on through its identity provider. */
        SSO_REQUIRED,
        /** The email's organization does not require single sign-on (or no organization holds it, verified). */
        NOT_ENFORCED
    }

    /** The decision for these facts; no look-ups, no side effects. */
    static RoutingDecision decide(RoutingFacts facts) {
        if (facts.passkeyOrOrganizationChoice()) {
            return keycloak(Reason.PASSKEY_OR_ORGANIZATION_CHOICE);
        }
        RoutingFacts.Claim claim = facts.claim();
        Reason notRouted = Reason.NO_ORGANIZATION;
        if (claim != null && claim.organizationEnabled() && claim.verified()) {
            notRouted = whyNotChoosing(facts, claim);
            if (notRouted == null) {
                List<IdentityProviderModel> providers = DomainIdentityProviders.forRouting(claim.identityProviders(),
                        claim.domain(), claim.emailDomain());
                if (providers.size() == 1) {
                    return new RoutingDecision(Outcome.IDENTITY_PROVIDER, Reason.ONE_PROVIDER, claim.organizationId(), providers);
                }
                if (providers.size() > 1) {
                    return new RoutingDecision(Outcome.CHOOSE_PROVIDER, Reason.SEVERAL_PROVIDERS, claim.organizationId(), providers);
                }
                notRouted = Reason.NO_PROVIDER;
            }
        }
        return onlyClaimed(facts).orElse(keycloak(notRouted));
    }

    /**
     * Why an existing account is not offered the domain's providers here (Keycloak's step would not send it to one
     * either), or null when it is.
     */
    private static Reason whyNotChoosing(RoutingFacts facts, RoutingFacts.Claim claim) {
        RoutingFacts.Account account = facts.account();
        if (account == null) {
            return null;
        }
        if (account.hasLocalCredential()) {
            return Reason.LOCAL_CREDENTIAL;
        }
        if (account.homeBrokers() == 1) {
            return Reason.HOME_BROKER;
        }
        if (facts.membershipRequired() && !account.isMemberOf(claim.organizationId())) {
            return Reason.NOT_A_MEMBER;
        }
        return null;
    }

    /**
     * An email at a domain only claimed goes to the password step, as if no organization matched: the claimant's
     * domain when the request names no organization, else the named organization's own (Keycloak's step would match
     * it without looking at {@code verified}). A member of an organization (of the named one, when one is named) is
     * left to Keycloak's step, which resolves it by membership.
     */
    private static Optional<RoutingDecision> onlyClaimed(RoutingFacts facts) {
        boolean named = facts.namedOrganizationId() != null;
        RoutingFacts.Claim claim = named ? facts.namedClaim() : facts.claim();
        if (claim == null || claim.verified() || !named && !claim.organizationEnabled()) {
            return Optional.empty();
        }
        RoutingFacts.Account account = facts.account();
        if (account != null && (named ? account.isMemberOf(facts.namedOrganizationId())
                : account.isMemberOfAnEnabledOrganization())) {
            return Optional.of(keycloak(Reason.MEMBER));
        }
        return Optional.of(new RoutingDecision(Outcome.PASSWORD, Reason.UNVERIFIED_DOMAIN, null, List.of()));
    }

    /**
     * SSO enforcement before the password form: a user whose email's organization requires single sign-on goes to
     * its provider (or chooses among several), password or not. With no provider linked, the flow goes on, and the
     * refusal after the password says that none is set up.
     *
     * @param enforcement the organization requiring single sign-on for the email, or null
     */
    static RoutingDecision beforePassword(Enforcement enforcement) {
        if (enforcement == null) {
            return keycloak(Reason.NOT_ENFORCED);
        }
        List<IdentityProviderModel> providers = enforcement.identityProviders();
        if (providers.isEmpty()) {
            return keycloak(Reason.NO_PROVIDER);
        }
        return new RoutingDecision(providers.size() == 1 ? Outcome.IDENTITY_PROVIDER : Outcome.CHOOSE_PROVIDER,
                Reason.SSO_REQUIRED, enforcement.organizationId(), providers);
    }

    /**
     * SSO enforcement after a local sign-in step (the password, reset-credentials' user choice): refused.
     *
     * @param enforcement the organization requiring single sign-on for the email, or null
     */
    static RoutingDecision afterLocalSignIn(Enforcement enforcement) {
        return enforcement == null ? keycloak(Reason.NOT_ENFORCED)
                : new RoutingDecision(Outcome.REFUSE, Reason.SSO_REQUIRED, enforcement.organizationId(), List.of());
    }

    /**
     * An organization that requires single sign-on for an email.
     *
     * @param organizationId    the organization
     * @param identityProviders its enabled providers for the email's domain, best match first
     */
    record Enforcement(String organizationId, List<IdentityProviderModel> identityProviders) {

        static Enforcement of(SsoRequirement.Route route) {
            return new Enforcement(route.organization().getId(), route.identityProviders());
        }
    }

    private static RoutingDecision keycloak(Reason reason) {
        return new RoutingDecision(Outcome.CONTINUE, reason, null, List.of());
    }
}
