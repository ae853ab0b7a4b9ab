package dev.keycloaktenancy.webhooks;

import java.util.OptionalLong;

/**
 * When a failed delivery is tried again: 30 seconds after the first attempt, doubling each time up to 6 hours between
 * attempts, for at least 24 hours after the event; after a failed attempt later than that, never (the delivery is
 * marked failed and can be redelivered by hand). Each delay gets up to 10 % of jitter so that a receiver coming back
 * is not hit by every retry at once.
 */
public final class WebhookBackoff {

    public static final long FIRST_DELAY_MILLIS = 30_000;
    public static final long MAX_DELAY_MILLIS = 6 * 3600_000L;
    public static final long RETRY_WINDOW_MILLIS = 24 * 3600_000L;

    private WebhookBackoff() {
    }

    /**
     * The time of the next attempt after {@code failedAttempts} failed ones, the last at {@code now}; empty when the
     * event is older than the retry window. {@code jitter} is a number in [0, 1).
     */
    public static OptionalLong nextAttempt(long createdAt, int failedAttempts, long now, double jitter) {
        if (now - createdAt >= RETRY_WINDOW_MILLIS) {
            return OptionalLong.empty();
        }
        long delay = delay(failedAttempts);
        return OptionalLong.of(now + delay + (long) (delay * 0.1 * jitter));
    }

    /** Failed attempts in a row after which, failing for a whole retry window, a webhook is turned off. */
    public static final int DISABLE_AFTER_FAILURES = 10;

    /**
     * Whether a webhook keeps failing: no attempt succeeded for the whole retry window (24 hours) and over at least
     * {@link #DISABLE_AFTER_FAILURES} attempts in a row, so that one long outage of a busy receiver is waited out
     * but a receiver that is gone stops costing retries.
     */
    public static boolean keepsFailing(Long failingSince, int consecutiveFailures, long now) {
        return failingSince != null && consecutiveFailures >= DISABLE_AFTER_FAILURES
                && now - failingSince >= RETRY_WINDOW_MILLIS;
    }

    /** The delay after the given number of failed attempts (1 or more), without jitter. */
    static long delay(int failedAttempts) {
        int doublings = Math.min(Math.max(failedAttempts, 1) - 1, 20);
        return Math.min(FIRST_DELAY_MILLIS << doublings, MAX_DELAY_MILLIS);
    }
}
