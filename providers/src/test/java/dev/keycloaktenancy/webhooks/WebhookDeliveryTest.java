package dev.keycloaktenancy.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.util.JsonSerialization;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
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
}
