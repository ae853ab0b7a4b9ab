package dev.keycloaktenancy.domains;

import dev.keycloaktenancy.OrganizationSettings;
import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.TenancyException;
import dev.keycloaktenancy.keycloak.DomainTable;
import dev.keycloaktenancy.keycloak.IdentityProviderLinks;
import dev.keycloaktenancy.keycloak.OrganizationAttributes;
import dev.keycloaktenancy.keycloak.RowLocks;
import org.keycloak.common.util.SecretGenerator;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelException;
import org.keycloak.models.OrganizationDomainModel;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.organization.OrganizationProvider;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Domains of one organization, on Keycloak's native domains. Claiming one adds it unverified with a verification
 * token (kept in an organization attribute until the domain is verified); {@link DomainVerification} then checks DNS
 * and marks it verified. Claims of a realm are serialized on the realm's row. A claim never reaches into another
 * organization's verified ground, and an organization holds a limited number of domains and of pending verifications.
 * A name that another organization only claimed cannot be held twice in Keycloak's table, so it becomes a contested
 * claim, kept as its verification token alone: whoever proves it in DNS first takes it, and the other's pending claim
 * goes. No answer names the other organization.
 */
public final class OrganizationDomains {

    public static final String RECORD_PREFIX = "_keycloak-tenancy.";
    public static final String VALUE_PREFIX = "keycloak-tenancy-verification=";
    static final int DEFAULT_MAX_DOMAINS = 50;
    static final int DEFAULT_MAX_PENDING = 10;

    private final KeycloakSession session;
    private final OrganizationModel organization;
    private final Map<String, List<String>> tokenChanges = new HashMap<>();

    public OrganizationDomains(KeycloakSession session, OrganizationModel organization) {
        this.session = session;
        this.organization = organization;
    }

    /** A DNS check to run: the record to look up and the value it must hold; nothing to look up once verified. */
    record Check(String domain, String recordName, String expectedValue, boolean alreadyVerified) {
    }

    public List<DomainRepresentation> list() {
        List<DomainRepresentation> domains = new ArrayList<>();
        Set<String> names = new HashSet<>();
        organization.getDomains().forEach(d -> {
            names.add(d.getName());
            domains.add(representation(d.getName(), d.isVerified()));
        });
        contestedClaims().stream().filter(name -> !names.contains(name))
                .forEach(name -> domains.add(representation(name, false)));
        save();
        return domains.stream().sorted(Comparator.comparing(DomainRepresentation::name)).toList();
    }

    public DomainRepresentation get(String input) {
        String name = DomainName.normalize(input);
        Optional<OrganizationDomainModel> domain = find(name);
        if (domain.isEmpty() && !contestedClaims().contains(name)) {
            throw notClaimed(name);
        }
        DomainRepresentation shown = representation(name, domain.map(OrganizationDomainModel::isVerified).orElse(false));
        save();
        return shown;
    }

    public DomainRepresentation claim(String input) {
        String name = DomainName.normalize(input);
        RealmModel realm = session.getContext().getRealm();
        RowLocks.of(session).lockRealm(realm.getId());
        List<OrganizationDomainModel> held = organization.getDomains().toList();
        Set<String> contested = contestedClaims();
        if (held.stream().anyMatch(d -> d.getName().equals(name)) || contested.contains(name)) {
            throw TenancyException.conflict("domain_already_claimed", "Organization " + organization.getAlias()
                    + " has already claimed " + name + ".");
        }
        requireFreeGround(name);
        requireRoom(held, contested.size());
        if (DomainTable.of(session).holdersOf(realm.getId(), organization.getId(), name).isEmpty()) {
            Set<OrganizationDomainModel> domains = new HashSet<>(held);
            domains.add(new OrganizationDomainModel(name, false));
            try {
                organization.setDomains(domains);
            } catch (ModelException e) {
                throw TenancyException.badRequest("invalid_domain", name + " cannot be an organization domain.");
            }
        }
        DomainRepresentation claimed = representation(name, false);
        save();
        return claimed;
    }

    /**
     * Removes a claimed or verified domain. A domain that one of the organization's identity providers is set to is
     * refused: Keycloak would drop that setting, which is what keeps the provider's accounts at the domain.
     */
    public void remove(String input) {
        String name = DomainName.normalize(input);
        Optional<OrganizationDomainModel> domain = find(name);
        if (domain.isEmpty() && !contestedClaims().contains(name)) {
            throw notClaimed(name);
        }
        List<String> pinned = organization.getIdentityProviders()
                .filter(idp -> name.equalsIgnoreCase(IdentityProviderLinks.domainOf(idp)))
                .map(IdentityProviderModel::getAlias).sorted().toList();
        if (!pinned.isEmpty()) {
            throw TenancyException.conflict("domain_in_use", "The identity provider " + String.join(", ", pinned)
                    + " of " + organization.getAlias() + " is set to " + name + ", so the domain stays. A realm"
                    + " administrator changes the provider's domain first.");
        }
        if (domain.isPresent()) {
            Set<OrganizationDomainModel> domains = new HashSet<>(organization.getDomains().toList());
            domains.remove(domain.get());
            organization.setDomains(domains);
        }
        forgetToken(name);
        save();
    }

    /** What DNS must show to verify a claimed domain; gives the domain a token if it has none yet. */
    Check check(String input) {
        String name = DomainName.normalize(input);
        Optional<OrganizationDomainModel> domain = find(name);
        if (domain.isEmpty() && !contestedClaims().contains(name)) {
            throw notClaimed(name);
        }
        Check check = new Check(name, RECORD_PREFIX + DomainName.zoneOf(name), VALUE_PREFIX + token(name),
                domain.map(OrganizationDomainModel::isVerified).orElse(false));
        save();
        return check;
    }

    /**
     * Marks the domain of a successful check verified, provided it is still claimed with the same token (it may have
     * been removed or claimed anew while DNS was being asked). A contested claim takes the name over: another
     * organization's pending claim of it goes, unless that one was verified meanwhile.
     */
    DomainRepresentation markVerified(Check check) {
        RealmModel realm = session.getContext().getRealm();
        RowLocks.of(session).lockRealm(realm.getId());
        Optional<OrganizationDomainModel> domain = find(check.domain());
        if (domain.isPresent() && domain.get().isVerified()) {
            return representation(check.domain(), true);
        }
        if (!check.expectedValue().equals(VALUE_PREFIX + OrganizationSettings.of(organization).verificationToken(check.domain()))) {
            throw TenancyException.conflict("verification_failed", check.domain() + " was claimed anew or removed while"
                    + " DNS was being asked; publish the record it shows now and try again.");
        }
        if (domain.isEmpty()) {
            takeOverPendingClaims(realm, check.domain());
        }
        Set<OrganizationDomainModel> domains = new HashSet<>(organization.getDomains().toList());
        domain.ifPresent(domains::remove);
        domains.add(new OrganizationDomainModel(check.domain(), true));
        organization.setDomains(domains);
        forgetToken(check.domain());
        save();
        return representation(check.domain(), true);
    }

    /** Other organizations' unverified claims of the name go; a verified one keeps it. */
    private void takeOverPendingClaims(RealmModel realm, String name) {
        OrganizationProvider organizations = session.getProvider(OrganizationProvider.class);
        for (String holderId : DomainTable.of(session).holdersOf(realm.getId(), organization.getId(), name)) {
            OrganizationModel holder = organizations.getById(holderId);
            if (holder == null) {
                continue;
            }
            Set<OrganizationDomainModel> theirs = new HashSet<>(holder.getDomains().toList());
            if (theirs.stream().anyMatch(d -> d.getName().equals(name) && d.isVerified())) {
                throw TenancyException.conflict("domain_taken", name + " was verified by another organization of this"
                        + " realm meanwhile, so it cannot be verified here.");
            }
            theirs.removeIf(d -> d.getName().equals(name));
            holder.setDomains(theirs);
        }
        requireFreeGround(name);
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
            throw TenancyException.conflict("domain_taken", name + " overlaps a domain that another organization of"
                    + " this realm has verified, so it cannot be claimed.");
        }
    }

    private void requireRoom(List<OrganizationDomainModel> held, int contested) {
        RealmModel realm = session.getContext().getRealm();
        int max = limit(realm, Tenancy.MAX_DOMAINS_PER_ORGANIZATION, DEFAULT_MAX_DOMAINS);
        int total = held.size() + contested;
        if (total >= max) {
            throw TenancyException.conflict("limit_reached", "Organization " + organization.getAlias() + " already has "
                    + total + " domains, the most this realm allows (" + max + "). Remove one first.");
        }
        int maxPending = limit(realm, Tenancy.MAX_PENDING_DOMAINS_PER_ORGANIZATION, DEFAULT_MAX_PENDING);
        long pending = held.stream().filter(d -> !d.isVerified()).count() + contested;
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

    /** Claims of names another organization holds unverified: a verification token without a native domain. */
    private Set<String> contestedClaims() {
        Set<String> held = new HashSet<>();
        organization.getDomains().forEach(d -> held.add(d.getName()));
        Set<String> contested = new TreeSet<>();
        attributes().keySet().stream().filter(key -> key.startsWith(Tenancy.DOMAIN_VERIFICATION_PREFIX))
                .map(key -> key.substring(Tenancy.DOMAIN_VERIFICATION_PREFIX.length()))
                .filter(name -> !held.contains(name)).forEach(contested::add);
        return contested;
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
        String key = Tenancy.DOMAIN_VERIFICATION_PREFIX + name;
        if (tokenChanges.containsKey(key)) {
            return tokenChanges.get(key).get(0);
        }
        List<String> stored = organization.getAttributes().get(key);
        if (stored != null && !stored.isEmpty()) {
            return stored.get(0);
        }
        String token = SecretGenerator.getInstance().randomString(32);
        tokenChanges.put(key, List.of(token));
        return token;
    }

    private void forgetToken(String name) {
        tokenChanges.put(Tenancy.DOMAIN_VERIFICATION_PREFIX + name, null);
    }

    private Map<String, List<String>> attributes() {
        Map<String, List<String>> attributes = new HashMap<>(organization.getAttributes());
        tokenChanges.forEach((key, value) -> {
            if (value == null) {
                attributes.remove(key);
            } else {
                attributes.put(key, value);
            }
        });
        return attributes;
    }

    /** Writes new or dropped verification tokens to the organization, once per operation, changing no other key. */
    private void save() {
        if (!tokenChanges.isEmpty()) {
            OrganizationAttributes.change(session, organization, tokenChanges);
            tokenChanges.clear();
        }
    }

    private TenancyException notClaimed(String name) {
        return TenancyException.notFound("Organization " + organization.getAlias() + " has no domain " + name + ".");
    }
}
