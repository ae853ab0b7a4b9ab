package dev.keycloaktenancy.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.keycloaktenancy.InputText;
import dev.keycloaktenancy.TenancyException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * Request bodies are taken as text and read here, so that every malformed, oversized or mistyped body gets the
 * pack's 400 with a sentence, instead of whatever the JAX-RS layer would answer.
 */
public final class JsonBody {

    /** Bodies of single resources (a role, a list of role names). */
    public static final int SMALL = 64 * 1024;
    /** Import documents. */
    public static final int LARGE = 16 * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);

    private JsonBody() {
    }

    public static <T> T read(String body, Class<T> type, int maxBytes) {
        if (body == null || body.isBlank()) {
            throw TenancyException.badRequest("The request needs a JSON body.");
        }
        if (body.length() > maxBytes || body.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            throw TenancyException.badRequest("The request body is larger than " + (maxBytes / 1024) + " KB.");
        }
        InputText.requireNoNul(body);
        try {
            T value = JSON.readValue(body, type);
            if (value == null) {
                throw TenancyException.badRequest("The request needs a JSON object, not null.");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw TenancyException.badRequest("Unknown field '" + e.getPropertyName() + "'.");
        } catch (MismatchedInputException e) {
            String field = e.getPath().isEmpty() ? null : e.getPath().get(e.getPath().size() - 1).getFieldName();
            throw TenancyException.badRequest(field == null
                    ? "The request body does not have the expected JSON shape."
                    : "Field '" + field + "' has the wrong type.");
        } catch (JsonParseException e) {
            throw TenancyException.badRequest("The request body is not valid JSON (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ").");
        } catch (IOException e) {
            throw TenancyException.badRequest("The request body cannot be read as JSON.");
        }
    }

    /**
     * A PUT body: the whole resource. Every one of the fields must be present (its value may be null where the
     * field may be empty), so a PUT never resets a field its caller did not mention; partial changes use PATCH.
     */
    public static <T> T readWhole(String body, Class<T> type, int maxBytes, String... fields) {
        T value = read(body, type, maxBytes);
        Set<String> present = fieldsOf(body);
        for (String field : fields) {
            if (!present.contains(field)) {
                throw TenancyException.missingField(field, "send PATCH to change only some fields");
            }
        }
        return value;
    }

    /** The top-level fields of a JSON object body already read by {@link #read}. */
    public static Set<String> fieldsOf(String body) {
        try {
            JsonNode tree = JSON.readTree(body);
            Set<String> fields = new HashSet<>();
            if (tree != null && tree.isObject()) {
                tree.fieldNames().forEachRemaining(fields::add);
            }
            return fields;
        } catch (IOException e) {
            throw TenancyException.badRequest("The request body cannot be read as JSON.");
        }
    }

    /** A search text from a query parameter. */
    public static String search(String search) {
        if (search != null && search.length() > 255) {
            throw TenancyException.badRequest("'search' is longer than 255 characters.");
        }
        InputText.requireSingleLine(search, "search");
        return search;
    }

    /** The {@code first} query parameter of a page: 0 when absent. */
    public static int first(String first) {
        if (first == null) {
            return 0;
        }
        int value = wholeNumber("first", first);
        if (value < 0) {
            throw TenancyException.badRequest("'first' cannot be negative.");
        }
        return value;
    }

    /** The {@code max} query parameter of a page: the default when absent, else 1 to limit. */
    public static int max(String max, int defaultMax, int limit) {
        if (max == null) {
            return defaultMax;
        }
        int value = wholeNumber("max", max);
        if (value < 1 || value > limit) {
            throw TenancyException.badRequest("'max' must be between 1 and " + limit + ".");
        }
        return value;
    }

    // Query parameters are read as text so that "max=abc" gets this 400 rather than JAX-RS's bare 404.
    private static int wholeNumber(String name, String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw TenancyException.badRequest("'" + name + "' must be a whole number.");
        }
    }
}
