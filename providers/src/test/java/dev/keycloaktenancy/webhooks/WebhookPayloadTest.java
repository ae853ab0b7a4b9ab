package dev.keycloaktenancy.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.util.RawValue;
import org.junit.jupiter.api.Test;
import org.keycloak.util.JsonSerialization;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebhookPayloadTest {

    @Test
    void aRecordedDetailIsCarriedAsTheJsonItWas() throws Exception {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("target", "user-1");
        data.put("detail", new RawValue("{\"userId\":\"user-1\",\"roles\":[\"admin\",\"member\"],\"note\":\"a \\\"quote\\\"\"}"));

        JsonNode body = JsonSerialization.readValue(
                WebhookPayload.body("member.added", 0L, "saas", "org-1", "acme", data), JsonNode.class);

        assertEquals("member.added", body.path("type").asText());
        assertEquals("1970-01-01T00:00:00Z", body.path("timestamp").asText());
        assertEquals("acme", body.path("organization").path("alias").asText());
        JsonNode detail = body.path("data").path("detail");
        assertTrue(detail.isObject());
        assertEquals("admin", detail.path("roles").path(0).asText());
        assertEquals("a \"quote\"", detail.path("note").asText());
        assertEquals("user-1", body.path("data").path("target").asText());
    }

    @Test
    void aChangeWithoutDataSendsAnEmptyObject() throws Exception {
        JsonNode body = JsonSerialization.readValue(
                WebhookPayload.body("organization.deleted", 0L, "saas", "org-1", "acme", null), JsonNode.class);
        assertTrue(body.path("data").isObject());
        assertEquals(0, body.path("data").size());
    }
}
