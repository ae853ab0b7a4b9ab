package dev.keycloaktenancy.domains;

import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.keycloak.DomainLookup;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationDomainModel;
import org.keycloak.models.OrganizationModel;
import org.keycloak.organization.OrganizationProvider;

import java.util.Optional;

/**
 * The organization that an email address's domain designates: the one look-up behind routing, SSO enforcement,
 * joining by email domain and login-page branding. Only a verified domain designates anyone; an organization merely
 * claiming a domain has no effect on the people who use it.
 *
 * @param organization the organization (enabled, unless found by {@link #holderOf})
 * @param domain       its most specific domain covering the email's domain (exact or wildcard)
 * @param emailDomain  the email's domain in canonical form (see {@link DomainName#ofEmail})
 */
public record DomainOwner(OrganizationModel organization, OrganizationDomainModel domain, String emailDomain) {

    /** The organization whose verified domain covers the email's domain. */
    public static Optional<DomainOwner> of(KeycloakSession session, String email) {
        return claimOf(session, email).filter(owner -> owner.domain().isVerified());
    }

    /** The enabled organization that has claimed the email's domain, verified or not. */
    public static Optional<DomainOwner> claimOf(KeycloakSession session, String email) {
        return holderOf(session, email).filter(owner -> owner.organization().isEnabled());
    }

    /**
     * The organization holding a domain that covers the email's domain, verified or not, enabled or not: for a caller
     * that decides on those facts itself (routing).
     */
    public static Optional<DomainOwner> holderOf(KeycloakSession session, String email) {
        Optional<String> emailDomain = DomainName.ofEmail(email);
        OrganizationProvider organizations = emailDomain.isEmpty() ? null : Tenancy.organizations(session);
        if (organizations == null) {
            return Optional.empty();
        }
        OrganizationModel organization = DomainLookup.organizationOf(organizations, emailDomain.get());
        if (organization == null) {
            return Optional.empty();
        }
        OrganizationDomainModel domain = DomainLookup.matchingDomain(emailDomain.get(), organization);
        return domain == null ? Optional.empty() : Optional.of(new DomainOwner(organization, domain, emailDomain.get()));
    }

    /**
     * The given organization's most specific domain covering the email's domain, verified or not: what Keycloak's own
     * steps match when a request names the organization (its scope) or when its identity provider signs someone in,
     * where no other organization is considered.
     */
    public static Optional<DomainOwner> claimIn(OrganizationModel organization, String email) {
        Optional<String> emailDomain = DomainName.ofEmail(email);
        if (emailDomain.isEmpty() || organization == null) {
            return Optional.empty();
        }
        OrganizationDomainModel domain = DomainLookup.matchingDomain(emailDomain.get(), organization);
        return domain == null ? Optional.empty() : Optional.of(new DomainOwner(organization, domain, emailDomain.get()));
    }
}
