package dev.keycloaktenancy.limits;

import dev.keycloaktenancy.OrganizationSettings;
import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.TenancyException;
import dev.keycloaktenancy.TenancyMetrics;
import dev.keycloaktenancy.keycloak.RowLocks;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;

import java.util.Locale;

/**
 * Enforces a realm's {@code tenancy.limits.max-users} and {@code tenancy.limits.max-organizations}, and an
 * organization's {@code tenancy.limits.max-members}. A check locks the realm's (or organization's) row until the
 * transaction ends, then counts, so concurrent requests queue up and cannot overshoot: the second of two racing
 * requests counts the first one's user.
 */
public final class UsageLimits {

    private static final String USERS = "select count(*) from USER_ENTITY where REALM_ID = ?1 and SERVICE_ACCOUNT_CLIENT_LINK is null";

    private UsageLimits() {
    }

    /** What a realm uses of its limits. */
    public record Usage(long users, long organizations) {
    }

    /** Before a user is added to the realm: refuses when the realm already holds its maximum. */
    public static void checkRoomForUser(KeycloakSession session, RealmModel realm) {
        Integer max = OrganizationSettings.number(realm.getAttribute(Tenancy.MAX_USERS));
        if (max != null && lockAndCountUsers(session, realm) >= max) {
            TenancyMetrics.limitRefused(realm, "users");
            throw TenancyException.conflict("limit_reached", userLimitMessage(realm, max));
        }
    }

    /** Once users were added (they are in the transaction): refuses when that made too many. */
    static void checkUserCount(KeycloakSession session, RealmModel realm) {
        Integer max = OrganizationSettings.number(realm.getAttribute(Tenancy.MAX_USERS));
        if (max != null && lockAndCountUsers(session, realm) > max) {
            TenancyMetrics.limitRefused(realm, "users");
            throw TenancyException.conflict("limit_reached", userLimitMessage(realm, max));
        }
    }

    /** What the realm uses of its limits now, read without locking anything. */
    public static Usage usage(KeycloakSession session, RealmModel realm) {
        EntityManager em = entityManager(session);
        return new Usage(plainCount(em, USERS, realm.getId()),
                plainCount(em, "select count(*) from ORG where REALM_ID = ?1", realm.getId()));
    }

    private static long lockAndCountUsers(KeycloakSession session, RealmModel realm) {
        RowLocks.of(session).lockRealm(realm.getId());
        return count(entityManager(session), USERS, realm.getId());
    }

    public static String userLimitMessage(RealmModel realm, int max) {
        return userLimitMessage(realm.getDisplayName() != null ? realm.getDisplayName() : realm.getName(), max);
    }

    static String userLimitMessage(String realmLabel, int max) {
        return realmLabel + " has reached its limit of " + max + " users; no new account can be created. Contact its administrator.";
    }

    /** After a member joined (the join is in the transaction): refuses when that made one too many. */
    public static void checkMemberCount(KeycloakSession session, OrganizationModel organization) {
        Integer max = OrganizationSettings.of(organization).maxMembers();
        if (max != null && lockAndCountMembers(session, organization) > max) {
            TenancyMetrics.limitRefused(session.getContext().getRealm(), "members");
            throw TenancyException.conflict("limit_reached", organization.getName() + " has reached its limit of " + max
                    + " members. Remove a member or ask the administrator to raise the limit.");
        }
    }

    /** Before an automatic join (by email domain): whether one more member fits. Takes the same lock. */
    public static boolean hasRoomForMember(KeycloakSession session, OrganizationModel organization) {
        Integer max = OrganizationSettings.of(organization).maxMembers();
        return max == null || lockAndCountMembers(session, organization) < max;
    }

    private static long lockAndCountMembers(KeycloakSession session, OrganizationModel organization) {
        if (!RowLocks.of(session).lockOrganization(organization.getId())) {
            return 0;
        }
        return count(entityManager(session), "select count(*) from USER_GROUP_MEMBERSHIP m join ORG o on o.GROUP_ID = m.GROUP_ID"
                + " where o.ID = ?1", organization.getId());
    }

    /**
     * While an organization is being created (its internal group exists, its own row may not yet): refuses when the
     * realm already holds its maximum of other organizations.
     */
    public static void checkRoomForOrganization(KeycloakSession session, RealmModel realm, String newGroupId) {
        Integer max = OrganizationSettings.number(realm.getAttribute(Tenancy.MAX_ORGANIZATIONS));
        if (max == null) {
            return;
        }
        RowLocks.of(session).lockRealm(realm.getId());
        long others = count(entityManager(session), "select count(*) from ORG where REALM_ID = ?1 and GROUP_ID <> ?2",
                realm.getId(), newGroupId);
        if (others >= max) {
            TenancyMetrics.limitRefused(realm, "organizations");
            String name = realm.getDisplayName() != null ? realm.getDisplayName() : realm.getName();
            throw TenancyException.conflict("limit_reached", name + " has reached its limit of " + max
                    + " organizations. Delete one or ask the administrator to raise the limit.");
        }
    }

    private static EntityManager entityManager(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    /**
     * Counts with the latest committed rows. PostgreSQL and H2 read committed data in every statement; MySQL and
     * MariaDB under repeatable read would answer from the transaction's snapshot, so there the count is a locking
     * read, which always sees the latest rows.
     */
    private static long count(EntityManager em, String sql, String... parameters) {
        String product = em.unwrap(Session.class).doReturningWork(connection ->
                connection.getMetaData().getDatabaseProductName());
        return plainCount(em, latestRows(sql, product), parameters);
    }

    /** The count statement made a locking read where the database needs one to see the latest rows. */
    static String latestRows(String countStatement, String databaseProduct) {
        String lower = databaseProduct == null ? "" : databaseProduct.toLowerCase(Locale.ROOT);
        return lower.contains("mysql") || lower.contains("mariadb") ? countStatement + " lock in share mode"
                : countStatement;
    }

    private static long plainCount(EntityManager em, String sql, String... parameters) {
        jakarta.persistence.Query query = em.createNativeQuery(sql);
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
        return ((Number) query.getSingleResult()).longValue();
    }
}
