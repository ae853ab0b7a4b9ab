package dev.keycloaktenancy.webhooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.keycloaktenancy.webhooks.jpa.WebhookDeliveryEntity;

import java.time.Instant;

/**
 * One entry of a webhook's delivery log: the message ({@code id} is its {@code webhook-id}), its state
 * ({@code pending}, {@code delivered}, {@code failed}), attempts made, the last attempt's status code (0 when no
 * answer came) and the start of its answer or error, and when it is tried next.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeliveryView(String id, String webhookId, String type, String createdAt, String state, int attempts,
                           String lastAttemptAt, Integer lastStatus, String lastAnswer, String nextAttemptAt) {

    static DeliveryView of(WebhookDeliveryEntity entity) {
        return new DeliveryView(entity.getId(), entity.getWebhookId(), entity.getEventType(),
                time(entity.getCreatedTimestamp()), entity.getState(), entity.getAttempts(), time(entity.getLastAttempt()),
                entity.getLastStatus(), entity.getLastAnswer(),
                WebhookOutbox.PENDING.equals(entity.getState()) ? time(entity.getNextAttempt()) : null);
    }

    private static String time(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis).toString();
    }
}
