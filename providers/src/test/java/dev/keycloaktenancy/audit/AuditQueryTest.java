package dev.keycloaktenancy.audit;

import dev.keycloaktenancy.TenancyException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuditQueryTest {

    @Test
    void readsInstantsAsIsoOrMilliseconds() {
        AuditQuery query = AuditQuery.of(0, 50, null, null, "2026-01-31T12:00:00Z", "1769864400001");
        assertEquals(1769860800000L, query.from());
        assertEquals(1769864400001L, query.to());
    }

    @Test
    void emptyFiltersAreNoFilters() {
        AuditQuery query = AuditQuery.of(5, 10, "", "", "", null);
        assertNull(query.action());
        assertNull(query.actor());
        assertNull(query.from());
        assertNull(query.to());
        assertEquals(5, query.first());
        assertEquals(10, query.max());
    }

    @Test
    void anActionEndingInADotIsAFamily() {
        assertTrue(AuditQuery.of(0, 1, "member.", null, null, null).actionIsPrefix());
        assertFalse(AuditQuery.of(0, 1, "member.removed", null, null, null).actionIsPrefix());
    }

    @Test
    void refusesBadInputWith400() {
        for (String bad : new String[]{"yesterday", "2026-13-01T00:00:00Z", "99999999999999999999", "-5"}) {
            TenancyException e = assertThrows(TenancyException.class, () -> AuditQuery.of(0, 1, null, null, bad, null));
            assertEquals(400, e.status(), bad);
        }
        assertEquals(400, assertThrows(TenancyException.class,
                () -> AuditQuery.of(0, 1, null, null, "2026-02-01T00:00:00Z", "2026-01-01T00:00:00Z")).status());
        assertEquals(400, assertThrows(TenancyException.class,
                () -> AuditQuery.of(0, 1, "a\nb", null, null, null)).status());
        assertEquals(400, assertThrows(TenancyException.class,
                () -> AuditQuery.of(0, 1, null, "x".repeat(256), null, null)).status());
        assertEquals(400, assertThrows(TenancyException.class,
                () -> AuditQuery.of(0, 1, "a".repeat(65), null, null, null)).status());
    }
}
