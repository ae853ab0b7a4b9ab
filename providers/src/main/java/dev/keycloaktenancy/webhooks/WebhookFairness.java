package dev.keycloaktenancy.webhooks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which due messages a node sends next, so that one webhook cannot hold up the others: each webhook has at most
 * {@link #PER_WEBHOOK} messages on their way at once from a node, and a webhook whose last attempt failed at most
 * {@link #PER_FAILING_WEBHOOK} (a probe), whatever its backlog. A slow or failing receiver therefore holds a few of the
 * node's senders, never all of them, and the other webhooks' messages keep going out.
 * <p>
 * The same class counts what is on its way; it is used by one thread of the delivery job.
 */
final class WebhookFairness {

    /** Messages of one webhook on their way at once, from one node. */
    static final int PER_WEBHOOK = 4;
    /** Messages on their way at once of a webhook whose last attempt failed. */
    static final int PER_FAILING_WEBHOOK = 1;

    /** A due message, oldest first in a window; {@code failing} when its webhook's last attempt failed. */
    record Due(String id, String webhookId, boolean failing) {
    }

    private final Map<String, Integer> onTheirWay = new HashMap<>();
    private final Map<String, Integer> limits = new HashMap<>();
    private int total;

    static int limit(boolean failing) {
        return failing ? PER_FAILING_WEBHOOK : PER_WEBHOOK;
    }

    /**
     * The ids to claim from a window of due messages (oldest first): in order, skipping a webhook's messages beyond
     * what its limit leaves, at most {@code capacity} in all.
     */
    List<Due> pick(List<Due> window, int capacity) {
        Map<String, Integer> taken = new HashMap<>();
        List<Due> picked = new ArrayList<>();
        for (Due due : window) {
            if (picked.size() >= capacity) {
                break;
            }
            int busy = onTheirWay.getOrDefault(due.webhookId(), 0) + taken.getOrDefault(due.webhookId(), 0);
            if (busy < limit(due.failing())) {
                taken.merge(due.webhookId(), 1, Integer::sum);
                picked.add(due);
            }
        }
        return picked;
    }

    /** Webhooks with as many messages on their way as they may have: the next window leaves them out. */
    List<String> full() {
        List<String> full = new ArrayList<>();
        onTheirWay.forEach((webhook, count) -> {
            if (count >= limits.get(webhook)) {
                full.add(webhook);
            }
        });
        return full;
    }

    void started(Due due) {
        onTheirWay.merge(due.webhookId(), 1, Integer::sum);
        limits.merge(due.webhookId(), limit(due.failing()), Math::min);
        total++;
    }

    void finished(String webhookId) {
        Integer left = onTheirWay.computeIfPresent(webhookId, (id, count) -> count == 1 ? null : count - 1);
        if (left == null) {
            limits.remove(webhookId);
        }
        total--;
    }

    /** Messages on their way. */
    int total() {
        return total;
    }
}
