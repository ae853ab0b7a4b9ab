package dev.keycloaktenancy.domains;

import dev.keycloaktenancy.TenancyException;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.organization.OrganizationProvider;

import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * Verifying a domain through DNS. The request's transaction is committed before DNS is asked, so a resolver that is
 * slow or never answers holds no database connection; the result is then written in a transaction of its own. Each
 * organization may ask DNS {@value #CHECKS_PER_WINDOW} times in {@value #WINDOW_SECONDS} seconds, across all nodes of a
 * cluster (each check holds one of its slots in Keycloak's single-use object store, which is cluster-wide, for the
 * window); more often answers 429 with {@code Retry-After}. A node runs at most {@value #LOOKUPS_IN_FLIGHT} look-ups at
 * once, whoever asks: a resolver that never answers then holds a few request threads, not the pool every tenant
 * shares; more answer 503 with {@code Retry-After}.
 */
public final class DomainVerification {

    public static final int CHECKS_PER_WINDOW = 5;
    public static final int WINDOW_SECONDS = 30;
    public static final int LOOKUPS_IN_FLIGHT = 8;
    private static final Semaphore IN_FLIGHT = new Semaphore(LOOKUPS_IN_FLIGHT);
    private static final Logger LOG = Logger.getLogger(DomainVerification.class);

    /** What a caller records once a domain is verified (its admin event), in the transaction that verifies it. */
    public interface Audit {
        void verified(KeycloakSession session, OrganizationModel organization, DomainRepresentation domain);
    }

    private DomainVerification() {
    }

    private static boolean takeSlot(KeycloakSession session, OrganizationModel organization) {
        for (int slot = 0; slot < CHECKS_PER_WINDOW; slot++) {
            if (session.singleUseObjects().putIfAbsent("tenancy.domain-check." + organization.getId() + "." + slot,
                    WINDOW_SECONDS)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Checks DNS for the claimed domain and marks it verified, or refuses with the reason and changes nothing. After
     * this call the caller's transaction is over (unless the domain was verified already): it must not write again.
     */
    public static DomainRepresentation verify(KeycloakSession session, OrganizationModel organization, String input,
                                              Audit audit) {
        OrganizationDomains.Check check = new OrganizationDomains(session, organization).check(input);
        if (check.alreadyVerified()) {
            DomainRepresentation verified = new DomainRepresentation(check.domain(), true, null);
            audit.verified(session, organization, verified);
            return verified;
        }
        if (!takeSlot(session, organization)) {
            throw TenancyException.tooManyRequests("Organization " + organization.getAlias() + " asked DNS "
                    + CHECKS_PER_WINDOW + " times in the last " + WINDOW_SECONDS + " seconds; try again in a little while"
                    + " (DNS changes take a while to appear anyway).", WINDOW_SECONDS);
        }
        DnsTxtLookup dns = session.getProvider(DnsTxtLookup.class);
        String realmId = session.getContext().getRealm().getId();
        String organizationId = organization.getId();
        String alias = organization.getAlias();
        session.getTransactionManager().commit();

        if (!IN_FLIGHT.tryAcquire()) {
            throw TenancyException.unavailable("dns_busy", "This server is waiting for DNS on too many checks right"
                    + " now. Nothing was changed; try again in a few seconds.", 10);
        }
        List<String> records;
        try {
            records = dns.txt(check.recordName());
        } catch (DnsTxtLookup.DnsUnavailableException e) {
            LOG.warnf("Domain verification of %s for organization %s: %s", check.domain(), alias, e.getMessage());
            throw TenancyException.unavailable("dns_unavailable", "DNS did not answer, so " + check.domain()
                    + " could not be verified. Nothing was changed; try again in a minute.", 60);
        } finally {
            IN_FLIGHT.release();
        }
        if (!records.contains(check.expectedValue())) {
            throw TenancyException.conflict("verification_failed", records.isEmpty()
                    ? "No TXT record " + check.recordName() + " was found. Publish it with the value " + check.expectedValue()
                    + " and try again (DNS changes can take a while to appear)."
                    : "The TXT record " + check.recordName() + " does not hold " + check.expectedValue() + " (found "
                    + records.size() + " other value(s)). Nothing was changed.");
        }
        return KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(), job -> {
            RealmModel realm = job.realms().getRealm(realmId);
            job.getContext().setRealm(realm);
            OrganizationModel current = job.getProvider(OrganizationProvider.class).getById(organizationId);
            if (current == null) {
                throw TenancyException.notFound("The organization was removed while DNS was being asked.");
            }
            DomainRepresentation verified = new OrganizationDomains(job, current).markVerified(check);
            audit.verified(job, current, verified);
            return verified;
        });
    }
}
