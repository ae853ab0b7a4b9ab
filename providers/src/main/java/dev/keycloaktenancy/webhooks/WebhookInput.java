package dev.keycloaktenancy.webhooks;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.keycloaktenancy.TenancyException;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Body of a webhook's creation or change: {@code {"url", "events": [...], "enabled"}}. */
public record WebhookInput(@JsonProperty("url") String url, @JsonProperty("events") List<String> events,
                           @JsonProperty("enabled") Boolean enabled) {

    /** The fields a PUT must give. */
    public static final String[] FIELDS = {"url", "events", "enabled"};

    /** The event types, checked: at least one, each one of {@link WebhookEvents#TYPES}; sorted, without repeats. */
    static Set<String> checkedEvents(List<String> events) {
        if (events == null || events.isEmpty()) {
            throw TenancyException.badRequest("invalid_webhook_events", "Give the event types the webhook receives in"
                    + " 'events', one or more of: " + String.join(", ", WebhookEvents.TYPES) + ".");
        }
        Set<String> checked = new TreeSet<>();
        for (String event : events) {
            if (!WebhookEvents.TYPES.contains(event)) {
                throw TenancyException.badRequest("invalid_webhook_events", "Unknown event type "
                        + (event == null ? "null" : "'" + (event.length() > 64 ? event.substring(0, 64) + "…" : event)
                        + "'") + "; the event types are: " + String.join(", ", WebhookEvents.TYPES) + ".");
            }
            checked.add(event);
        }
        return checked;
    }
}
