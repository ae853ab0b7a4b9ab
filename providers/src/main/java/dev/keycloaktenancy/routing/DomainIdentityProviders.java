package dev.keycloaktenancy.routing;

import dev.keycloaktenancy.domains.DomainOwner;
import dev.keycloaktenancy.keycloak.IdentityProviderLinks;
import org.keycloak.models.IdentityProviderModel;

import java.util.List;

/**
 * The enabled identity providers of an organization that serve one email domain. Those configured for exactly that
 * domain win; otherwise those configured for any of the organization's domains. A provider whose excluded domains
 * name the email's domain is left out, as Keycloak's own routing does. More than one means the user chooses.
 */
final class DomainIdentityProviders {

    private DomainIdentityProviders() {
    }

    /**
     * For routing: only providers set to redirect users whose email matches (the native "redirect" switch).
     *
     * @param linked      the providers linked to the organization
     * @param domain      the organization's domain that covers the email's domain
     * @param emailDomain the email's domain
     */
    static List<IdentityProviderModel> forRouting(List<IdentityProviderModel> linked, String domain, String emailDomain) {
        return best(linked.stream()
                .filter(IdentityProviderModel::isEnabled)
                .filter(IdentityProviderLinks::redirectsWhenEmailMatches)
                .filter(idp -> !IdentityProviderLinks.excludes(idp, emailDomain))
                .toList(), domain, false);
    }

    /**
     * For SSO enforcement: any linked provider will do when none is configured for the domain, since the user may not
     * use a password at all.
     */
    static List<IdentityProviderModel> forEnforcement(DomainOwner owner) {
        return best(owner.organization().getIdentityProviders().filter(IdentityProviderModel::isEnabled).toList(),
                owner.domain().getName(), true);
    }

    private static List<IdentityProviderModel> best(List<IdentityProviderModel> linked, String domain,
                                                    boolean anyAsLastResort) {
        List<IdentityProviderModel> exact = linked.stream()
                .filter(idp -> domain.equalsIgnoreCase(IdentityProviderLinks.domainOf(idp)))
                .toList();
        if (!exact.isEmpty()) {
            return exact;
        }
        List<IdentityProviderModel> anyDomain = linked.stream()
                .filter(idp -> IdentityProviderLinks.ANY_DOMAIN.equals(IdentityProviderLinks.domainOf(idp)))
                .toList();
        if (!anyDomain.isEmpty() || !anyAsLastResort) {
            return anyDomain;
        }
        return linked;
    }
}
