package dev.keycloaktenancy.keycloak;

import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationDomainModel;
import org.keycloak.models.OrganizationModel.IdentityProviderRedirectMode;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.utils.Organizations;

import java.util.List;

/**
 * How an identity provider is linked to an organization. Keycloak 26.7 keeps these settings in the provider's config
 * map ({@code kc.org.*} keys) and the link in {@code getOrganizationId()}; 26.8 moves them, and only this class then
 * changes.
 */
public final class IdentityProviderLinks {

    /** The value of {@link #domainOf} that stands for every domain of the organization. */
    public static final String ANY_DOMAIN = OrganizationDomainModel.ANY_DOMAIN;

    private IdentityProviderLinks() {
    }

    /** The organization domain the provider is configured for: a domain name, {@link #ANY_DOMAIN}, or null. */
    public static String domainOf(IdentityProviderModel identityProvider) {
        return identityProvider.getConfig().get(OrganizationModel.ORGANIZATION_DOMAIN_ATTRIBUTE);
    }

    /** The organization the provider is linked to, or null (26.7 links a provider to one organization). */
    public static String organizationIdOf(IdentityProviderModel identityProvider) {
        return identityProvider.getOrganizationId();
    }

    /** Whether the provider has "redirect when email domain matches" on. */
    public static boolean redirectsWhenEmailMatches(IdentityProviderModel identityProvider) {
        return IdentityProviderRedirectMode.EMAIL_MATCH.isSet(identityProvider);
    }

    /** Whether the provider's "excluded domains" list names this domain (Keycloak's own routing skips it then). */
    public static boolean excludes(IdentityProviderModel identityProvider, String domain) {
        String excluded = identityProvider.getConfig().get(OrganizationModel.ORGANIZATION_EXCLUDED_DOMAIN_ATTRIBUTE);
        if (excluded == null) {
            return false;
        }
        for (String name : excluded.split(",")) {
            if (Organizations.isSameDomain(domain, name.trim())) {
                return true;
            }
        }
        return false;
    }

    /** The organization identity providers a user is linked to and would be sent to straight away. */
    public static List<IdentityProviderModel> homeBrokers(KeycloakSession session, UserModel user) {
        return Organizations.resolveHomeBroker(session, user);
    }
}
