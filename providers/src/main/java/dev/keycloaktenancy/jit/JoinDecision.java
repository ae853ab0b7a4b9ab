package dev.keycloaktenancy.jit;

/**
 * Whether a user joins the organization their email domain designates, without an administrator, decided from
 * {@link Facts} alone. The facts are asked in order and only as far as needed, so the costly ones (which providers
 * vouched for the email, the member count) are read only for a user who would otherwise join.
 *
 * @param joins  whether the user joins
 * @param reason why, or why not
 */
record JoinDecision(boolean joins, Reason reason) {

    enum Reason {
        /** Every condition holds. */
        JOINS,
        /** No user, a disabled one, or no verified email: nothing proves the address. */
        NO_VERIFIED_EMAIL,
        /** No enabled organization holds the email's domain as verified. */
        NO_VERIFIED_DOMAIN,
        /** The organization did not opt in ({@code tenancy.jit.email-domain}). */
        NOT_OPTED_IN,
        /** The user is a member already. */
        ALREADY_MEMBER,
        /** An identity provider not linked to the organization vouched for the email. */
        VOUCHED_FOR_ELSEWHERE,
        /** The organization has reached its member limit. */
        MEMBER_LIMIT
    }

    /** What the decision asks, each at most once. */
    interface Facts {

        /** An enabled user with an email marked verified. */
        boolean userWithVerifiedEmail();

        /** An enabled organization holds the email's domain, verified. */
        boolean atVerifiedDomain();

        boolean organizationOptedIn();

        boolean alreadyMember();

        /** No provider vouched for the email, or only providers linked to the organization did. */
        boolean emailProvenToOrganization();

        boolean roomForMember();
    }

    /** The decision for these facts; no look-ups of its own, no side effects. */
    static JoinDecision decide(Facts facts) {
        if (!facts.userWithVerifiedEmail()) {
            return no(Reason.NO_VERIFIED_EMAIL);
        }
        if (!facts.atVerifiedDomain()) {
            return no(Reason.NO_VERIFIED_DOMAIN);
        }
        if (!facts.organizationOptedIn()) {
            return no(Reason.NOT_OPTED_IN);
        }
        if (facts.alreadyMember()) {
            return no(Reason.ALREADY_MEMBER);
        }
        if (!facts.emailProvenToOrganization()) {
            return no(Reason.VOUCHED_FOR_ELSEWHERE);
        }
        if (!facts.roomForMember()) {
            return no(Reason.MEMBER_LIMIT);
        }
        return new JoinDecision(true, Reason.JOINS);
    }

    private static JoinDecision no(Reason reason) {
        return new JoinDecision(false, reason);
    }
}
