package dev.keycloaktenancy.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Assertions on the pack's JSON answers. */
public final class ApiAssertions {

    private ApiAssertions() {
    }

    /** The status, and the pack's error shape: a code and a sentence. */
    public static void assertError(int status, ApiClient.Result result) {
        assertError(status, result, "");
    }

    public static void assertError(int status, ApiClient.Result result, String why) {
        assertEquals(status, result.status(), why + " " + result);
        JsonNode body = result.json();
        assertTrue(body.hasNonNull("error") && !body.get("error").asText().isBlank(), "error code in " + result);
        assertTrue(body.hasNonNull("error_description") && body.get("error_description").asText().length() > 10,
                "a sentence in " + result);
    }

    /** Sorted names of an array of strings or of objects with a name. */
    public static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(n -> names.add(n.isTextual() ? n.asText() : n.get("name").asText()));
        return names.stream().sorted().toList();
    }

    public static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }
}
