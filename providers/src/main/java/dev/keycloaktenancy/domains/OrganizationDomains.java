package dev.keycloaktenancy.domains;

import dev.keycloaktenancy.TenancyException;
import org.jboss.logging.Logger;
import org.keycloak.common.util.SecretGenerator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.ModelValidationException;
import org.keycloak.models.OrganizationDomainModel;
import org.keycloak.models.OrganizationModel;
import org.keycloak.organization.OrganizationProvider;

import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Domains of one organization, on Keycloak's native domains: claiming one adds it unverified with a verification
 * token; verifying looks up {@code TXT _keycloak-tenancy.<domain>} for {@code keycloak-tenancy-verification=<token>}
 * and then sets the native verified flag. The token is kept in an organization attribute until then.
 */
public final class OrganizationDomains {

    public static final String TOKEN_ATTRIBUTE_PREFIX = "tenancy.domain-verification.";
    public static final String RECORD_PREFIX = "_keycloak-tenancy.";
    public static final String VALUE_PREFIX = "keycloak-tenancy-verification=";

    private static final Logger LOG = Logger.getLogger(OrganizationDomains.class);

    private final KeycloakSession session;
    private final OrganizationModel organization;
    private final Map<String, List<String>> attributes;
    private boolean attributesChanged;

    public OrganizationDomains(KeycloakSession session, OrganizationModel organization) {
        this.session = session;
        this.organization = organization;
        this.attributes = new HashMap<>(organization.getAttributes());
    }

    public List<DomainRepresentation> list() {
        List<DomainRepresentation> domains = organization.getDomains()
                .sorted(Comparator.comparing(OrganizationDomainModel::getName))
                .map(d -> representation(d.getName(), d.isVerified()))
                .toList();
        save();
        return domains;
    }

    public DomainRepresentation claim(String input) {
        String name = DomainName.normalize(input);
        if (find(name).isPresent()) {
            throw TenancyException.conflict("Organization " + organization.getAlias() + " has already claimed " + name + ".");
        }
        OrganizationModel holder = session.getProvider(OrganizationProvider.class).getByDomainName(name);
        if (holder != null && !holder.getId().equals(organization.getId())
                && holder.getDomains().anyMatch(d -> d.getName().equals(name))) {
            throw TenancyException.conflict(name + " is already claimed by another organization of this realm.");
        }
        Set<OrganizationDomainModel> domains = new HashSet<>(organization.getDomains().toList());
        domains.add(new OrganizationDomainModel(name, false));
        try {
            organization.setDomains(domains);
        } catch (ModelDuplicateException e) {
            throw TenancyException.conflict(name + " is already claimed by another organization of this realm.");
        } catch (ModelValidationException e) {
            throw TenancyException.badRequest(name + " cannot be claimed: " + e.getMessage() + ".");
        }
        DomainRepresentation claimed = representation(name, false);
        save();
        return claimed;
    }

    /** Checks DNS and marks the domain verified; refuses with a clear reason and changes nothing otherwise. */
    public DomainRepresentation verify(String input) {
        String name = DomainName.normalize(input);
        OrganizationDomainModel domain = find(name).orElseThrow(() -> notClaimed(name));
        if (domain.isVerified()) {
            return representation(name, true);
        }
        String expected = VALUE_PREFIX + token(name);
        String recordName = RECORD_PREFIX + DomainName.zoneOf(name);
        List<String> records;
        try {
            records = session.getProvider(DnsTxtLookup.class).txt(recordName);
        } catch (DnsTxtLookup.DnsUnavailableException e) {
            LOG.warnf("Domain verification of %s for organization %s: %s", name, organization.getAlias(), e.getMessage());
            save();
            throw TenancyException.conflict("dns_unavailable", "DNS could not be asked right now (" + e.getMessage()
                    + "). Nothing was changed; try again later.");
        }
        if (!records.contains(expected)) {
            save();
            throw TenancyException.conflict("verification_failed", records.isEmpty()
                    ? "No TXT record " + recordName + " was found. Publish it with the value " + expected
                    + " and try again (DNS changes can take a while to appear)."
                    : "The TXT record " + recordName + " does not hold " + expected + " (found " + records.size()
                    + " other value(s)). Nothing was changed.");
        }
        Set<OrganizationDomainModel> domains = new HashSet<>(organization.getDomains().toList());
        domains.remove(domain);
        domains.add(new OrganizationDomainModel(name, true));
        organization.setDomains(domains);
        forgetToken(name);
        save();
        return representation(name, true);
    }

    public void remove(String input) {
        String name = DomainName.normalize(input);
        OrganizationDomainModel domain = find(name).orElseThrow(() -> notClaimed(name));
        Set<OrganizationDomainModel> domains = new HashSet<>(organization.getDomains().toList());
        domains.remove(domain);
        organization.setDomains(domains);
        forgetToken(name);
        save();
    }

    private Optional<OrganizationDomainModel> find(String name) {
        return organization.getDomains().filter(d -> d.getName().equals(name)).findFirst();
    }

    private DomainRepresentation representation(String name, boolean verified) {
        if (verified) {
            return new DomainRepresentation(name, true, null);
        }
        return new DomainRepresentation(name, false, new DomainRepresentation.Verification("TXT",
                RECORD_PREFIX + DomainName.zoneOf(name), VALUE_PREFIX + token(name)));
    }

    /** The domain's verification token, created on first need (also for domains added in the admin console). */
    private String token(String name) {
        List<String> stored = attributes.get(TOKEN_ATTRIBUTE_PREFIX + name);
        if (stored != null && !stored.isEmpty()) {
            return stored.get(0);
        }
        String token = SecretGenerator.getInstance().randomString(32);
        attributes.put(TOKEN_ATTRIBUTE_PREFIX + name, List.of(token));
        attributesChanged = true;
        return token;
    }

    private void forgetToken(String name) {
        attributesChanged |= attributes.remove(TOKEN_ATTRIBUTE_PREFIX + name) != null;
    }

    /** Writes new or dropped verification tokens back to the organization, once per operation. */
    private void save() {
        if (attributesChanged) {
            organization.setAttributes(attributes);
            attributesChanged = false;
        }
    }

    private TenancyException notClaimed(String name) {
        return TenancyException.notFound("Organization " + organization.getAlias() + " has no domain " + name + ".");
    }
}
