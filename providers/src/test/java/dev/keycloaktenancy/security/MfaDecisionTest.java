package dev.keycloaktenancy.security;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static dev.keycloaktenancy.security.MfaMethod.OTP;
import static dev.keycloaktenancy.security.MfaMethod.WEBAUTHN;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a login still needs under the MFA policies of the user's organizations. */
class MfaDecisionTest {

    private static final MfaDecision.Requirement ACME_ANY = new MfaDecision.Requirement("acme", Set.of(OTP, WEBAUTHN),
            Set.of("acme-idp"));
    private static final MfaDecision.Requirement GLOBEX_KEYS = new MfaDecision.Requirement("globex", Set.of(WEBAUTHN),
            Set.of());
    private static final MfaDecision.Requirement INITECH_OTP = new MfaDecision.Requirement("initech", Set.of(OTP),
            Set.of("initech-idp"));

    @Test
    void noRequirementNeedsNothing() {
        assertEquals(MfaDecision.PASS, MfaDecision.decide(List.of(), Set.of(), null, Set.of()));
    }

    @Test
    void aMemberWithoutSecondFactorSetsOneUpOtpFirst() {
        assertEquals(new MfaDecision(MfaDecision.Outcome.ENROLL, OTP, "acme"),
                MfaDecision.decide(List.of(ACME_ANY), Set.of(), null, Set.of()));
        assertEquals(new MfaDecision(MfaDecision.Outcome.ENROLL, WEBAUTHN, "globex"),
                MfaDecision.decide(List.of(GLOBEX_KEYS), Set.of(), null, Set.of(OTP)),
                "an OTP credential does not satisfy an organization that accepts security keys only");
    }

    @Test
    void aMemberWithAFactorIsChallengedWithIt() {
        assertEquals(new MfaDecision(MfaDecision.Outcome.CHALLENGE, OTP, "acme"),
                MfaDecision.decide(List.of(ACME_ANY), Set.of(), null, Set.of(OTP, WEBAUTHN)));
        assertEquals(new MfaDecision(MfaDecision.Outcome.CHALLENGE, WEBAUTHN, "acme"),
                MfaDecision.decide(List.of(ACME_ANY), Set.of(), null, Set.of(WEBAUTHN)));
    }

    @Test
    void aCompletedFactorOfAnAcceptedMethodSatisfies() {
        assertEquals(MfaDecision.PASS, MfaDecision.decide(List.of(ACME_ANY), Set.of(WEBAUTHN), null, Set.of(WEBAUTHN)));
        assertEquals(new MfaDecision(MfaDecision.Outcome.CHALLENGE, OTP, "initech"),
                MfaDecision.decide(List.of(INITECH_OTP), Set.of(WEBAUTHN), null, Set.of(OTP, WEBAUTHN)),
                "a security key does not satisfy an organization that accepts OTP only");
    }

    @Test
    void theStrictestPolicyAmongTheOrganizationsWins() {
        assertEquals(new MfaDecision(MfaDecision.Outcome.CHALLENGE, WEBAUTHN, "acme"),
                MfaDecision.decide(List.of(ACME_ANY, GLOBEX_KEYS), Set.of(), null, Set.of(OTP, WEBAUTHN)),
                "the method both accept settles both at once");
        assertEquals(new MfaDecision(MfaDecision.Outcome.CHALLENGE, WEBAUTHN, "globex"),
                MfaDecision.decide(List.of(ACME_ANY, GLOBEX_KEYS), Set.of(OTP), null, Set.of(OTP, WEBAUTHN)),
                "OTP satisfied acme, not globex");
        assertEquals(new MfaDecision(MfaDecision.Outcome.ENROLL, WEBAUTHN, "globex"),
                MfaDecision.decide(List.of(INITECH_OTP, GLOBEX_KEYS), Set.of(), null, Set.of(OTP)),
                "no method suits both: one organization at a time");
        assertEquals(new MfaDecision(MfaDecision.Outcome.CHALLENGE, OTP, "initech"),
                MfaDecision.decide(List.of(INITECH_OTP, GLOBEX_KEYS), Set.of(WEBAUTHN), null, Set.of(OTP, WEBAUTHN)),
                "then the other one");
        assertEquals(MfaDecision.PASS,
                MfaDecision.decide(List.of(INITECH_OTP, GLOBEX_KEYS), Set.of(OTP, WEBAUTHN), null, Set.of(OTP, WEBAUTHN)));
    }

    @Test
    void aLoginThroughTheOrganizationsOwnIdentityProviderSatisfiesThatOrganizationOnly() {
        assertEquals(MfaDecision.PASS, MfaDecision.decide(List.of(ACME_ANY), Set.of(), "acme-idp", Set.of()));
        assertEquals(new MfaDecision(MfaDecision.Outcome.ENROLL, OTP, "acme"),
                MfaDecision.decide(List.of(ACME_ANY), Set.of(), "initech-idp", Set.of()),
                "another organization's provider is not this one's");
        assertEquals(new MfaDecision(MfaDecision.Outcome.ENROLL, WEBAUTHN, "globex"),
                MfaDecision.decide(List.of(ACME_ANY, GLOBEX_KEYS), Set.of(), "acme-idp", Set.of()),
                "acme's provider does not answer for globex");
    }
}
