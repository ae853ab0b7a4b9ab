package dev.keycloaktenancy.webhooks;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebhookFairnessTest {

    private static List<WebhookFairness.Due> backlog(String webhook, int count, boolean failing) {
        List<WebhookFairness.Due> due = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            due.add(new WebhookFairness.Due(webhook + "-" + i, webhook, failing));
        }
        return due;
    }

    private static long of(List<WebhookFairness.Due> picked, String webhook) {
        return picked.stream().filter(due -> due.webhookId().equals(webhook)).count();
    }

    @Test
    void aLargeBacklogAheadOfTheOthersTakesOnlyItsShare() {
        List<WebhookFairness.Due> window = new ArrayList<>(backlog("slow", 400, false));
        window.addAll(backlog("a", 2, false));
        window.addAll(backlog("b", 1, false));
        List<WebhookFairness.Due> picked = new WebhookFairness().pick(window, 32);
        assertEquals(WebhookFairness.PER_WEBHOOK, of(picked, "slow"));
        assertEquals(2, of(picked, "a"));
        assertEquals(1, of(picked, "b"));
    }

    @Test
    void aFailingWebhookGetsOneProbeAtATime() {
        WebhookFairness fairness = new WebhookFairness();
        List<WebhookFairness.Due> window = new ArrayList<>(backlog("down", 50, true));
        window.addAll(backlog("up", 3, false));
        List<WebhookFairness.Due> picked = fairness.pick(window, 32);
        assertEquals(1, of(picked, "down"));
        assertEquals(3, of(picked, "up"));
        picked.forEach(fairness::started);
        assertEquals(List.of("down"), fairness.full());
        assertTrue(fairness.pick(backlog("down", 5, true), 32).isEmpty(), "its probe is still on its way");
    }

    @Test
    void whatIsOnItsWayCountsAgainstTheLimitUntilItIsDone() {
        WebhookFairness fairness = new WebhookFairness();
        fairness.pick(backlog("w", 10, false), 32).forEach(fairness::started);
        assertEquals(WebhookFairness.PER_WEBHOOK, fairness.total());
        assertEquals(List.of("w"), fairness.full());
        assertTrue(fairness.pick(backlog("w", 10, false), 32).isEmpty());
        fairness.finished("w");
        assertTrue(fairness.full().isEmpty());
        assertEquals(1, fairness.pick(backlog("w", 10, false), 32).size());
        for (int i = 1; i < WebhookFairness.PER_WEBHOOK; i++) {
            fairness.finished("w");
        }
        assertEquals(0, fairness.total());
        assertEquals(WebhookFairness.PER_WEBHOOK, fairness.pick(backlog("w", 10, false), 32).size());
    }

    @Test
    void noMoreThanTheCapacityIsPicked() {
        List<WebhookFairness.Due> window = new ArrayList<>();
        for (int w = 0; w < 20; w++) {
            window.addAll(backlog("w" + w, 2, false));
        }
        List<WebhookFairness.Due> picked = new WebhookFairness().pick(window, 7);
        assertEquals(7, picked.size());
        assertEquals(window.subList(0, 7), picked, "oldest first");
    }
}
