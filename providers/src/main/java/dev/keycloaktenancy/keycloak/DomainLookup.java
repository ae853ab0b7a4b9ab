package dev.keycloaktenancy.keycloak;

import org.jboss.logging.Logger;
import org.keycloak.models.ModelException;
import org.keycloak.models.OrganizationDomainModel;
import org.keycloak.models.OrganizationModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.organization.utils.Organizations;

/**
 * Keycloak's own rules for organization domains: which organization a domain designates (exact or wildcard), the most
 * specific domain of an organization covering a name, and the syntax of a domain.
 */
public final class DomainLookup {

    private static final Logger LOG = Logger.getLogger(DomainLookup.class);

    private DomainLookup() {
    }

    /**
     * The organization one of whose domains covers an ASCII, lower-case domain; or null. Keycloak's table does not
     * keep domain names unique, so two organizations may hold one name (claims that raced before the pack
     * serialized them): then the name designates nobody, and sign-in goes on without an organization.
     */
    public static OrganizationModel organizationOf(OrganizationProvider organizations, String domain) {
        try {
            return organizations.getByDomainName(domain);
        } catch (ModelException | jakarta.persistence.PersistenceException e) {
            LOG.warnf("Domain %s designates no organization: %s (GET …/tenancy/diagnostics lists duplicate domains)",
                    domain, e.getClass().getSimpleName());
            return null;
        }
    }

    /** The organization's most specific domain that covers the given domain, or null. */
    public static OrganizationDomainModel matchingDomain(String domain, OrganizationModel organization) {
        return Organizations.getMatchingDomain(domain, organization);
    }

    /** Keycloak's own syntax rules for an organization domain (wildcards included); throws when they fail. */
    public static void validate(String domain) {
        Organizations.validateDomain(domain);
    }
}
