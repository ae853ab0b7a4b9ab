package dev.keycloaktenancy.audit;

import com.fasterxml.jackson.databind.JsonNode;
import org.keycloak.util.JsonSerialization;

import java.io.IOException;
import java.util.Map;

/**
 * The small JSON detail of a record: what the change produced (the representation the API answered), as stored text
 * of at most {@link #MAX_LENGTH} characters. A larger one is replaced by a note saying so rather than cut into
 * invalid JSON.
 */
public final class AuditDetail {

    public static final int MAX_LENGTH = 2000;

    private AuditDetail() {
    }

    /** The stored form; null for no detail. */
    public static String of(Object detail) {
        if (detail == null) {
            return null;
        }
        String json;
        try {
            json = JsonSerialization.writeValueAsString(detail);
        } catch (IOException e) {
            throw new IllegalArgumentException("Audit detail cannot be written as JSON: " + detail.getClass(), e);
        }
        if (json.length() <= MAX_LENGTH) {
            return json;
        }
        return "{\"truncated\":true,\"length\":" + json.length() + "}";
    }

    /** The stored form read back; text that is not JSON (never written by the pack) comes back as a JSON string. */
    public static JsonNode read(String stored) {
        if (stored == null) {
            return null;
        }
        try {
            return JsonSerialization.readValue(stored, JsonNode.class);
        } catch (IOException e) {
            return JsonSerialization.mapper.valueToTree(Map.of("text", stored)).get("text");
        }
    }
}
