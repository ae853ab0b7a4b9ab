package dev.keycloaktenancy.compat;

import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.OrganizationDomainRepresentation;
import org.keycloak.representations.idm.OrganizationIdentityProviderLinkRepresentation;
import org.keycloak.representations.idm.OrganizationRepresentation;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdentityProviderRouting268Test {

    @Test
    void aProviderSharedByTwoOrganizationsAndRoutedByDomain() {
        IdentityProviderRepresentation partner = new IdentityProviderRepresentation();
        partner.setAlias("partner-idp");
        partner.setOrganizationLinks(List.of(new OrganizationIdentityProviderLinkRepresentation("acme-id"),
                new OrganizationIdentityProviderLinkRepresentation("globex-id")));
        assertEquals(List.of("acme-id", "globex-id"), IdentityProviderRouting268.organizationIdsOf(partner));

        OrganizationRepresentation acme = new OrganizationRepresentation();
        OrganizationDomainRepresentation routed = new OrganizationDomainRepresentation("acme.test");
        routed.setVerified(true);
        routed.setIdentityProviderAlias("partner-idp");
        routed.setAutoRedirect(true);
        acme.addDomain(routed);
        acme.addDomain(new OrganizationDomainRepresentation("acme-labs.test"));
        assertEquals(Optional.of("acme.test"), IdentityProviderRouting268.domainOf(acme, "partner-idp"));
        assertTrue(IdentityProviderRouting268.redirectsWhenEmailMatches(acme, "partner-idp"));
        assertFalse(IdentityProviderRouting268.redirectsWhenEmailMatches(acme, "other-idp"));
    }
}
