package dev.keycloaktenancy.limits;

import dev.keycloaktenancy.LimitValue;
import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.TenancyMetrics;
import dev.keycloaktenancy.keycloak.StorageEvents;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.utils.KeycloakSessionUtil;

import java.util.HashMap;
import java.util.Map;

/**
 * Refuses a new user row that takes a realm beyond {@code tenancy.limits.max-users}. This catches the entry paths
 * that skip the user profile (the admin console's partial import, user federation); the friendlier checks before
 * creation still answer first on the others. A person's row is checked as it is written, so the refusal reaches the
 * code that asked for the user. A row named like a service account is checked when the transaction commits, because
 * Keycloak links it to its client only after writing it, and service accounts take no seat. Realms created in the
 * same transaction (a realm import, a restore) are not checked.
 */
final class NewUserCheck implements StorageEvents.UserRows {

    private static final String SERVICE_ACCOUNT_PREFIX = "service-account-";
    private static final String REALMS_CHECKED_AT_COMMIT = "tenancy.user-limit-at-commit";
    private static final String LIMITS_READ = "tenancy.user-limits-read";
    private static final String TALLIES = "tenancy.user-tallies";
    private static final String LOCKED = "tenancy.user-tallies-locked";

    @Override
    public void inserted(StorageEvents.NewUser user, StorageEvents.FlushReads reads) {
        KeycloakSession session = KeycloakSessionUtil.getKeycloakSession();
        if (session == null || !session.getTransactionManager().isActive()
                || CreatedRealms.contains(session, user.realmId())) {
            return;
        }
        Integer max = maxUsers(session, reads, user.realmId());
        if (max == null) {
            return;
        }
        if (user.username() != null && user.username().startsWith(SERVICE_ACCOUNT_PREFIX)) {
            checkAtCommit(session, user.realmId());
            return;
        }
        Map<String, Long> tallies = sessionMap(session, TALLIES);
        Map<String, Boolean> locked = sessionMap(session, LOCKED);
        // Far below the limit a plain count decides, so sign-ups do not queue on the realm's row. Near it, the row is
        // locked until this transaction ends, so no one else adds users meanwhile: the last locked count plus this
        // transaction's new rows is an upper bound. Counting again only when it looks full keeps a large import from
        // counting the realm at every row.
        Long tally = tallies.get(user.realmId());
        long count = tally == null ? reads.countUsers(user.realmId()) : tally + 1;
        if (!locked.containsKey(user.realmId()) && count + UsageLimits.UNLOCKED_MARGIN >= max) {
            count = reads.lockAndCountUsers(user.realmId());
            locked.put(user.realmId(), Boolean.TRUE);
        } else if (locked.containsKey(user.realmId()) && count > max) {
            count = reads.lockAndCountUsers(user.realmId());
        }
        tallies.put(user.realmId(), count);
        if (count > max) {
            String refusal = UsageLimits.userLimitMessage(reads.realmLabel(user.realmId()), max);
            TenancyMetrics.limitRefused(session.realms().getRealm(user.realmId()), "users");
            throw UserLimitReached.record(session, refusal);
        }
    }

    /** The realm's limit, read once per session: an import of many users asks once. */
    private static Integer maxUsers(KeycloakSession session, StorageEvents.FlushReads reads, String realmId) {
        Map<String, Integer> limits = sessionMap(session, LIMITS_READ);
        if (!limits.containsKey(realmId)) {
            limits.put(realmId, LimitValue.read(reads.realmAttribute(realmId, Tenancy.MAX_USERS), null, "realm " + realmId,
                Tenancy.MAX_USERS));
        }
        return limits.get(realmId);
    }

    private static <V> Map<String, V> sessionMap(KeycloakSession session, String attribute) {
        Map<String, V> map = session.getAttributeOrDefault(attribute, null);
        if (map == null) {
            map = new HashMap<>();
            session.setAttribute(attribute, map);
        }
        return map;
    }

    private static void checkAtCommit(KeycloakSession session, String realmId) {
        if (sessionMap(session, REALMS_CHECKED_AT_COMMIT).put(realmId, Boolean.TRUE) != null) {
            return;
        }
        session.getTransactionManager().enlistPrepare(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                RealmModel realm = session.realms().getRealm(realmId);
                if (realm != null) {
                    UsageLimits.checkUserCount(session, realm);
                }
            }

            @Override
            protected void rollbackImpl() {
            }
        });
    }
}
