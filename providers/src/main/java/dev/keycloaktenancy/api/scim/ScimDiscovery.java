package dev.keycloaktenancy.api.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keycloaktenancy.scim.ScimError;
import dev.keycloaktenancy.scim.ScimUsers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.StreamSupport;

/**
 * The discovery documents (RFC 7644 section 4), from {@code tenancy-scim/*.json} in the JAR: what this service
 * provider supports, its resource types and their schemas, with locations under the organization's endpoint.
 */
final class ScimDiscovery {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SERVICE_PROVIDER_CONFIG = read("service-provider-config.json");
    private static final String RESOURCE_TYPES = read("resource-types.json");
    private static final String SCHEMAS = read("schemas.json");

    private ScimDiscovery() {
    }

    static JsonNode serviceProviderConfig(String base) {
        return parse(SERVICE_PROVIDER_CONFIG, base);
    }

    static JsonNode resourceTypes(String base) {
        return list((ArrayNode) parse(RESOURCE_TYPES, base));
    }

    static JsonNode resourceType(String base, String name) {
        return find((ArrayNode) parse(RESOURCE_TYPES, base), name, "resource type");
    }

    static JsonNode schemas(String base) {
        return list((ArrayNode) parse(SCHEMAS, base));
    }

    static JsonNode schema(String base, String id) {
        return find((ArrayNode) parse(SCHEMAS, base), id, "schema");
    }

    private static JsonNode find(ArrayNode all, String id, String what) {
        for (JsonNode item : all) {
            if (item.path("id").asText().equals(id)) {
                return item;
            }
        }
        throw ScimError.notFound("No " + what + " '" + (id.length() > 80 ? id.substring(0, 80) : id) + "'.");
    }

    private static ObjectNode list(ArrayNode items) {
        return new ScimUsers.Page(items.size(), 1, StreamSupport.stream(items.spliterator(), false)
                .map(ObjectNode.class::cast).toList()).toJson();
    }

    private static JsonNode parse(String document, String base) {
        try {
            return JSON.readTree(document.replace("{base}", base));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(String name) {
        try (InputStream in = ScimDiscovery.class.getClassLoader().getResourceAsStream("tenancy-scim/" + name)) {
            if (in == null) {
                throw new IllegalStateException("tenancy-scim/" + name + " is missing from the JAR");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
