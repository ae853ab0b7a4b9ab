package dev.keycloaktenancy.audit;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuditDetailTest {

    @Test
    void storesTheRepresentationAsJson() {
        String stored = AuditDetail.of(Map.of("name", "billing"));
        assertEquals("{\"name\":\"billing\"}", stored);
        assertEquals("billing", AuditDetail.read(stored).path("name").asText());
        assertNull(AuditDetail.of(null));
        assertNull(AuditDetail.read(null));
    }

    @Test
    void aLargeDetailBecomesANoteThatStaysValidJson() {
        String stored = AuditDetail.of(Map.of("text", "x".repeat(5000)));
        assertTrue(stored.length() <= AuditDetail.MAX_LENGTH);
        assertTrue(AuditDetail.read(stored).path("truncated").asBoolean());
        assertEquals(5011, AuditDetail.read(stored).path("length").asInt());
    }

    @Test
    void textThatIsNotJsonReadsAsAString() {
        assertEquals("not json", AuditDetail.read("not json").asText());
    }
}
