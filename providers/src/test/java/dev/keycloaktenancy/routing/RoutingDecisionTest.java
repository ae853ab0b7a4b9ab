package dev.keycloaktenancy.routing;

import dev.keycloaktenancy.routing.RoutingDecision.Outcome;
import dev.keycloaktenancy.routing.RoutingDecision.Reason;
import org.junit.jupiter.api.Test;
import org.keycloak.models.IdentityProviderModel;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every branch of the identity-first step's decision, and of SSO enforcement's, from plain facts. acme holds
 * acme.test; the email is someone@acme.test unless a test says otherwise.
 */
class RoutingDecisionTest {

    private static final String ACME = "acme-id";
    private static final String GLOBEX = "globex-id";

    // --- the username step: where a typed email goes ---

    @Test
    void aNewUserAtAVerifiedDomainGoesToItsOneProvider() {
        RoutingDecision decision = RoutingDecision.decide(facts(verified(provider("acme-idp", "acme.test")), null));
        assertDecision(Outcome.IDENTITY_PROVIDER, Reason.ONE_PROVIDER, List.of("acme-idp"), decision);
        assertEquals(ACME, decision.organizationId());
    }

    @Test
    void severalProvidersOfTheDomainLetTheUserChoose() {
        RoutingDecision decision = RoutingDecision.decide(facts(verified(provider("acme-idp", "acme.test"),
                provider("acme-backup", "acme.test")), null));
        assertDecision(Outcome.CHOOSE_PROVIDER, Reason.SEVERAL_PROVIDERS, List.of("acme-idp", "acme-backup"), decision);
    }

    @Test
    void aProviderPinnedToTheDomainWinsOverOneForAnyDomain() {
        RoutingDecision decision = RoutingDecision.decide(facts(verified(provider("any", "ANY"),
                provider("acme-idp", "acme.test"), provider("other", "other.acme.test")), null));
        assertDecision(Outcome.IDENTITY_PROVIDER, Reason.ONE_PROVIDER, List.of("acme-idp"), decision);

        assertDecision(Outcome.IDENTITY_PROVIDER, Reason.ONE_PROVIDER, List.of("any"),
                RoutingDecision.decide(facts(verified(provider("any", "ANY"), provider("other", "other.acme.test")), null)));
    }

    /** sales.acme.test is covered by acme's wildcard *.acme.test: the provider pinned to the wildcard serves it. */
    @Test
    void aWildcardDomainRoutesItsSubdomainsToTheProviderPinnedToIt() {
        RoutingFacts.Claim wildcard = new RoutingFacts.Claim(ACME, true, "*.acme.test", true, "sales.acme.test",
                List.of(provider("acme-idp", "acme.test"), provider("acme-wild", "*.acme.test")));
        assertDecision(Outcome.IDENTITY_PROVIDER, Reason.ONE_PROVIDER, List.of("acme-wild"),
                RoutingDecision.decide(facts(wildcard, null)));
    }

    @Test
    void disabledProvidersAndProvidersThatDoNotRedirectAreLeftOut() {
        IdentityProviderModel disabled = provider("acme-off", "acme.test");
        disabled.setEnabled(false);
        IdentityProviderModel noRedirect = provider("acme-manual", "acme.test");
        noRedirect.getConfig().remove("kc.org.broker.redirect.mode.email-matches");
        assertDecision(Outcome.IDENTITY_PROVIDER, Reason.ONE_PROVIDER, List.of("acme-idp"),
                RoutingDecision.decide(facts(verified(disabled, noRedirect, provider("acme-idp", "acme.test")), null)));
        assertDecision(Outcome.CONTINUE, Reason.NO_PROVIDER, List.of(),
                RoutingDecision.decide(facts(verified(disabled, noRedirect), null)));
    }

    @Test
    void aProviderExcludingTheEmailsDomainIsLeftOut() {
        IdentityProviderModel excluding = provider("any", "ANY");
        excluding.getConfig().put("kc.org.excluded.domains", "other.test, acme.test");
        assertDecision(Outcome.CONTINUE, Reason.NO_PROVIDER, List.of(), RoutingDecision.decide(facts(verified(excluding), null)));
    }

    @Test
    void aDisabledOrganizationRoutesNobodyAndSendsNobodyToThePassword() {
        RoutingFacts.Claim disabledVerified = new RoutingFacts.Claim(ACME, false, "acme.test", true, "acme.test",
                List.of(provider("acme-idp", "acme.test")));
        assertDecision(Outcome.CONTINUE, Reason.NO_ORGANIZATION, List.of(), RoutingDecision.decide(facts(disabledVerified, null)));
        RoutingFacts.Claim disabledClaimed = new RoutingFacts.Claim(ACME, false, "acme.test", false, "acme.test", List.of());
        assertDecision(Outcome.CONTINUE, Reason.NO_ORGANIZATION, List.of(), RoutingDecision.decide(facts(disabledClaimed, null)));
    }

    @Test
    void anEmailNoOrganizationHoldsIsKeycloaksToDecide() {
        assertDecision(Outcome.CONTINUE, Reason.NO_ORGANIZATION, List.of(), RoutingDecision.decide(facts(null, null)));
    }

    @Test
    void anUnverifiedDomainGoesToThePasswordAsIfNoOrganizationMatched() {
        assertDecision(Outcome.PASSWORD, Reason.UNVERIFIED_DOMAIN, List.of(),
                RoutingDecision.decide(facts(claimed(ACME), null)));
        assertDecision(Outcome.PASSWORD, Reason.UNVERIFIED_DOMAIN, List.of(),
                RoutingDecision.decide(facts(claimed(ACME), withPasswordOrPasskey())), "an existing non-member");
    }

    @Test
    void aMemberOfAnOrganizationAtAnUnverifiedDomainIsResolvedByMembership() {
        assertDecision(Outcome.CONTINUE, Reason.MEMBER, List.of(),
                RoutingDecision.decide(facts(claimed(ACME), noCredential(0, Set.of(GLOBEX), true))));
    }

    /** scope=organization:acme names acme: acme's own unverified domain still routes nobody (its members aside). */
    @Test
    void anOrganizationNamedByTheRequestIsDroppedForItsUnverifiedDomain() {
        RoutingFacts named = new RoutingFacts(claimed(ACME), ACME, claimed(ACME), null, false, false);
        assertDecision(Outcome.PASSWORD, Reason.UNVERIFIED_DOMAIN, List.of(), RoutingDecision.decide(named));

        RoutingFacts member = new RoutingFacts(claimed(ACME), ACME, claimed(ACME), noCredential(0, Set.of(ACME), true),
                false, false);
        assertDecision(Outcome.CONTINUE, Reason.MEMBER, List.of(), RoutingDecision.decide(member));

        RoutingFacts otherMember = new RoutingFacts(claimed(ACME), ACME, claimed(ACME),
                noCredential(0, Set.of(GLOBEX), true), false, false);
        assertDecision(Outcome.PASSWORD, Reason.UNVERIFIED_DOMAIN, List.of(), RoutingDecision.decide(otherMember),
                "membership of another organization does not keep the named one");
    }

    /** Several organizations: acme claims the domain unverified, the request names globex, which holds none of it. */
    @Test
    void anotherOrganizationNamedByTheRequestIsKeycloaksToMatch() {
        RoutingFacts facts = new RoutingFacts(claimed(ACME), GLOBEX, null, null, false, false);
        assertDecision(Outcome.CONTINUE, Reason.NO_ORGANIZATION, List.of(), RoutingDecision.decide(facts));

        RoutingFacts verifiedNamed = new RoutingFacts(claimed(ACME), GLOBEX,
                new RoutingFacts.Claim(GLOBEX, true, "acme.test", true, "acme.test", List.of()), null, false, false);
        assertDecision(Outcome.CONTINUE, Reason.NO_ORGANIZATION, List.of(), RoutingDecision.decide(verifiedNamed));
    }

    /** A passkey is a first-factor credential like a password (Keycloak's getFirstFactorCredentialsStream). */
    @Test
    void aUserWithAPasswordOrAPasskeyKeepsUsingIt() {
        assertDecision(Outcome.CONTINUE, Reason.LOCAL_CREDENTIAL, List.of(), RoutingDecision.decide(
                facts(verified(provider("acme-idp", "acme.test")), withPasswordOrPasskey())));
    }

    @Test
    void aUserWithoutALocalCredentialChoosesAtTheDomainUnlessLinkedToOneHomeProvider() {
        RoutingFacts.Claim two = verified(provider("acme-idp", "acme.test"), provider("acme-backup", "acme.test"));
        assertDecision(Outcome.CHOOSE_PROVIDER, Reason.SEVERAL_PROVIDERS, List.of("acme-idp", "acme-backup"),
                RoutingDecision.decide(facts(two, noCredential(0, Set.of(), false))));
        assertDecision(Outcome.CONTINUE, Reason.HOME_BROKER, List.of(),
                RoutingDecision.decide(facts(two, noCredential(1, Set.of(ACME), true))));
        assertDecision(Outcome.CHOOSE_PROVIDER, Reason.SEVERAL_PROVIDERS, List.of("acme-idp", "acme-backup"),
                RoutingDecision.decide(facts(two, noCredential(2, Set.of(ACME), true))), "linked to both: chooses");
    }

    @Test
    void aStepRequiringMembershipRoutesMembersOnly() {
        RoutingFacts.Claim claim = verified(provider("acme-idp", "acme.test"));
        RoutingFacts stranger = new RoutingFacts(claim, null, null, noCredential(0, Set.of(), false), false, true);
        assertDecision(Outcome.CONTINUE, Reason.NOT_A_MEMBER, List.of(), RoutingDecision.decide(stranger));
        RoutingFacts member = new RoutingFacts(claim, null, null, noCredential(0, Set.of(ACME), true), false, true);
        assertDecision(Outcome.IDENTITY_PROVIDER, Reason.ONE_PROVIDER, List.of("acme-idp"), RoutingDecision.decide(member));
        RoutingFacts newcomer = new RoutingFacts(claim, null, null, null, false, true);
        assertDecision(Outcome.IDENTITY_PROVIDER, Reason.ONE_PROVIDER, List.of("acme-idp"), RoutingDecision.decide(newcomer),
                "a new user is Keycloak's to register, as its own step does");
    }

    @Test
    void aPostedPasskeyOrOrganizationChoiceIsKeycloaksStepsToHandle() {
        RoutingFacts facts = new RoutingFacts(verified(provider("acme-idp", "acme.test")), null, null, null, true, false);
        assertDecision(Outcome.CONTINUE, Reason.PASSKEY_OR_ORGANIZATION_CHOICE, List.of(), RoutingDecision.decide(facts));
    }

    // --- SSO enforcement ---

    @Test
    void ssoRequiredSendsTheUserToTheProviderBeforeThePassword() {
        RoutingDecision.Enforcement one = new RoutingDecision.Enforcement(ACME, List.of(provider("acme-idp", "acme.test")));
        assertDecision(Outcome.IDENTITY_PROVIDER, Reason.SSO_REQUIRED, List.of("acme-idp"), RoutingDecision.beforePassword(one));
        RoutingDecision.Enforcement two = new RoutingDecision.Enforcement(ACME,
                List.of(provider("acme-idp", "acme.test"), provider("acme-backup", "acme.test")));
        assertDecision(Outcome.CHOOSE_PROVIDER, Reason.SSO_REQUIRED, List.of("acme-idp", "acme-backup"),
                RoutingDecision.beforePassword(two));
        RoutingDecision.Enforcement none = new RoutingDecision.Enforcement(ACME, List.of());
        assertDecision(Outcome.CONTINUE, Reason.NO_PROVIDER, List.of(), RoutingDecision.beforePassword(none));
        assertDecision(Outcome.CONTINUE, Reason.NOT_ENFORCED, List.of(), RoutingDecision.beforePassword(null));
    }

    @Test
    void ssoRequiredRefusesALocalSignIn() {
        RoutingDecision refused = RoutingDecision.afterLocalSignIn(new RoutingDecision.Enforcement(ACME, List.of()));
        assertDecision(Outcome.REFUSE, Reason.SSO_REQUIRED, List.of(), refused);
        assertEquals(ACME, refused.organizationId());
        assertDecision(Outcome.CONTINUE, Reason.NOT_ENFORCED, List.of(), RoutingDecision.afterLocalSignIn(null));
    }

    // --- helpers ---

    private static RoutingFacts facts(RoutingFacts.Claim claim, RoutingFacts.Account account) {
        return new RoutingFacts(claim, null, null, account, false, false);
    }

    private static RoutingFacts.Claim verified(IdentityProviderModel... providers) {
        return new RoutingFacts.Claim(ACME, true, "acme.test", true, "acme.test", List.of(providers));
    }

    private static RoutingFacts.Claim claimed(String organizationId) {
        return new RoutingFacts.Claim(organizationId, true, "acme.test", false, "acme.test", List.of());
    }

    /** An enabled provider with "redirect when email domain matches" on, pinned to a domain or ANY. */
    private static IdentityProviderModel provider(String alias, String domain) {
        IdentityProviderModel provider = new IdentityProviderModel();
        provider.setAlias(alias);
        provider.setEnabled(true);
        provider.getConfig().put("kc.org.domain", domain);
        provider.getConfig().put("kc.org.broker.redirect.mode.email-matches", "true");
        return provider;
    }

    private static Account withPasswordOrPasskey() {
        return new Account(true, 0, Set.of(), false);
    }

    private static Account noCredential(int homeBrokers, Set<String> memberOf, boolean memberOfAnEnabledOrganization) {
        return new Account(false, homeBrokers, memberOf, memberOfAnEnabledOrganization);
    }

    private record Account(boolean hasLocalCredential, int homeBrokers, Set<String> memberOf,
                           boolean isMemberOfAnEnabledOrganization) implements RoutingFacts.Account {
        @Override
        public boolean isMemberOf(String organizationId) {
            return memberOf.contains(organizationId);
        }
    }

    private static void assertDecision(Outcome outcome, Reason reason, List<String> providers, RoutingDecision decision) {
        assertDecision(outcome, reason, providers, decision, "");
    }

    private static void assertDecision(Outcome outcome, Reason reason, List<String> providers, RoutingDecision decision,
                                       String what) {
        assertEquals(outcome, decision.outcome(), what);
        assertEquals(reason, decision.reason(), what);
        assertEquals(providers, decision.identityProviders().stream().map(IdentityProviderModel::getAlias).toList(), what);
    }
}
