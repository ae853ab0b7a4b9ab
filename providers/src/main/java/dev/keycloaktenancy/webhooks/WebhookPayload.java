package dev.keycloaktenancy.webhooks;

import org.keycloak.util.JsonSerialization;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The body of a webhook message: {@code {"type", "timestamp", "realm", "organization": {"id", "alias"}, "data"}},
 * written once when the event is put in the outbox, so that every attempt sends (and signs) the same bytes.
 */
public final class WebhookPayload {

    private WebhookPayload() {
    }

    public static String body(String type, long timestampMillis, String realm, String organizationId,
                              String organizationAlias, Object data) {
        Map<String, Object> organization = new LinkedHashMap<>();
        organization.put("id", organizationId);
        organization.put("alias", organizationAlias);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("timestamp", Instant.ofEpochMilli(timestampMillis).toString());
        body.put("realm", realm);
        body.put("organization", organization);
        body.put("data", data == null ? Map.of() : data);
        try {
            return JsonSerialization.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("Webhook data cannot be written as JSON: " + data.getClass(), e);
        }
    }
}
