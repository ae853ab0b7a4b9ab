package dev.keycloaktenancy.keycloak;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import org.hibernate.Session;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

import java.util.Locale;

/** {@link UsageCounts} in native SQL on Keycloak's {@code USER_ENTITY}, {@code ORG} and membership tables. */
final class JpaUsageCounts implements UsageCounts {

    static final String USERS = "select count(*) from USER_ENTITY where REALM_ID = ?1 and SERVICE_ACCOUNT_CLIENT_LINK is null";
    private static final String ORGANIZATIONS = "select count(*) from ORG where REALM_ID = ?1";
    private static final String OTHER_ORGANIZATIONS = ORGANIZATIONS + " and GROUP_ID <> ?2";
    private static final String MEMBERS = "select count(*) from USER_GROUP_MEMBERSHIP m join ORG o on o.GROUP_ID = m.GROUP_ID"
            + " where o.ID = ?1";

    private final KeycloakSession session;
    private final EntityManager em;

    JpaUsageCounts(KeycloakSession session) {
        this.session = session;
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    @Override
    public long lockAndCountUsers(String realmId) {
        RowLocks.of(session).lockRealm(realmId);
        return latestCount(USERS, realmId);
    }

    @Override
    public long countUsers(String realmId) {
        return plainCount(USERS, realmId);
    }

    @Override
    public long countOrganizations(String realmId) {
        return plainCount(ORGANIZATIONS, realmId);
    }

    @Override
    public long lockAndCountOrganizationsOtherThan(String realmId, String groupId) {
        RowLocks.of(session).lockRealm(realmId);
        return latestCount(OTHER_ORGANIZATIONS, realmId, groupId);
    }

    @Override
    public long lockAndCountMembers(String organizationId) {
        if (!RowLocks.of(session).lockOrganization(organizationId)) {
            return 0;
        }
        return latestCount(MEMBERS, organizationId);
    }

    /**
     * Counts with the latest committed rows. PostgreSQL and H2 read committed data in every statement; MySQL and
     * MariaDB under repeatable read would answer from the transaction's snapshot, so there the count is a locking
     * read, which always sees the latest rows.
     */
    private long latestCount(String sql, String... parameters) {
        String product = em.unwrap(Session.class).doReturningWork(connection ->
                connection.getMetaData().getDatabaseProductName());
        return plainCount(latestRows(sql, product), parameters);
    }

    /** The count statement made a locking read where the database needs one to see the latest rows. */
    static String latestRows(String countStatement, String databaseProduct) {
        String lower = databaseProduct == null ? "" : databaseProduct.toLowerCase(Locale.ROOT);
        return lower.contains("mysql") || lower.contains("mariadb") ? countStatement + " lock in share mode"
                : countStatement;
    }

    private long plainCount(String sql, String... parameters) {
        Query query = em.createNativeQuery(sql);
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
        return ((Number) query.getSingleResult()).longValue();
    }
}
