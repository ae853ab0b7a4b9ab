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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Deliveries to a receiver on this machine (private targets allowed, as the realm attribute does for tests). */
class WebhookDeliveryTest {

    private final Map<String, String> received = new ConcurrentHashMap<>();
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
            exchange.sendResponseHeaders(204, -1);
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
        https.createContext("/ok", exchange -> {
            received.put("id", exchange.getRequestHeaders().getFirst("webhook-id"));
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
        } finally {
            https.stop(0);
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
