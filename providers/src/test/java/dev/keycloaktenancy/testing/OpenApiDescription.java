package dev.keycloaktenancy.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An OpenAPI description under docs/, and the routes a JAX-RS resource really serves, so tests can hold the two
 * side by side. Operations are written "GET /path/{param}".
 */
public final class OpenApiDescription {

    private static final List<String> METHODS = List.of("get", "put", "patch", "post", "delete");

    private final JsonNode document;
    private final java.nio.file.Path folder;

    private OpenApiDescription(JsonNode document, java.nio.file.Path folder) {
        this.document = document;
        this.folder = folder;
    }

    public static OpenApiDescription read(String file) {
        java.nio.file.Path path = RealmExports.folder().resolveSibling("docs").resolve(file);
        return new OpenApiDescription(tree(path), path.getParent());
    }

    private static JsonNode tree(java.nio.file.Path file) {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A path item, following a {@code $ref} to a path item of another file beside this one. */
    private JsonNode pathItem(JsonNode item) {
        if (!item.has("$ref")) {
            return item;
        }
        String[] reference = item.get("$ref").asText().split("#", 2);
        JsonNode target = tree(folder.resolve(reference[0])).at(reference[1]);
        if (target.isMissingNode()) {
            throw new AssertionError("unresolved path item reference " + item.get("$ref").asText());
        }
        return target;
    }

    public String version() {
        return document.get("openapi").asText();
    }

    /** Every documented operation. */
    public Set<String> operations() {
        Set<String> operations = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            JsonNode item = pathItem(path.getValue());
            for (String method : METHODS) {
                if (item.has(method)) {
                    operations.add(method.toUpperCase() + " " + path.getKey());
                }
            }
        }
        return operations;
    }

    /** The response codes an operation documents. */
    public Set<String> responses(String operation) {
        String[] parts = operation.split(" ", 2);
        Set<String> codes = new TreeSet<>();
        pathItem(document.get("paths").get(parts[1])).get(parts[0].toLowerCase()).get("responses").fieldNames()
                .forEachRemaining(codes::add);
        return codes;
    }

    /**
     * The operations a resource class serves, following its sub-resource locators. Path parameter names are
     * blanked ("{}") in both lists by {@link #withoutParameterNames}, since a document may name them for readers.
     */
    public static Set<String> servedBy(Class<?> resource) {
        Set<String> routes = new TreeSet<>();
        collectRoutes(resource, "", routes);
        return routes;
    }

    public static Set<String> withoutParameterNames(Set<String> operations) {
        Set<String> blanked = new TreeSet<>();
        operations.forEach(operation -> blanked.add(operation.replaceAll("\\{[^}]+}", "{}")));
        return blanked;
    }

    private static void collectRoutes(Class<?> resource, String prefix, Set<String> routes) {
        for (Method method : resource.getDeclaredMethods()) {
            Path path = method.getAnnotation(Path.class);
            String verb = method.isAnnotationPresent(GET.class) ? "GET" : method.isAnnotationPresent(PUT.class) ? "PUT"
                    : method.isAnnotationPresent(PATCH.class) ? "PATCH" : method.isAnnotationPresent(POST.class) ? "POST"
                    : method.isAnnotationPresent(DELETE.class) ? "DELETE" : null;
            String full = path == null || path.value().isEmpty() ? prefix : prefix + "/" + path.value();
            if (verb != null) {
                routes.add(verb + " " + full);
            } else if (path != null) {
                collectRoutes(method.getReturnType(), full, routes);
            }
        }
    }
}
