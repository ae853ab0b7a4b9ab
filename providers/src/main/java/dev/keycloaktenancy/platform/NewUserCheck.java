package dev.keycloaktenancy.platform;

import org.hibernate.event.spi.PostInsertEvent;
import org.hibernate.event.spi.PostInsertEventListener;
import org.hibernate.persister.entity.EntityPersister;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.jpa.entities.UserEntity;
import org.keycloak.utils.KeycloakSessionUtil;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Refuses a new user row that takes a realm beyond {@code tenancy.limits.max-users}. This catches the entry paths
 * that skip the user profile (the admin console's partial import, user federation); the friendlier checks before
 * creation still answer first on the others. A person's row is checked as it is written, so the refusal reaches the
 * code that asked for the user. A row named like a service account is checked when the transaction commits, because
 * Keycloak links it to its client only after writing it, and service accounts take no seat. Realms created in the
 * same transaction (a realm import, a restore) are not checked.
 */
final class NewUserCheck implements PostInsertEventListener {

    private static final String SERVICE_ACCOUNT_PREFIX = "service-account-";
    private static final String REALMS_CHECKED_AT_COMMIT = "tenancy.user-limit-at-commit";
    private static final String LIMITS_READ = "tenancy.user-limits-read";

    @Override
    public void onPostInsert(PostInsertEvent event) {
        if (!(event.getEntity() instanceof UserEntity user)) {
            return;
        }
        KeycloakSession session = KeycloakSessionUtil.getKeycloakSession();
        if (session == null || !session.getTransactionManager().isActive()
                || CreatedRealms.contains(session, user.getRealmId())) {
            return;
        }
        Integer max = maxUsers(session, event, user.getRealmId());
        if (max == null) {
            return;
        }
        if (user.getUsername() != null && user.getUsername().startsWith(SERVICE_ACCOUNT_PREFIX)) {
            checkAtCommit(session, user.getRealmId());
            return;
        }
        // Hibernate may still hold the insert in a JDBC batch; the count must include it.
        event.getSession().getJdbcCoordinator().executeBatch();
        String refusal = event.getSession().doReturningWork(connection -> {
            RealmUserCount users = new RealmUserCount(connection);
            return users.lockAndCount(user.getRealmId()) > max
                    ? UsageLimits.userLimitMessage(users.realmLabel(user.getRealmId()), max) : null;
        });
        if (refusal != null) {
            throw UserLimitReached.record(session, refusal);
        }
    }

    /** The realm's limit, read once per session: an import of many users asks once. */
    private static Integer maxUsers(KeycloakSession session, PostInsertEvent event, String realmId) {
        Map<String, Integer> limits = session.getAttributeOrDefault(LIMITS_READ, null);
        if (limits == null) {
            limits = new HashMap<>();
            session.setAttribute(LIMITS_READ, limits);
        }
        if (!limits.containsKey(realmId)) {
            limits.put(realmId, event.getSession().doReturningWork(connection ->
                    new RealmUserCount(connection).maxUsers(realmId)));
        }
        return limits.get(realmId);
    }

    private static void checkAtCommit(KeycloakSession session, String realmId) {
        Set<String> realms = session.getAttributeOrDefault(REALMS_CHECKED_AT_COMMIT, null);
        if (realms == null) {
            realms = new HashSet<>();
            session.setAttribute(REALMS_CHECKED_AT_COMMIT, realms);
        }
        if (!realms.add(realmId)) {
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

    @Override
    public boolean requiresPostCommitHandling(EntityPersister persister) {
        return false;
    }
}
