package dev.keycloaktenancy.routing;

import org.keycloak.models.IdentityProviderModel;

import java.util.List;

/**
 * What the identity-first step knows when it decides where a typed email (or an application's login_hint) goes:
 * plain facts, looked up once per request, for {@link RoutingDecision#decide}.
 *
 * @param claim                       the organization domain that covers the email's domain, verified or not; null
 *                                    when no organization holds one
 * @param namedOrganizationId         the organization the request already names (its scope, an earlier choice), or
 *                                    null
 * @param namedClaim                  that organization's domain covering the email's domain, or null
 * @param account                     the account the typed value names, or null
 * @param passkeyOrOrganizationChoice the form posted a passkey or the organization picked on Keycloak's selection page
 * @param membershipRequired          the step's configuration requires the user to be a member of the organization
 */
record RoutingFacts(Claim claim, String namedOrganizationId, Claim namedClaim, Account account,
                    boolean passkeyOrOrganizationChoice, boolean membershipRequired) {

    /**
     * An organization's most specific domain covering the email's domain.
     *
     * @param organizationId      the organization
     * @param organizationEnabled whether the organization is enabled
     * @param domain              the domain's name (a wildcard such as {@code *.acme.test} included)
     * @param verified            whether the domain is verified
     * @param emailDomain         the email's domain, canonical
     * @param identityProviders   the providers linked to the organization, in Keycloak's order
     */
    record Claim(String organizationId, boolean organizationEnabled, String domain, boolean verified, String emailDomain,
                 List<IdentityProviderModel> identityProviders) {
    }

    /** The account the typed value names; each fact is read only if the decision asks for it. */
    interface Account {

        /** A first-factor credential of its own: a password or a passkey. */
        boolean hasLocalCredential();

        /** How many providers of the organizations that manage the account it is linked to. */
        int homeBrokers();

        boolean isMemberOf(String organizationId);

        boolean isMemberOfAnEnabledOrganization();
    }
}
