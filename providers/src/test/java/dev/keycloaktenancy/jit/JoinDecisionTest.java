package dev.keycloaktenancy.jit;

import dev.keycloaktenancy.jit.JoinDecision.Reason;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every branch of joining by email domain, and that the costly facts are read only for a user who would join. */
class JoinDecisionTest {

    @Test
    void aVerifiedEmailAtAVerifiedDomainOfAnOrganizationThatOptedInJoins() {
        JoinDecision decision = JoinDecision.decide(new Facts());
        assertTrue(decision.joins());
        assertEquals(Reason.JOINS, decision.reason());
    }

    @Test
    void eachMissingConditionKeepsTheUserOut() {
        assertRefused(Reason.NO_VERIFIED_EMAIL, new Facts().without("userWithVerifiedEmail"));
        assertRefused(Reason.NO_VERIFIED_DOMAIN, new Facts().without("atVerifiedDomain"));
        assertRefused(Reason.NOT_OPTED_IN, new Facts().without("organizationOptedIn"));
        assertRefused(Reason.ALREADY_MEMBER, new Facts().with("alreadyMember"));
        assertRefused(Reason.VOUCHED_FOR_ELSEWHERE, new Facts().without("emailProvenToOrganization"));
        assertRefused(Reason.MEMBER_LIMIT, new Facts().without("roomForMember"));
    }

    @Test
    void theCostlyFactsAreReadOnlyForAUserWhoWouldJoin() {
        Facts member = new Facts().with("alreadyMember");
        JoinDecision.decide(member);
        assertEquals(List.of("userWithVerifiedEmail", "atVerifiedDomain", "organizationOptedIn", "alreadyMember"), member.asked);

        Facts outside = new Facts().without("atVerifiedDomain");
        JoinDecision.decide(outside);
        assertEquals(List.of("userWithVerifiedEmail", "atVerifiedDomain"), outside.asked);
    }

    private static void assertRefused(Reason reason, Facts facts) {
        JoinDecision decision = JoinDecision.decide(facts);
        assertFalse(decision.joins(), reason::name);
        assertEquals(reason, decision.reason());
    }

    /** Every condition for joining holds unless changed; records which facts were asked, in order. */
    private static final class Facts implements JoinDecision.Facts {
        private final List<String> asked = new ArrayList<>();
        private final List<String> flipped = new ArrayList<>();

        Facts without(String fact) {
            flipped.add(fact);
            return this;
        }

        Facts with(String fact) {
            flipped.add(fact);
            return this;
        }

        private boolean ask(String fact, boolean normally) {
            asked.add(fact);
            return flipped.contains(fact) != normally;
        }

        @Override
        public boolean userWithVerifiedEmail() {
            return ask("userWithVerifiedEmail", true);
        }

        @Override
        public boolean atVerifiedDomain() {
            return ask("atVerifiedDomain", true);
        }

        @Override
        public boolean organizationOptedIn() {
            return ask("organizationOptedIn", true);
        }

        @Override
        public boolean alreadyMember() {
            return ask("alreadyMember", false);
        }

        @Override
        public boolean emailProvenToOrganization() {
            return ask("emailProvenToOrganization", true);
        }

        @Override
        public boolean roomForMember() {
            return ask("roomForMember", true);
        }
    }
}
