package dev.keycloaktenancy.scim;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down guessing of SCIM tokens: a client address gets {@link #MAX_FAILURES} wrong tokens per window, then every
 * further wrong token is refused with 429 until the window ends (a right token is always served). Kept per node (a
 * guess still has to beat 256 bits); the map is bounded, and when full it forgets everything rather than grow.
 */
public final class FailedAuthentications {

    public static final int MAX_FAILURES = 20;
    public static final long WINDOW_MS = 60_000;
    static final int MAX_ADDRESSES = 10_000;

    private record Window(long start, int failures) {
    }

    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    /** Seconds until the address may try again, or 0 when it may now. */
    public long retryAfterSeconds(String address, long now) {
        Window window = windows.get(address);
        if (window == null || now - window.start() >= WINDOW_MS || window.failures() < MAX_FAILURES) {
            return 0;
        }
        return Math.max(1, (window.start() + WINDOW_MS - now + 999) / 1000);
    }

    public void failed(String address, long now) {
        if (windows.size() >= MAX_ADDRESSES) {
            windows.clear();
        }
        windows.compute(address, (key, window) -> window == null || now - window.start() >= WINDOW_MS
                ? new Window(now, 1) : new Window(window.start(), window.failures() + 1));
    }
}
