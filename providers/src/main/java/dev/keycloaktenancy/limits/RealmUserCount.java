package dev.keycloaktenancy.limits;

import dev.keycloaktenancy.OrganizationSettings;
import dev.keycloaktenancy.Tenancy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The user limit read and checked with plain JDBC on the transaction's own connection, for code that runs inside a
 * Hibernate flush, where JPA queries would flush again.
 */
final class RealmUserCount {

    private final Connection connection;

    RealmUserCount(Connection connection) {
        this.connection = connection;
    }

    Integer maxUsers(String realmId) throws SQLException {
        return OrganizationSettings.number(attribute(realmId, Tenancy.MAX_USERS));
    }

    /** The realm's display name, or its name: how people know it. */
    String realmLabel(String realmId) throws SQLException {
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
    }

    private String attribute(String realmId, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "select VALUE from REALM_ATTRIBUTE where REALM_ID = ? and NAME = ?")) {
            statement.setString(1, realmId);
            statement.setString(2, name);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    /** Locks the realm's row until the transaction ends, then counts its users (service accounts left out). */
    long lockAndCount(String realmId) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("select ID from REALM where ID = ? for update")) {
            lock.setString(1, realmId);
            lock.executeQuery().close();
        }
        String count = UsageLimits.latestRows(
                "select count(*) from USER_ENTITY where REALM_ID = ? and SERVICE_ACCOUNT_CLIENT_LINK is null",
                connection.getMetaData().getDatabaseProductName());
        try (PreparedStatement statement = connection.prepareStatement(count)) {
            statement.setString(1, realmId);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
