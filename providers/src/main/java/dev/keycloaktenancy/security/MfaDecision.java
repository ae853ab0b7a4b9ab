package dev.keycloaktenancy.security;

import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What a login still needs under the MFA policies of the user's organizations: nothing, a second factor of a method the
 * user has, or setting one up. A session in a shared realm is one session, so every organization requiring MFA must be
 * satisfied, which makes the strictest policy win: an organization is satisfied by a second factor of one of its
 * methods completed in this login (or in the login that created the session it continues), or by a login through one
 * of its own identity providers (which then answer for the second factor: see docs/security-policy.md). Pure, so
 * that it is tested on its own.
 *
 * @param outcome what happens next
 * @param method  the method to challenge or set up; null when the login may go on
 * @param organization the organization whose policy asks for it (its id); null when the login may go on
 */
public record MfaDecision(Outcome outcome, MfaMethod method, String organization) {

    public enum Outcome {
        /** Nothing more is needed. */
        PASS,
        /** The user proves a method they have. */
        CHALLENGE,
        /** The user has no credential of an accepted method and sets one up (which proves it too). */
        ENROLL
    }

    /**
     * One organization's requirement, as it applies to this user.
     *
     * @param organization      the organization's id
     * @param methods           the methods that satisfy it (never empty)
     * @param identityProviders aliases of its own identity providers
     */
    public record Requirement(String organization, Set<MfaMethod> methods, Set<String> identityProviders) {
    }

    public static final MfaDecision PASS = new MfaDecision(Outcome.PASS, null, null);

    /**
     * @param requirements     the requirements of the user's organizations that require MFA
     * @param completed        methods completed in this login or in the session it continues
     * @param identityProvider the identity provider this login came through, or null
     * @param configured       methods the user has a credential of
     */
    public static MfaDecision decide(Collection<Requirement> requirements, Set<MfaMethod> completed,
                                     String identityProvider, Set<MfaMethod> configured) {
        List<Requirement> unsatisfied = requirements.stream()
                .filter(r -> identityProvider == null || !r.identityProviders().contains(identityProvider))
                .filter(r -> r.methods().stream().noneMatch(completed::contains))
                .sorted(Comparator.comparing(Requirement::organization))
                .toList();
        if (unsatisfied.isEmpty()) {
            return PASS;
        }
        Requirement first = unsatisfied.get(0);
        // A method every unsatisfied organization accepts settles them all at once; otherwise one at a time.
        Set<MfaMethod> candidates = EnumSet.copyOf(first.methods());
        unsatisfied.forEach(r -> candidates.retainAll(r.methods()));
        if (candidates.isEmpty()) {
            candidates.addAll(first.methods());
        }
        // The declaration order of MfaMethod is the order of preference (OTP first).
        for (MfaMethod method : candidates) {
            if (configured.contains(method)) {
                return new MfaDecision(Outcome.CHALLENGE, method, first.organization());
            }
        }
        return new MfaDecision(Outcome.ENROLL, candidates.iterator().next(), first.organization());
    }
}
