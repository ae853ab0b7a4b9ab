package dev.keycloaktenancy.keycloak;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UsageCountsTest {

    private static final String COUNT = "select count(*) from USER_ENTITY where REALM_ID = ?";

    @Test
    void mysqlAndMariadbCountWithALockingReadOthersPlainly() {
        assertEquals(COUNT + " lock in share mode", JpaUsageCounts.latestRows(COUNT, "MariaDB"));
        assertEquals(COUNT + " lock in share mode", JpaUsageCounts.latestRows(COUNT, "MySQL"));
        assertEquals(COUNT, JpaUsageCounts.latestRows(COUNT, "PostgreSQL"));
        assertEquals(COUNT, JpaUsageCounts.latestRows(COUNT, "H2"));
        assertEquals(COUNT, JpaUsageCounts.latestRows(COUNT, null));
    }
}
