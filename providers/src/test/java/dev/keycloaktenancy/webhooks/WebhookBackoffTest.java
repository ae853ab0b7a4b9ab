package dev.keycloaktenancy.webhooks;

import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebhookBackoffTest {

    @Test
    void delaysDoubleFrom30SecondsUpTo6Hours() {
        assertEquals(30_000, WebhookBackoff.delay(1));
        assertEquals(60_000, WebhookBackoff.delay(2));
        assertEquals(120_000, WebhookBackoff.delay(3));
        assertEquals(6 * 3600_000L, WebhookBackoff.delay(12));
        assertEquals(6 * 3600_000L, WebhookBackoff.delay(1000));
    }

    @Test
    void retriesForAtLeast24HoursThenStops() {
        long created = 1_000_000L;
        long now = created;
        int attempts = 0;
        OptionalLong next = OptionalLong.of(created);
        while (next.isPresent()) {
            now = next.getAsLong();
            attempts++;
            next = WebhookBackoff.nextAttempt(created, attempts, now, 0.99);
        }
        assertTrue(now - created >= 24 * 3600_000L, "the last attempt is a day or more after the event");
        assertTrue(now - created < 31 * 3600_000L, "and not much later: " + (now - created));
        assertTrue(attempts >= 12 && attempts <= 16, "attempts: " + attempts);
    }

    @Test
    void jitterAddsAtMostATenth() {
        assertEquals(30_000, WebhookBackoff.nextAttempt(0, 1, 0, 0).getAsLong());
        assertEquals(32_999, WebhookBackoff.nextAttempt(0, 1, 0, 0.99999).getAsLong());
    }

    @Test
    void aWebhookKeepsFailingAfterADayOfFailuresInARow() {
        long day = 24 * 3600_000L;
        assertTrue(WebhookBackoff.keepsFailing(0L, 10, day));
        assertFalse(WebhookBackoff.keepsFailing(0L, 10, day - 1), "not a whole day yet");
        assertFalse(WebhookBackoff.keepsFailing(0L, 9, 2 * day), "too few attempts to judge");
        assertFalse(WebhookBackoff.keepsFailing(null, 100, 2 * day), "it succeeded since");
    }
}
