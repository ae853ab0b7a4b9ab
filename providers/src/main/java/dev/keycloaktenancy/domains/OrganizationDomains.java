package dev.keycloaktenancy.domains;

import dev.keycloaktenancy.OrganizationSettings;
import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.TenancyException;
import dev.keycloaktenancy.keycloak.DomainTable;
import org.keycloak.common.util.SecretGenerator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.ModelValidationException;
import org.keycloak.models.OrganizationDomainModel;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Domains of one organization, on Keycloak's native domains. Claiming one adds it unverified with a verification
 * token (kept in an organization attribute until the domain is verified); {@link DomainVerification} then checks DNS
 * and marks it verified. A claim never reaches into another organization's verified ground, and an organization
 * holds a limited number of domains and of pending verifications.
 */
public final class OrganizationDomains {

    public static final String RECORD_PREFIX = "_keycloak-tenancy.";
    public static final String VALUE_PREFIX = "keycloak-tenancy-verification=";
    static final int DEFAULT_MAX_DOMAINS = 50;
    static final int DEFAULT_MAX_PENDING = 10;

    private final KeycloakSession session;
    private final OrganizationModel organization;
    private final Map<String, List<String>> attributes;
    private boolean attributesChanged;

    public OrganizationDomains(KeycloakSession session, OrganizationModel organization) {
        this.session = session;
        this.organization = organization;
        this.attributes = new HashMap<>(organization.getAttributes());
    }

    /** A DNS check to run: the record to look up and the value it must hold; nothing to look up once verified. */
    record Check(String domain, String recordName, String expectedValue, boolean alreadyVerified) {
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
        List<OrganizationDomainModel> held = organization.getDomains().toList();
        if (held.stream().anyMatch(d -> d.getName().equals(name))) {
            throw TenancyException.conflict("Organization " + organization.getAlias() + " has already claimed " + name + ".");
        }
        requireFreeGround(name);
        requireRoom(held);
        Set<OrganizationDomainModel> domains = new HashSet<>(held);
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

    public void remove(String input) {
        String name = DomainName.normalize(input);
        OrganizationDomainModel domain = find(name).orElseThrow(() -> notClaimed(name));
        Set<OrganizationDomainModel> domains = new HashSet<>(organization.getDomains().toList());
        domains.remove(domain);
        organization.setDomains(domains);
        forgetToken(name);
        save();
    }

    /** What DNS must show to verify a claimed domain; gives the domain a token if it has none yet. */
    Check check(String input) {
        String name = DomainName.normalize(input);
        OrganizationDomainModel domain = find(name).orElseThrow(() -> notClaimed(name));
        Check check = new Check(name, RECORD_PREFIX + DomainName.zoneOf(name), VALUE_PREFIX + token(name), domain.isVerified());
        save();
        return check;
    }

    /**
     * Marks the domain of a successful check verified, provided it is still claimed with the same token (it may have
     * been removed or claimed anew while DNS was being asked).
     */
    DomainRepresentation markVerified(Check check) {
        OrganizationDomainModel domain = find(check.domain()).orElseThrow(() -> notClaimed(check.domain()));
        if (domain.isVerified()) {
            return representation(check.domain(), true);
        }
        if (!check.expectedValue().equals(VALUE_PREFIX + OrganizationSettings.of(organization).verificationToken(check.domain()))) {
            throw TenancyException.conflict("verification_failed", check.domain() + " was claimed anew while DNS was"
                    + " being asked; publish the new record and try again.");
        }
        Set<OrganizationDomainModel> domains = new HashSet<>(organization.getDomains().toList());
        domains.remove(domain);
        domains.add(new OrganizationDomainModel(check.domain(), true));
        organization.setDomains(domains);
        forgetToken(check.domain());
        save();
        return representation(check.domain(), true);
    }

    /** Another organization's verified domain, a wildcard covering one, or a name below one: refused, naming nobody. */
    private void requireFreeGround(String name) {
        String zone = DomainName.zoneOf(name);
        List<String> around = new ArrayList<>();
        String[] labels = zone.split("\\.");
        for (int i = 0; i < labels.length - 1; i++) {
            String ancestor = String.join(".", Arrays.copyOfRange(labels, i, labels.length));
            around.add(ancestor);
            around.add("*." + ancestor);
        }
        RealmModel realm = session.getContext().getRealm();
        boolean taken = DomainTable.of(session).domainsOfOthers(realm.getId(), organization.getId(), around,
                        DomainName.isWildcard(name) ? zone : null, true).stream()
                .anyMatch(held -> DomainName.overlap(name, held));
        if (taken) {
            throw TenancyException.conflict(name + " overlaps a domain that another organization of this realm has"
                    + " verified, so it cannot be claimed.");
        }
    }

    private void requireRoom(List<OrganizationDomainModel> held) {
        RealmModel realm = session.getContext().getRealm();
        int max = limit(realm, Tenancy.MAX_DOMAINS_PER_ORGANIZATION, DEFAULT_MAX_DOMAINS);
        if (held.size() >= max) {
            throw TenancyException.conflict("limit_reached", "Organization " + organization.getAlias() + " already has "
                    + held.size() + " domains, the most this realm allows (" + max + "). Remove one first.");
        }
        int maxPending = limit(realm, Tenancy.MAX_PENDING_DOMAINS_PER_ORGANIZATION, DEFAULT_MAX_PENDING);
        long pending = held.stream().filter(d -> !d.isVerified()).count();
        if (pending >= maxPending) {
            throw TenancyException.conflict("limit_reached", "Organization " + organization.getAlias() + " already has "
                    + pending + " domains waiting for verification, the most this realm allows (" + maxPending
                    + "). Verify or remove one first.");
        }
    }

    private static int limit(RealmModel realm, String attribute, int defaultValue) {
        Integer value = OrganizationSettings.number(realm.getAttribute(attribute));
        return value == null || value < 0 ? defaultValue : value;
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
        List<String> stored = attributes.get(Tenancy.DOMAIN_VERIFICATION_PREFIX + name);
        if (stored != null && !stored.isEmpty()) {
            return stored.get(0);
        }
        String token = SecretGenerator.getInstance().randomString(32);
        attributes.put(Tenancy.DOMAIN_VERIFICATION_PREFIX + name, List.of(token));
        attributesChanged = true;
        return token;
    }

    private void forgetToken(String name) {
        attributesChanged |= attributes.remove(Tenancy.DOMAIN_VERIFICATION_PREFIX + name) != null;
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
