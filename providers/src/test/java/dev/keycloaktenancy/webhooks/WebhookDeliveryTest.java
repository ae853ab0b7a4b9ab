package dev.keycloaktenancy.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.util.JsonSerialization;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Deliveries to a receiver on this machine (private targets allowed, as the realm attribute does for tests). */
class WebhookDeliveryTest {

    private final Map<String, String> received = new ConcurrentHashMap<>();
    /** The client port of each request's connection, in order: the same port twice is a reused connection. */
    private final List<Integer> connections = new CopyOnWriteArrayList<>();
    private HttpServer receiver;
    private String base;
    private final WebhookDelivery delivery = new WebhookDelivery(host -> List.of(InetAddress.getByName(host)));

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/ok", exchange -> {
            received.put("id", exchange.getRequestHeaders().getFirst("webhook-id"));
            received.put("host", exchange.getRequestHeaders().getFirst("host"));
            received.put("timestamp", exchange.getRequestHeaders().getFirst("webhook-timestamp"));
            received.put("signature", exchange.getRequestHeaders().getFirst("webhook-signature"));
            received.put("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            connections.add(exchange.getRemoteAddress().getPort());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.createContext("/failing", exchange -> {
            exchange.getRequestBody().readAllBytes();
            connections.add(exchange.getRemoteAddress().getPort());
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        receiver.createContext("/closing", exchange -> {
            exchange.getRequestBody().readAllBytes();
            connections.add(exchange.getRemoteAddress().getPort());
            exchange.getResponseHeaders().add("Connection", "close");
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.createContext("/large-ok", exchange -> {
            exchange.getRequestBody().readAllBytes();
            connections.add(exchange.getRemoteAddress().getPort());
            byte[] answer = "y".repeat(WebhookDelivery.MAX_ANSWER_BYTES + 1).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        receiver.createContext("/chunked-ok", exchange -> {
            exchange.getRequestBody().readAllBytes();
            connections.add(exchange.getRemoteAddress().getPort());
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write("thanks".getBytes(StandardCharsets.UTF_8));
            exchange.close();
        });
        receiver.createContext("/redirect", exchange -> {
            exchange.getResponseHeaders().add("Location", base + "/ok");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        receiver.createContext("/chunked", exchange -> {
            exchange.sendResponseHeaders(500, 0);
            exchange.getResponseBody().write("not today".getBytes(StandardCharsets.UTF_8));
            exchange.close();
        });
        receiver.createContext("/large", exchange -> {
            byte[] answer = "x".repeat(100_000).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(500, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        receiver.start();
        base = "http://127.0.0.1:" + receiver.getAddress().getPort();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    @Test
    void aDeliveryIsSignedAsStandardWebhooksHasIt() throws Exception {
        String secret = WebhookSignature.newSecret();
        String body = WebhookPayload.body("member.added", 1_700_000_000_000L, "saas-b2b", "org-1", "globex",
                Map.of("userId", "u-1"));
        WebhookDelivery.Outcome outcome = delivery.send(base + "/ok", true, secret, "msg_1", 1_700_000_000L, body);
        assertTrue(outcome.delivered(), outcome::toString);
        assertEquals("msg_1", received.get("id"));
        assertEquals("1700000000", received.get("timestamp"));
        assertEquals(body, received.get("body"));
        assertEquals(WebhookSignature.sign(secret, "msg_1", 1_700_000_000L, body), received.get("signature"));
        JsonNode json = JsonSerialization.readValue(received.get("body"), JsonNode.class);
        assertEquals("member.added", json.path("type").asText());
        assertEquals("2023-11-14T22:13:20Z", json.path("timestamp").asText());
        assertEquals("globex", json.path("organization").path("alias").asText());
        assertEquals("u-1", json.path("data").path("userId").asText());
    }

    @Test
    void redirectsAreNotFollowed() {
        WebhookDelivery.Outcome outcome = delivery.send(base + "/redirect", true, WebhookSignature.newSecret(), "m", 1, "{}");
        assertEquals(302, outcome.status());
        assertFalse(outcome.delivered());
        assertFalse(received.containsKey("id"), "the redirect's target got nothing");
    }

    @Test
    void onlyTheStartOfAnAnswerIsRead() {
        WebhookDelivery.Outcome outcome = delivery.send(base + "/large", true, WebhookSignature.newSecret(), "m", 1, "{}");
        assertEquals(500, outcome.status());
        assertEquals(WebhookDelivery.MAX_ANSWER_BYTES, outcome.answer().length());
    }

    @Test
    void aPrivateTargetIsAFailedAttemptUnlessTheRealmAllowsIt() {
        WebhookDelivery.Outcome outcome = delivery.send(base.replace("http:", "https:") + "/ok", false,
                WebhookSignature.newSecret(), "m", 1, "{}");
        assertEquals(0, outcome.status());
        assertTrue(outcome.answer().contains("not a public address"), outcome::toString);
        assertFalse(received.containsKey("id"));
    }

    @Test
    void noAnswerIsAFailedAttempt() {
        receiver.stop(0);
        WebhookDelivery.Outcome outcome = delivery.send(base + "/ok", true, WebhookSignature.newSecret(), "m", 1, "{}");
        assertEquals(0, outcome.status());
        assertFalse(outcome.delivered());
    }

    @Test
    void aChunkedAnswerIsRead() {
        WebhookDelivery.Outcome outcome = delivery.send(base + "/chunked", true, WebhookSignature.newSecret(), "m", 1,
                "{}");
        assertEquals(500, outcome.status());
        assertEquals("not today", outcome.answer());
    }

    /** A receiver that keeps the connection open after a 204 (no body by definition) is not waited for. */
    @Test
    void a204WithoutContentLengthOnAKeptConnectionIsDelivered() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Thread answering = new Thread(() -> {
                try (Socket socket = server.accept()) {
                    socket.getInputStream().read(new byte[8192]);
                    socket.getOutputStream().write("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                    Thread.sleep(15_000);
                } catch (Exception e) {
                    // the test is over
                }
            });
            answering.setDaemon(true);
            answering.start();
            WebhookDelivery.Outcome outcome = delivery.send("http://127.0.0.1:" + server.getLocalPort() + "/", true,
                    WebhookSignature.newSecret(), "m", 1, "{}");
            assertEquals(204, outcome.status(), outcome::toString);
            answering.interrupt();
        }
    }

    /** A host accepted while public that DNS later points at a private address is refused at the next attempt. */
    @Test
    void everyAttemptResolvesTheHostAgain() {
        AtomicInteger lookups = new AtomicInteger();
        WebhookTarget.Resolver rebinding = host -> List.of(InetAddress.getByName(
                lookups.getAndIncrement() == 0 ? "93.184.216.34" : "10.0.0.7"));
        WebhookTarget.check("https://hooks.example.com/in", false, rebinding);
        WebhookDelivery.Outcome outcome = new WebhookDelivery(rebinding).send("https://hooks.example.com/in", false,
                WebhookSignature.newSecret(), "m", 1, "{}");
        assertEquals(0, outcome.status());
        assertTrue(outcome.answer().contains("10.0.0.7"), outcome::toString);
        assertEquals(2, lookups.get());
    }

    /**
     * The connection goes to the address that was checked, looked up once: a resolver that would answer differently
     * the second time is never asked again (and the JDK's own DNS does not know the host at all).
     */
    @Test
    void theConnectionGoesToTheAddressThatWasChecked() {
        AtomicInteger lookups = new AtomicInteger();
        WebhookTarget.Resolver rebinding = host -> List.of(InetAddress.getByName(
                lookups.getAndIncrement() == 0 ? "127.0.0.1" : "192.0.2.1"));
        String url = "http://hooks.receiver.test:" + receiver.getAddress().getPort() + "/ok";
        WebhookDelivery.Outcome outcome = new WebhookDelivery(rebinding).send(url, true, WebhookSignature.newSecret(),
                "msg_pinned", 1, "{}");
        assertTrue(outcome.delivered(), outcome::toString);
        assertEquals("msg_pinned", received.get("id"));
        assertEquals("hooks.receiver.test:" + receiver.getAddress().getPort(), received.get("host"));
        assertEquals(1, lookups.get());
    }

    /**
     * Over https the pinned connection still names the URL's host: a certificate for that host is accepted, and the
     * same certificate reached through another host name (same address) is refused.
     */
    @Test
    void httpsToAPinnedAddressChecksTheCertificateAgainstTheUrlsHost(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("receiver.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "receiver", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=hooks.receiver.test", "-ext", "SAN=dns:hooks.receiver.test", "-validity", "2",
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit")
                .redirectErrorStream(true).start();
        assertEquals(0, keytool.waitFor(), () -> new String(readAll(keytool), StandardCharsets.UTF_8));
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(store)) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, "changeit".toCharArray());
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(keyManagers.getKeyManagers(), null, null);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(keys);
        SSLContext clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, trust.getTrustManagers(), null);

        HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        List<Integer> tlsPorts = new CopyOnWriteArrayList<>();
        https.createContext("/ok", exchange -> {
            received.put("id", exchange.getRequestHeaders().getFirst("webhook-id"));
            tlsPorts.add(exchange.getRemoteAddress().getPort());
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        https.start();
        try {
            WebhookDelivery pinned = new WebhookDelivery(host -> List.of(InetAddress.getByName("127.0.0.1")),
                    clientTls);
            int port = https.getAddress().getPort();
            WebhookDelivery.Outcome other = pinned.send("https://other.receiver.test:" + port + "/ok", true,
                    WebhookSignature.newSecret(), "msg_other", 1, "{}");
            assertEquals(0, other.status(), other::toString);
            assertFalse(received.containsKey("id"), "nothing was sent to a host the certificate is not for");
            WebhookDelivery.Outcome outcome = pinned.send("https://hooks.receiver.test:" + port + "/ok", true,
                    WebhookSignature.newSecret(), "msg_tls", 1, "{}");
            assertTrue(outcome.delivered(), outcome::toString);
            assertEquals("msg_tls", received.get("id"));
            assertEquals(1, pinned.idleConnections(), "the verified connection is kept");
            WebhookDelivery.Outcome again = pinned.send("https://other.receiver.test:" + port + "/ok", true,
                    WebhookSignature.newSecret(), "msg_other_again", 1, "{}");
            assertEquals(0, again.status(), "the connection verified for hooks.receiver.test is not another host's: "
                    + again);
            assertEquals("msg_tls", received.get("id"));
            assertTrue(pinned.send("https://hooks.receiver.test:" + port + "/ok", true, WebhookSignature.newSecret(),
                    "msg_tls_again", 1, "{}").delivered());
            assertEquals("msg_tls_again", received.get("id"));
            assertEquals(List.of(tlsPorts.get(0)), List.copyOf(Set.copyOf(tlsPorts)), "over one connection: " + tlsPorts);
        } finally {
            https.stop(0);
        }
    }

    private WebhookDelivery.Outcome sendTo(WebhookDelivery client, String url, String id) {
        return client.send(url, true, WebhookSignature.newSecret(), id, 1, "{}");
    }

    @Test
    void messagesToTheSameReceiverShareOneKeptConnection() {
        for (int i = 0; i < 3; i++) {
            WebhookDelivery.Outcome outcome = sendTo(delivery, base + "/ok", "msg_" + i);
            assertTrue(outcome.delivered(), outcome::toString);
        }
        assertEquals(3, connections.size());
        assertEquals(1, Set.copyOf(connections).size(), "one connection for the three: " + connections);
        assertEquals(1, delivery.idleConnections());
    }

    /**
     * The host's DNS answer changed between two messages (to another address the realm allows): the second message
     * goes on a new connection to the new address, not on the one kept for the old address.
     */
    @Test
    void aKeptConnectionIsNotUsedOnceTheHostResolvesElsewhere() throws Exception {
        HttpServer wildcard = HttpServer.create(new InetSocketAddress(0), 0);
        List<String> localAddresses = new CopyOnWriteArrayList<>();
        wildcard.createContext("/in", exchange -> {
            exchange.getRequestBody().readAllBytes();
            localAddresses.add(exchange.getLocalAddress().getAddress().getHostAddress());
            connections.add(exchange.getRemoteAddress().getPort());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        wildcard.start();
        try {
            AtomicInteger lookups = new AtomicInteger();
            WebhookDelivery moving = new WebhookDelivery(host -> List.of(InetAddress.getByName(
                    lookups.getAndIncrement() < 2 ? "127.0.0.1" : "127.0.0.2")));
            String url = "http://hooks.receiver.test:" + wildcard.getAddress().getPort() + "/in";
            for (int i = 0; i < 3; i++) {
                WebhookDelivery.Outcome outcome = sendTo(moving, url, "msg_" + i);
                assertTrue(outcome.delivered(), outcome::toString);
            }
            assertEquals(List.of("127.0.0.1", "127.0.0.1", "127.0.0.2"), localAddresses);
            assertEquals(connections.get(0), connections.get(1), "kept while the address stayed");
            assertNotEquals(connections.get(1), connections.get(2), "a new connection to the new address");
            assertEquals(3, lookups.get(), "each message looks the host up");
        } finally {
            wildcard.stop(0);
        }
    }

    @Test
    void aConnectionIsNotKeptAfterAFailedAttempt() {
        assertFalse(sendTo(delivery, base + "/failing", "m1").delivered());
        assertFalse(sendTo(delivery, base + "/failing", "m2").delivered());
        assertNotEquals(connections.get(0), connections.get(1));
        assertEquals(0, delivery.idleConnections());
    }

    @Test
    void aConnectionIsNotKeptWhenTheReceiverSaysClose() {
        assertTrue(sendTo(delivery, base + "/closing", "m1").delivered());
        assertTrue(sendTo(delivery, base + "/closing", "m2").delivered());
        assertNotEquals(connections.get(0), connections.get(1));
        assertEquals(0, delivery.idleConnections());
    }

    /** An answer longer than what is read is left unread: that connection is closed, not kept. */
    @Test
    void aConnectionIsNotKeptWhenTheAnswerWasNotReadToItsEnd() {
        assertTrue(sendTo(delivery, base + "/large-ok", "m1").delivered());
        assertTrue(sendTo(delivery, base + "/large-ok", "m2").delivered());
        assertNotEquals(connections.get(0), connections.get(1));
        assertEquals(0, delivery.idleConnections());
    }

    @Test
    void aChunkedAnswerReadToItsLastChunkKeepsTheConnection() {
        WebhookDelivery.Outcome first = sendTo(delivery, base + "/chunked-ok", "m1");
        assertEquals(200, first.status(), first::toString);
        assertEquals("thanks", first.answer());
        assertTrue(sendTo(delivery, base + "/chunked-ok", "m2").delivered());
        assertEquals(connections.get(0), connections.get(1));
    }

    @Test
    void theKeptConnectionsAreBoundedPerNode() throws Exception {
        WebhookDelivery small = new WebhookDelivery(host -> List.of(InetAddress.getByName(host)),
                SSLContext.getDefault(), 0);
        assertTrue(sendTo(small, base + "/ok", "m1").delivered());
        assertTrue(sendTo(small, base + "/ok", "m2").delivered());
        assertNotEquals(connections.get(0), connections.get(1));
        assertEquals(0, small.idleConnections());
    }

    /** A receiver that closed a kept connection while it was idle: the next message notices and opens a new one. */
    @Test
    void aConnectionTheReceiverClosedWhileIdleIsNotUsed() throws Exception {
        try (ScriptedReceiver scripted = new ScriptedReceiver((connection, request) ->
                request == 0 ? Step.ANSWER_THEN_CLOSE : Step.ANSWER)) {
            assertTrue(sendTo(delivery, scripted.url(), "m1").delivered());
            scripted.waitForClosed(1);
            WebhookDelivery.Outcome second = sendTo(delivery, scripted.url(), "m2");
            assertTrue(second.delivered(), second::toString);
            assertEquals(2, scripted.accepted());
            assertEquals(List.of("m1", "m2"), scripted.ids());
        }
    }

    /**
     * A receiver that closes a kept connection just as the next message arrives on it (read, no answer): the message
     * is sent once more on a new connection, and the receiver sees it twice, as at-least-once delivery allows.
     */
    @Test
    void aKeptConnectionClosedAsTheMessageArrivesSendsItOnceMoreOnANewOne() throws Exception {
        try (ScriptedReceiver scripted = new ScriptedReceiver((connection, request) ->
                connection == 0 && request == 1 ? Step.CLOSE_WITHOUT_ANSWER : Step.ANSWER)) {
            assertTrue(sendTo(delivery, scripted.url(), "m1").delivered());
            WebhookDelivery.Outcome second = sendTo(delivery, scripted.url(), "m2");
            assertTrue(second.delivered(), second::toString);
            assertEquals(2, scripted.accepted());
            assertEquals(List.of("m1", "m2", "m2"), scripted.ids());
        }
    }

    /** A kept connection that fails later than at once (here: no answer in time) is a failed attempt, not resent. */
    @Test
    void aKeptConnectionThatTimesOutIsAFailedAttemptNotResent() throws Exception {
        try (ScriptedReceiver scripted = new ScriptedReceiver((connection, request) ->
                request == 1 ? Step.NO_ANSWER : Step.ANSWER)) {
            WebhookDelivery impatient = new WebhookDelivery(host -> List.of(InetAddress.getByName(host)));
            assertTrue(sendTo(impatient, scripted.url(), "m1").delivered());
            long started = System.nanoTime();
            WebhookDelivery.Outcome second = sendTo(impatient, scripted.url(), "m2");
            assertEquals(0, second.status(), second::toString);
            assertTrue(System.nanoTime() - started >= WebhookDelivery.ANSWER_TIMEOUT.toNanos() - 100_000_000L);
            assertEquals(1, scripted.accepted());
            assertEquals(List.of("m1", "m2"), scripted.ids());
            assertEquals(0, impatient.idleConnections());
        }
    }

    enum Step { ANSWER, ANSWER_THEN_CLOSE, CLOSE_WITHOUT_ANSWER, NO_ANSWER }

    /** A raw HTTP/1.1 receiver that does, for the n-th request of the m-th connection, what its script says. */
    private static final class ScriptedReceiver implements AutoCloseable {

        private final ServerSocket server;
        private final List<String> ids = new CopyOnWriteArrayList<>();
        private final AtomicInteger accepted = new AtomicInteger();
        private final AtomicInteger closed = new AtomicInteger();

        ScriptedReceiver(java.util.function.BiFunction<Integer, Integer, Step> script) throws Exception {
            server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket socket = server.accept();
                        int connection = accepted.getAndIncrement();
                        Thread serving = new Thread(() -> serve(socket, connection, script));
                        serving.setDaemon(true);
                        serving.start();
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void serve(Socket socket, int connection, java.util.function.BiFunction<Integer, Integer, Step> script) {
            try (socket) {
                var in = new java.io.BufferedInputStream(socket.getInputStream());
                for (int request = 0; ; request++) {
                    String id = null;
                    int length = 0;
                    StringBuilder line = new StringBuilder();
                    boolean headersDone = false;
                    while (!headersDone) {
                        int b = in.read();
                        if (b == -1) {
                            return;
                        }
                        if (b != '\n') {
                            if (b != '\r') {
                                line.append((char) b);
                            }
                            continue;
                        }
                        String header = line.toString();
                        line.setLength(0);
                        String lower = header.toLowerCase(java.util.Locale.ROOT);
                        if (header.isEmpty()) {
                            headersDone = true;
                        } else if (lower.startsWith("content-length:")) {
                            length = Integer.parseInt(header.substring(15).trim());
                        } else if (lower.startsWith("webhook-id:")) {
                            id = header.substring(11).trim();
                        }
                    }
                    in.readNBytes(length);
                    ids.add(id);
                    Step step = script.apply(connection, request);
                    if (step == Step.CLOSE_WITHOUT_ANSWER) {
                        return;
                    }
                    if (step == Step.NO_ANSWER) {
                        Thread.sleep(WebhookDelivery.ANSWER_TIMEOUT.toMillis() + 2_000);
                        return;
                    }
                    socket.getOutputStream().write("HTTP/1.1 204 No Content\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                    if (step == Step.ANSWER_THEN_CLOSE) {
                        return;
                    }
                }
            } catch (Exception e) {
                // the test is over
            } finally {
                closed.incrementAndGet();
            }
        }

        String url() {
            return "http://127.0.0.1:" + server.getLocalPort() + "/in";
        }

        int accepted() {
            return accepted.get();
        }

        List<String> ids() {
            return ids;
        }

        void waitForClosed(int count) throws InterruptedException {
            for (int i = 0; i < 200 && closed.get() < count; i++) {
                Thread.sleep(10);
            }
            Thread.sleep(50);
        }

        @Override
        public void close() throws Exception {
            server.close();
        }
    }

    private static byte[] readAll(Process process) {
        try {
            return process.getInputStream().readAllBytes();
        } catch (java.io.IOException e) {
            return new byte[0];
        }
    }
}
