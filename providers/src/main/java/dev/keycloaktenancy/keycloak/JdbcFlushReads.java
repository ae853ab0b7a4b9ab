package dev.keycloaktenancy.keycloak;

import org.hibernate.engine.spi.SharedSessionContractImplementor;

import java.sql.PreparedStatement;
import java.sql.ResultSet;

/** {@link StorageEvents.FlushReads} in plain JDBC on Keycloak's {@code REALM}, {@code REALM_ATTRIBUTE} and {@code USER_ENTITY}. */
final class JdbcFlushReads implements StorageEvents.FlushReads {

    private final SharedSessionContractImplementor session;

    JdbcFlushReads(SharedSessionContractImplementor session) {
        this.session = session;
    }

    @Override
    public String realmAttribute(String realmId, String attribute) {
        return session.doReturningWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "select VALUE from REALM_ATTRIBUTE where REALM_ID = ? and NAME = ?")) {
                statement.setString(1, realmId);
                statement.setString(2, attribute);
                try (ResultSet rows = statement.executeQuery()) {
                    return rows.next() ? rows.getString(1) : null;
                }
            }
        });
    }

    @Override
    public String realmLabel(String realmId) {
        return session.doReturningWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "select DISPLAY_NAME, NAME from REALM where ID = ?")) {
                statement.setString(1, realmId);
                try (ResultSet rows = statement.executeQuery()) {
                    if (!rows.next()) {
                        return realmId;
                    }
                    String displayName = rows.getString(1);
                    return displayName == null || displayName.isBlank() ? rows.getString(2) : displayName;
                }
            }
        });
    }

    @Override
    public long countUsers(String realmId) {
        session.getJdbcCoordinator().executeBatch();
        return session.doReturningWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "select count(*) from USER_ENTITY where REALM_ID = ? and SERVICE_ACCOUNT_CLIENT_LINK is null")) {
                statement.setString(1, realmId);
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        });
    }

    @Override
    public long lockAndCountUsers(String realmId) {
        // Hibernate may still hold inserts in a JDBC batch; the count must include them.
        session.getJdbcCoordinator().executeBatch();
        return session.doReturningWork(connection -> {
            try (PreparedStatement lock = connection.prepareStatement("select ID from REALM where ID = ? for update")) {
                lock.setString(1, realmId);
                lock.executeQuery().close();
            }
            String count = JpaUsageCounts.latestRows(
                    "select count(*) from USER_ENTITY where REALM_ID = ? and SERVICE_ACCOUNT_CLIENT_LINK is null",
                    connection.getMetaData().getDatabaseProductName());
            try (PreparedStatement statement = connection.prepareStatement(count)) {
                statement.setString(1, realmId);
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        });
    }
}
