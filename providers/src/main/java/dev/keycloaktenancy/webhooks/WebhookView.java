package dev.keycloaktenancy.webhooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.keycloaktenancy.webhooks.jpa.WebhookEntity;

import java.time.Instant;
import java.util.List;

/**
 * A webhook as the API shows it. {@code secret} is there only in the answer to its creation; {@code disabledReason}
 * says why the pack turned it off, if it did.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebhookView(String id, String organizationId, String url, List<String> events, boolean enabled,
                          String createdAt, Integer consecutiveFailures, String disabledReason, String secret) {

    static WebhookView of(WebhookEntity entity) {
        return new WebhookView(entity.getId(), entity.getOrganizationId(), entity.getUrl(),
                List.of(entity.getEvents().split(" ")), entity.isEnabled(),
                Instant.ofEpochMilli(entity.getCreatedTimestamp()).toString(), entity.getConsecutiveFailures(),
                entity.getDisabledReason(), null);
    }

    /** The same without the secret, as every answer but the creation's shows it (and as admin events record it). */
    public WebhookView withoutSecret() {
        return withSecret(null);
    }

    WebhookView withSecret(String secret) {
        return new WebhookView(id, organizationId, url, events, enabled, createdAt, consecutiveFailures, disabledReason,
                secret);
    }
}
