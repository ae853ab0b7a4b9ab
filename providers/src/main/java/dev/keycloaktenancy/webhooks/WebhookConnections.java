package dev.keycloaktenancy.webhooks;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The idle connections {@link WebhookDelivery} keeps open between messages (HTTP keep-alive), one pool per node. A
 * connection is kept under its {@link Key}: scheme, host, port AND the address it is connected to. An attempt looks
 * the host up and checks every address first, then asks for a connection under a key with one of exactly those
 * addresses: a connection made while DNS answered with another address is never used for a host that now resolves
 * elsewhere (to a private address, say), and a TLS connection was verified for the same host name. At most
 * {@code maxIdle} connections are kept in all (the oldest is closed to make room), none idle longer than
 * {@code idleTimeout}. Only what the caller hands back is kept: a connection in use is the caller's alone. Safe for
 * the senders' threads at once.
 *
 * @param <C> the connection (generic so that the keeping rules are tested without sockets)
 */
final class WebhookConnections<C extends Closeable> {

    /** Where a connection goes: the URL's scheme, host and port, and the checked address it is connected to. */
    record Key(String scheme, String host, int port, InetAddress address) {

        Key {
            scheme = scheme.toLowerCase(Locale.ROOT);
            host = host.toLowerCase(Locale.ROOT);
        }
    }

    private record Idle<C>(Key key, C connection, long since) {
    }

    private final int maxIdle;
    private final long idleNanos;
    private final LongSupplier nanoClock;
    /** Oldest first: the head is closed first when the pool is full, and a take looks from the tail (newest). */
    private final Deque<Idle<C>> idle = new ArrayDeque<>();

    WebhookConnections(int maxIdle, Duration idleTimeout, LongSupplier nanoClock) {
        if (maxIdle < 0 || idleTimeout.isNegative()) {
            throw new IllegalArgumentException("A pool needs a size and an idle time of at least 0");
        }
        this.maxIdle = maxIdle;
        this.idleNanos = idleTimeout.toNanos();
        this.nanoClock = nanoClock;
    }

    /**
     * The most recently returned idle connection under this key, taken out of the pool (the caller uses it, then
     * {@link #keep}s or closes it), or null. Connections idle for longer than the idle timeout are closed on the way.
     */
    C take(Key key) {
        List<C> expired = new ArrayList<>();
        C found = null;
        synchronized (this) {
            expire(expired);
            for (Iterator<Idle<C>> newestFirst = idle.descendingIterator(); newestFirst.hasNext(); ) {
                Idle<C> entry = newestFirst.next();
                if (entry.key().equals(key)) {
                    newestFirst.remove();
                    found = entry.connection();
                    break;
                }
            }
        }
        closeAll(expired);
        return found;
    }

    /**
     * Keeps a connection whose last exchange ended cleanly for the next message to the same key; when the pool is
     * full, the connection idle the longest is closed to make room (with a pool of 0, this one).
     */
    void keep(Key key, C connection) {
        List<C> closing = new ArrayList<>();
        synchronized (this) {
            expire(closing);
            if (maxIdle == 0) {
                closing.add(connection);
            } else {
                while (idle.size() >= maxIdle) {
                    closing.add(idle.removeFirst().connection());
                }
                idle.addLast(new Idle<>(key, connection, nanoClock.getAsLong()));
            }
        }
        closeAll(closing);
    }

    /** Closes the connections idle for longer than the idle timeout (the delivery job calls it at each run). */
    void closeExpired() {
        List<C> expired = new ArrayList<>();
        synchronized (this) {
            expire(expired);
        }
        closeAll(expired);
    }

    /** Closes every idle connection. */
    void closeAll() {
        List<C> all = new ArrayList<>();
        synchronized (this) {
            idle.forEach(entry -> all.add(entry.connection()));
            idle.clear();
        }
        closeAll(all);
    }

    synchronized int idleCount() {
        return idle.size();
    }

    private void expire(List<C> expired) {
        long now = nanoClock.getAsLong();
        for (Iterator<Idle<C>> oldestFirst = idle.iterator(); oldestFirst.hasNext(); ) {
            Idle<C> entry = oldestFirst.next();
            if (now - entry.since() > idleNanos) {
                oldestFirst.remove();
                expired.add(entry.connection());
            }
        }
    }

    /** Outside the pool's lock: closing a TLS connection writes to it. */
    private static <C extends Closeable> void closeAll(List<C> connections) {
        for (C connection : connections) {
            try {
                connection.close();
            } catch (IOException e) {
                // closed anyway; nothing to keep
            }
        }
    }
}
