package dev.keycloaktenancy.audit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AuditRetentionTest {

    @Test
    void defaultsTo90Days() {
        assertEquals(90, AuditRetention.days((String) null));
        assertEquals(90, AuditRetention.days(""));
    }

    @Test
    void readsWholeDaysWithinBounds() {
        assertEquals(7, AuditRetention.days("7"));
        assertEquals(1, AuditRetention.days(" 1 "));
        assertEquals(3650, AuditRetention.days("3650"));
    }

    @Test
    void aValueThatIsNotOneKeepsTheDefaultAndNeverPurgesEverything() {
        for (String bad : new String[]{"0", "-1", "3651", "99999999999", "ten", "1.5", "7d"}) {
            assertEquals(90, AuditRetention.days(bad), bad);
        }
    }

    @Test
    void theCutoffIsThatManyDaysAgo() {
        assertEquals(1_000_000_000L - 86_400_000L * 90, AuditRetention.cutoff(1_000_000_000L, 90));
    }
}
