package dev.keycloaktenancy.keycloak;

import dev.keycloaktenancy.OrganizationNames;
import dev.keycloaktenancy.Tenancy;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The comparable form of every organization's name and branding display name, stored in the pack's table
 * {@code TENANCY_ORG_NAME_KEY} (one row per organization and kind, {@link OrganizationNames#key}), so that "does this
 * name read like another organization's" is one indexed look-up on (realm, key) instead of a read of every name of the
 * realm.
 * <p>
 * The rows follow Keycloak's own rows: {@link EntityWriteRelay} writes them as Hibernate writes an organization
 * (created or renamed by anyone: the pack, Keycloak's admin API and console, a realm import) or its display-name
 * attribute, in the same transaction; {@link OrganizationAttributes} writes them for the pack's own attribute writes,
 * which are plain SQL; removing the organization or the realm removes them ({@link #forgetOrganization},
 * {@link #forgetRealm}); organizations that existed before the table get theirs at start-up ({@link #fillMissing}).
 * A look-up trusts no row blindly: each row it finds is compared with the organization's name as stored now, and
 * a row that no longer matches is rewritten, so a missed write can only cost a repair, never a wrong refusal.
 */
public final class OrganizationNameKeys {

    /** The kind of a row: the organization's name. */
    public static final String NAME = "name";
    /** The kind of a row: the organization's branding display name ({@link Tenancy#BRAND_DISPLAY_NAME}). */
    public static final String DISPLAY_NAME = "display-name";

    private static final Logger LOG = Logger.getLogger(OrganizationNameKeys.class);
    private static final String TABLE = "TENANCY_ORG_NAME_KEY";

    private final EntityManager em;

    private OrganizationNameKeys(KeycloakSession session) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    public static OrganizationNameKeys of(KeycloakSession session) {
        return new OrganizationNameKeys(session);
    }

    /**
     * Whether an organization of the realm other than the given one (any, when null) has a name or display name that
     * reads like this name: one look-up by index, then a check of each row found against the stored name. The read
     * sees the latest committed rows (a locking read on MySQL and MariaDB); callers that must not race lock the
     * realm's row first.
     */
    public boolean readsLikeAnother(String realmId, String exceptOrganizationId, String name) {
        em.flush();
        String key = OrganizationNames.key(name);
        String wanted = OrganizationNames.comparable(name);
        return work(connection -> {
            List<String[]> found = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(latestRows(connection,
                    "select ORGANIZATION_ID, KIND from " + TABLE + " where REALM_ID = ? and NAME_KEY = ?"))) {
                select.setString(1, realmId);
                select.setString(2, key);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        found.add(new String[]{rows.getString(1), rows.getString(2)});
                    }
                }
            }
            boolean taken = false;
            for (String[] row : found) {
                if (row[0].equals(exceptOrganizationId)) {
                    continue;
                }
                Stored stored = stored(connection, row[0], row[1]);
                if (stored.exists() && stored.value() != null
                        && OrganizationNames.comparable(stored.value()).equals(wanted)) {
                    taken = true;
                } else if (stored.exists()) {
                    LOG.debugf("Name key of organization %s (%s) was out of date; rewritten", row[0], row[1]);
                    write(connection, row[0], stored.realmId(), row[1], stored.value());
                } else {
                    delete(connection, "ORGANIZATION_ID", row[0]);
                }
            }
            return taken;
        });
    }

    /** Removes the rows of a removed organization. */
    public static void forgetOrganization(KeycloakSession session, String organizationId) {
        of(session).work(connection -> delete(connection, "ORGANIZATION_ID", organizationId));
    }

    /** Removes the rows of a removed realm. */
    public static void forgetRealm(KeycloakSession session, String realmId) {
        of(session).work(connection -> delete(connection, "REALM_ID", realmId));
    }

    /** The realm's rows whose organization no longer exists (diagnostics: should be none). */
    public long orphans(String realmId) {
        return count("select count(*) from " + TABLE + " k where k.REALM_ID = ? and not exists"
                + " (select 1 from ORG o where o.ID = k.ORGANIZATION_ID)", realmId);
    }

    /** Rows of realms that no longer exist (diagnostics: should be none). */
    public long rowsOfRemovedRealms() {
        return count("select count(*) from " + TABLE + " k where not exists (select 1 from REALM r where r.ID = k.REALM_ID)");
    }

    private long count(String sql, String... parameters) {
        return work(connection -> {
            try (PreparedStatement count = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    count.setString(i + 1, parameters[i]);
                }
                try (ResultSet rows = count.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        });
    }

    /**
     * Writes the rows of organizations that have none, realm by realm, each in a transaction that starts by locking the
     * realm's row (so two nodes starting together, or a creation under way, queue up): organizations that existed
     * before this table, or were written while nothing watched. Answers how many rows were written.
     */
    public static int fillMissing(KeycloakSessionFactory factory) {
        List<String> realmIds = KeycloakModelUtils.runJobInTransactionWithResult(factory, session ->
                of(session).work(connection -> {
                    List<String> ids = new ArrayList<>();
                    try (PreparedStatement select = connection.prepareStatement("select distinct REALM_ID from ORG");
                         ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            ids.add(rows.getString(1));
                        }
                    }
                    return ids;
                }));
        int written = 0;
        for (String realmId : realmIds) {
            written += KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
                RowLocks.of(session).lockRealm(realmId);
                return of(session).work(connection -> fillMissing(connection, realmId));
            });
        }
        if (written > 0) {
            LOG.infof("Stored the comparable names of %d organization names and display names (look-alike name checks)",
                    written);
        }
        return written;
    }

    private static int fillMissing(Connection connection, String realmId) throws SQLException {
        List<String[]> missing = new ArrayList<>();
        try (PreparedStatement names = connection.prepareStatement("select o.ID, o.NAME from ORG o where o.REALM_ID = ?"
                + " and not exists (select 1 from " + TABLE + " k where k.ORGANIZATION_ID = o.ID and k.KIND = ?)")) {
            names.setString(1, realmId);
            names.setString(2, NAME);
            try (ResultSet rows = names.executeQuery()) {
                while (rows.next()) {
                    missing.add(new String[]{rows.getString(1), NAME, rows.getString(2)});
                }
            }
        }
        try (PreparedStatement displayNames = connection.prepareStatement("select o.ID, a.VALUE from ORG o join"
                + " GROUP_ATTRIBUTE a on a.GROUP_ID = o.GROUP_ID and a.NAME = ? where o.REALM_ID = ? and not exists"
                + " (select 1 from " + TABLE + " k where k.ORGANIZATION_ID = o.ID and k.KIND = ?)")) {
            displayNames.setString(1, Tenancy.BRAND_DISPLAY_NAME);
            displayNames.setString(2, realmId);
            displayNames.setString(3, DISPLAY_NAME);
            try (ResultSet rows = displayNames.executeQuery()) {
                while (rows.next()) {
                    missing.add(new String[]{rows.getString(1), DISPLAY_NAME, rows.getString(2)});
                }
            }
        }
        int written = 0;
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (String[] row : missing) {
                if (row[2] == null || row[2].isBlank()) {
                    continue;
                }
                insert.setString(1, row[0]);
                insert.setString(2, row[1]);
                insert.setString(3, realmId);
                insert.setString(4, OrganizationNames.key(row[2]));
                insert.addBatch();
                if (++written % 500 == 0) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
        }
        return written;
    }

    private static final String INSERT = "insert into " + TABLE + " (ORGANIZATION_ID, KIND, REALM_ID, NAME_KEY)"
            + " values (?, ?, ?, ?)";

    /** Sets the organization's row of this kind to the value's key; a null or blank value removes the row. */
    static void write(Connection connection, String organizationId, String realmId, String kind, String value)
            throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("delete from " + TABLE
                + " where ORGANIZATION_ID = ? and KIND = ?")) {
            delete.setString(1, organizationId);
            delete.setString(2, kind);
            delete.executeUpdate();
        }
        if (value == null || value.isBlank() || realmId == null) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setString(1, organizationId);
            insert.setString(2, kind);
            insert.setString(3, realmId);
            insert.setString(4, OrganizationNames.key(value));
            insert.executeUpdate();
        }
    }

    /** Sets the display-name row of the organization whose group this is (no-op for a group of no organization). */
    static void writeDisplayName(Connection connection, String groupId, String value) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("select ID, REALM_ID from ORG where GROUP_ID = ?")) {
            select.setString(1, groupId);
            try (ResultSet rows = select.executeQuery()) {
                if (rows.next()) {
                    String organizationId = rows.getString(1);
                    String realmId = rows.getString(2);
                    rows.close();
                    write(connection, organizationId, realmId, DISPLAY_NAME, value);
                }
            }
        }
    }

    /**
     * A display-name attribute row of the group is being deleted: the row follows what else the group still holds.
     * Hibernate runs a flush's inserts before its deletes, so a value replaced in the same flush (Keycloak removes the
     * old row and adds a new one) is already stored and kept; with nothing left, the row goes.
     */
    static void displayNameDeleted(Connection connection, String groupId, String deletedAttributeId)
            throws SQLException {
        String remaining = null;
        try (PreparedStatement select = connection.prepareStatement("select VALUE from GROUP_ATTRIBUTE where GROUP_ID = ?"
                + " and NAME = ? and ID <> ?")) {
            select.setString(1, groupId);
            select.setString(2, Tenancy.BRAND_DISPLAY_NAME);
            select.setString(3, deletedAttributeId);
            try (ResultSet rows = select.executeQuery()) {
                if (rows.next()) {
                    remaining = rows.getString(1);
                }
            }
        }
        writeDisplayName(connection, groupId, remaining);
    }

    /** For {@link OrganizationAttributes}: the pack wrote the display-name attribute (null when it removed it). */
    void displayNameWritten(String organizationId, String realmId, String value) {
        work(connection -> {
            write(connection, organizationId, realmId, DISPLAY_NAME, value);
            return null;
        });
    }

    /** The organization as stored now: whether it exists, its realm, and the value of the kind (null when unset). */
    private record Stored(boolean exists, String realmId, String value) {
    }

    private static Stored stored(Connection connection, String organizationId, String kind) throws SQLException {
        String realmId;
        String name;
        try (PreparedStatement select = connection.prepareStatement("select REALM_ID, NAME from ORG where ID = ?")) {
            select.setString(1, organizationId);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return new Stored(false, null, null);
                }
                realmId = rows.getString(1);
                name = rows.getString(2);
            }
        }
        if (NAME.equals(kind)) {
            return new Stored(true, realmId, name);
        }
        try (PreparedStatement select = connection.prepareStatement("select a.VALUE from GROUP_ATTRIBUTE a join ORG o"
                + " on o.GROUP_ID = a.GROUP_ID where o.ID = ? and a.NAME = ?")) {
            select.setString(1, organizationId);
            select.setString(2, Tenancy.BRAND_DISPLAY_NAME);
            try (ResultSet rows = select.executeQuery()) {
                return new Stored(true, realmId, rows.next() ? rows.getString(1) : null);
            }
        }
    }

    private static Void delete(Connection connection, String column, String id) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("delete from " + TABLE + " where " + column + " = ?")) {
            delete.setString(1, id);
            delete.executeUpdate();
        }
        return null;
    }

    /** MySQL and MariaDB answer a plain read from the transaction's snapshot; a locking read sees the latest rows. */
    private static String latestRows(Connection connection, String select) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        return product.contains("mysql") || product.contains("mariadb") ? select + " lock in share mode" : select;
    }

    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T work(Work<T> work) {
        return em.unwrap(Session.class).doReturningWork(work::run);
    }
}
