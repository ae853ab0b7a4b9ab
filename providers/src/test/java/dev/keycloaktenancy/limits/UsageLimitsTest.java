package dev.keycloaktenancy.limits;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UsageLimitsTest {

    private static final String COUNT = "select count(*) from USER_ENTITY where REALM_ID = ?";

    @Test
    void mysqlAndMariadbCountWithALockingReadOthersPlainly() {
        assertEquals(COUNT + " lock in share mode", UsageLimits.latestRows(COUNT, "MariaDB"));
        assertEquals(COUNT + " lock in share mode", UsageLimits.latestRows(COUNT, "MySQL"));
        assertEquals(COUNT, UsageLimits.latestRows(COUNT, "PostgreSQL"));
        assertEquals(COUNT, UsageLimits.latestRows(COUNT, "H2"));
        assertEquals(COUNT, UsageLimits.latestRows(COUNT, null));
    }

    @Test
    void theRefusalNamesTheRealmAndTheLimit() {
        assertEquals("North University has reached its limit of 3 users; no new account can be created."
                + " Contact its administrator.", UsageLimits.userLimitMessage("North University", 3));
    }
}
