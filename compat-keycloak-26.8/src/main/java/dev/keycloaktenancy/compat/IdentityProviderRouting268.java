package dev.keycloaktenancy.compat;

import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.OrganizationDomainRepresentation;
import org.keycloak.representations.idm.OrganizationIdentityProviderLinkRepresentation;
import org.keycloak.representations.idm.OrganizationRepresentation;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the seam's {@code keycloak.IdentityProviderLinks} answers, read from Keycloak 26.8's shapes: an identity
 * provider may belong to several organizations (organization links instead of one organization id), and the domain
 * routing that 26.7 keeps in the provider's config ({@code kc.org.domain}, the redirect mode) moves onto the
 * organization's domains (an identity provider alias and an auto-redirect flag per domain). Compiled against
 * keycloak-core 26.8.x so that the move is known to compile before the pack builds on 26.8.
 */
public final class IdentityProviderRouting268 {

    private IdentityProviderRouting268() {
    }

    /** The organizations an identity provider is linked to (26.7: at most one, {@code getOrganizationId()}). */
    public static List<String> organizationIdsOf(IdentityProviderRepresentation identityProvider) {
        List<OrganizationIdentityProviderLinkRepresentation> links = identityProvider.getOrganizationLinks();
        return links == null ? List.of() : links.stream().map(OrganizationIdentityProviderLinkRepresentation::getOrganizationId)
                .filter(Objects::nonNull).toList();
    }

    /** The organization domain that routes to this provider (26.7: the provider's {@code kc.org.domain}). */
    public static Optional<String> domainOf(OrganizationRepresentation organization, String identityProviderAlias) {
        return domains(organization).filter(d -> identityProviderAlias.equals(d.getIdentityProviderAlias()))
                .map(OrganizationDomainRepresentation::getName).findFirst();
    }

    /** Whether users of that domain are sent to the provider at once (26.7: the provider's email-match redirect). */
    public static boolean redirectsWhenEmailMatches(OrganizationRepresentation organization, String identityProviderAlias) {
        return domains(organization).anyMatch(d -> identityProviderAlias.equals(d.getIdentityProviderAlias())
                && d.isAutoRedirect());
    }

    private static java.util.stream.Stream<OrganizationDomainRepresentation> domains(OrganizationRepresentation organization) {
        return organization.getDomains() == null ? java.util.stream.Stream.empty() : organization.getDomains().stream();
    }
}
