package dev.keycloaktenancy.routing;

import org.junit.jupiter.api.Test;
import org.keycloak.models.OrganizationDomainModel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which emails an organization's identity provider may give, by its domain pin and the email's matching domain. */
class ProviderEmailDomainCheckTest {

    private static final OrganizationDomainModel VERIFIED = new OrganizationDomainModel("globex.test", true);
    private static final OrganizationDomainModel CLAIMED = new OrganizationDomainModel("bigprospect.test", false);

    @Test
    void anEmailAtAVerifiedDomainPassesWhateverThePin() {
        assertTrue(ProviderEmailDomainCheck.allows(null, VERIFIED), "no pin");
        assertTrue(ProviderEmailDomainCheck.allows("", VERIFIED), "an empty pin");
        assertTrue(ProviderEmailDomainCheck.allows("ANY", VERIFIED), "ANY");
        assertTrue(ProviderEmailDomainCheck.allows("GLOBEX.test", VERIFIED), "pinned to it, in any case");
    }

    @Test
    void anEmailAtAnUnverifiedDomainIsRefusedEvenForAny() {
        assertFalse(ProviderEmailDomainCheck.allows("ANY", CLAIMED));
        assertFalse(ProviderEmailDomainCheck.allows(null, CLAIMED));
        assertFalse(ProviderEmailDomainCheck.allows("bigprospect.test", CLAIMED), "even where it is pinned");
    }

    @Test
    void anEmailOutsideTheOrganizationsDomainsIsRefused() {
        assertFalse(ProviderEmailDomainCheck.allows(null, null), "a provider whose pin was removed");
        assertFalse(ProviderEmailDomainCheck.allows("ANY", null));
    }

    @Test
    void aPinnedProviderGivesAddressesAtItsOwnDomainOnly() {
        assertFalse(ProviderEmailDomainCheck.allows("acme.test", VERIFIED),
                "verified, but another domain of the organization than the pinned one");
    }
}
