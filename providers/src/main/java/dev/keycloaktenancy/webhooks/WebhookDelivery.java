package dev.keycloaktenancy.webhooks;

import dev.keycloaktenancy.TenancyException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One delivery attempt over HTTP, with the JDK's client: a signed POST of the JSON body, redirects not followed, 5
 * seconds to connect and 10 to answer, at most 4 KB of the answer read (kept for the delivery log). The target is
 * checked by {@link WebhookTarget} again just before sending, since its DNS may have changed since it was accepted
 * (a target that fails the check is a failed attempt).
 * Any 2xx answer is a success; anything else, or no answer, is a failure to retry.
 */
public final class WebhookDelivery {

    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);
    public static final int MAX_ANSWER_BYTES = 4096;

    /** What an attempt came to: the status code (0 without an answer) and the start of the answer or the error. */
    public record Outcome(int status, String answer) {

        public boolean delivered() {
            return status >= 200 && status < 300;
        }
    }

    private final HttpClient client;
    private final WebhookTarget.Resolver resolver;

    public WebhookDelivery(WebhookTarget.Resolver resolver) {
        this.client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(CONNECT_TIMEOUT).build();
        this.resolver = resolver;
    }

    /** Sends one message; never throws for what the receiver or the network does. */
    public Outcome send(String url, boolean allowPrivateTargets, String secret, String messageId, long timestampSeconds,
                        String body) {
        URI target;
        try {
            target = WebhookTarget.check(url, allowPrivateTargets, resolver);
        } catch (TenancyException e) {
            return new Outcome(0, e.description());
        }
        HttpRequest request = HttpRequest.newBuilder(target).timeout(ANSWER_TIMEOUT)
                .header("content-type", "application/json")
                .header("user-agent", "keycloak-tenancy-webhooks")
                .header(WebhookSignature.ID_HEADER, messageId)
                .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestampSeconds))
                .header(WebhookSignature.SIGNATURE_HEADER,
                        WebhookSignature.sign(secret, messageId, timestampSeconds, body))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream answer = response.body()) {
                byte[] start = answer.readNBytes(MAX_ANSWER_BYTES);
                return new Outcome(response.statusCode(), new String(start, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            return new Outcome(0, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(0, "interrupted");
        }
    }
}
