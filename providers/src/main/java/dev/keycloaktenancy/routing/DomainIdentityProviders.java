package dev.keycloaktenancy.routing;

import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.OrganizationDomainModel;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.OrganizationModel.IdentityProviderRedirectMode;

import java.util.List;

/**
 * The enabled identity providers of an organization that serve one email domain. Those configured for exactly that
 * domain win; otherwise those configured for any of the organization's domains. More than one means the user
 * chooses.
 */
final class DomainIdentityProviders {

    private DomainIdentityProviders() {
    }

    /** For routing: only providers set to redirect users whose email matches (the native "redirect" switch). */
    static List<IdentityProviderModel> forRouting(OrganizationModel organization, OrganizationDomainModel domain) {
        return best(organization.getIdentityProviders()
                .filter(IdentityProviderModel::isEnabled)
                .filter(IdentityProviderRedirectMode.EMAIL_MATCH::isSet)
                .toList(), domain, false);
    }

    /**
     * For SSO enforcement: any linked provider will do when none is configured for the domain, since the user may not
     * use a password at all.
     */
    static List<IdentityProviderModel> forEnforcement(OrganizationModel organization, OrganizationDomainModel domain) {
        return best(organization.getIdentityProviders().filter(IdentityProviderModel::isEnabled).toList(), domain, true);
    }

    private static List<IdentityProviderModel> best(List<IdentityProviderModel> linked, OrganizationDomainModel domain,
                                                    boolean anyAsLastResort) {
        List<IdentityProviderModel> exact = linked.stream()
                .filter(idp -> domain.getName().equalsIgnoreCase(configuredDomain(idp)))
                .toList();
        if (!exact.isEmpty()) {
            return exact;
        }
        List<IdentityProviderModel> anyDomain = linked.stream()
                .filter(idp -> OrganizationDomainModel.ANY_DOMAIN.equals(configuredDomain(idp)))
                .toList();
        if (!anyDomain.isEmpty() || !anyAsLastResort) {
            return anyDomain;
        }
        return linked;
    }

    private static String configuredDomain(IdentityProviderModel idp) {
        return idp.getConfig().get(OrganizationModel.ORGANIZATION_DOMAIN_ATTRIBUTE);
    }
}
