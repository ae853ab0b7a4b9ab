package dev.keycloaktenancy.webhooks;

import org.junit.jupiter.api.Test;

import java.io.Closeable;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The keeping rules of the idle connection pool, with a clock the test moves and connections that only say closed. */
class WebhookConnectionsTest {

    private static final class FakeConnection implements Closeable {
        boolean closed;

        @Override
        public void close() {
            closed = true;
        }
    }

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final WebhookConnections<FakeConnection> pool =
            new WebhookConnections<>(3, Duration.ofSeconds(4), now::get);

    private static WebhookConnections.Key key(String scheme, String host, int port, String address) throws Exception {
        return new WebhookConnections.Key(scheme, host, port, InetAddress.getByName(address));
    }

    @Test
    void aKeptConnectionIsTakenAgainForTheSameSchemeHostPortAndAddress() throws Exception {
        FakeConnection connection = new FakeConnection();
        pool.keep(key("https", "hooks.example.com", 443, "93.184.216.34"), connection);
        assertSame(connection, pool.take(key("HTTPS", "Hooks.Example.COM", 443, "93.184.216.34")),
                "scheme and host compare without case");
        assertNull(pool.take(key("https", "hooks.example.com", 443, "93.184.216.34")), "taken means gone from the pool");
        assertFalse(connection.closed);
    }

    /** The SSRF rule: a connection made to one address is never handed out for a host now checked at another. */
    @Test
    void aConnectionIsNeverTakenForAnotherAddressSchemeHostOrPort() throws Exception {
        FakeConnection connection = new FakeConnection();
        pool.keep(key("https", "hooks.example.com", 443, "93.184.216.34"), connection);
        assertNull(pool.take(key("https", "hooks.example.com", 443, "10.0.0.7")), "the host now resolves elsewhere");
        assertNull(pool.take(key("http", "hooks.example.com", 443, "93.184.216.34")), "another scheme");
        assertNull(pool.take(key("https", "other.example.com", 443, "93.184.216.34")), "another host, same address");
        assertNull(pool.take(key("https", "hooks.example.com", 8443, "93.184.216.34")), "another port");
        assertSame(connection, pool.take(key("https", "hooks.example.com", 443, "93.184.216.34")));
    }

    @Test
    void theNewestKeptConnectionIsTakenFirst() throws Exception {
        WebhookConnections.Key key = key("http", "127.0.0.1", 8080, "127.0.0.1");
        FakeConnection older = new FakeConnection();
        FakeConnection newer = new FakeConnection();
        pool.keep(key, older);
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        pool.keep(key, newer);
        assertSame(newer, pool.take(key));
        assertSame(older, pool.take(key));
    }

    @Test
    void aConnectionIdleLongerThanTheIdleTimeIsClosedNotTaken() throws Exception {
        WebhookConnections.Key key = key("http", "127.0.0.1", 8080, "127.0.0.1");
        FakeConnection connection = new FakeConnection();
        pool.keep(key, connection);
        now.addAndGet(Duration.ofSeconds(4).toNanos());
        assertEquals(1, pool.idleCount(), "exactly the idle time is still kept");
        now.addAndGet(1);
        assertNull(pool.take(key));
        assertTrue(connection.closed);
        assertEquals(0, pool.idleCount());
    }

    @Test
    void closeExpiredClosesOnlyWhatWasIdleTooLong() throws Exception {
        FakeConnection old = new FakeConnection();
        FakeConnection recent = new FakeConnection();
        pool.keep(key("http", "a.test", 80, "127.0.0.1"), old);
        now.addAndGet(Duration.ofSeconds(3).toNanos());
        pool.keep(key("http", "b.test", 80, "127.0.0.1"), recent);
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        pool.closeExpired();
        assertTrue(old.closed);
        assertFalse(recent.closed);
        assertEquals(1, pool.idleCount());
    }

    /** The pool is bounded per node, across every receiver: the connection idle the longest makes room. */
    @Test
    void aFullPoolClosesTheConnectionIdleTheLongest() throws Exception {
        FakeConnection[] kept = new FakeConnection[4];
        for (int i = 0; i < kept.length; i++) {
            kept[i] = new FakeConnection();
            pool.keep(key("https", "r" + i + ".example.com", 443, "93.184.216." + i), kept[i]);
            now.addAndGet(1_000);
        }
        assertEquals(3, pool.idleCount());
        assertTrue(kept[0].closed);
        assertNull(pool.take(key("https", "r0.example.com", 443, "93.184.216.0")));
        for (int i = 1; i < kept.length; i++) {
            assertFalse(kept[i].closed);
            assertSame(kept[i], pool.take(key("https", "r" + i + ".example.com", 443, "93.184.216." + i)));
        }
    }

    @Test
    void aPoolOfNoneKeepsNothing() throws Exception {
        WebhookConnections<FakeConnection> none = new WebhookConnections<>(0, Duration.ofSeconds(4), now::get);
        FakeConnection connection = new FakeConnection();
        WebhookConnections.Key key = key("http", "127.0.0.1", 80, "127.0.0.1");
        none.keep(key, connection);
        assertTrue(connection.closed);
        assertNull(none.take(key));
    }

    @Test
    void closeAllEmptiesThePool() throws Exception {
        FakeConnection a = new FakeConnection();
        FakeConnection b = new FakeConnection();
        pool.keep(key("http", "a.test", 80, "127.0.0.1"), a);
        pool.keep(key("http", "a.test", 80, "127.0.0.1"), b);
        pool.closeAll();
        assertTrue(a.closed && b.closed);
        assertEquals(0, pool.idleCount());
    }

    @Test
    void aNegativeSizeOrIdleTimeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new WebhookConnections<FakeConnection>(-1,
                Duration.ofSeconds(1), now::get));
        assertThrows(IllegalArgumentException.class, () -> new WebhookConnections<FakeConnection>(1,
                Duration.ofSeconds(-1), now::get));
    }
}
