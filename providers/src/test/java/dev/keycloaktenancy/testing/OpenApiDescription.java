package dev.keycloaktenancy.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
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

    private static final List<String> METHODS = List.of("get", "put", "post", "delete");

    private final JsonNode document;

    private OpenApiDescription(JsonNode document) {
        this.document = document;
    }

    public static OpenApiDescription read(String file) {
        try {
            return new OpenApiDescription(new ObjectMapper().readTree(
                    RealmExports.folder().resolveSibling("docs").resolve(file).toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String version() {
        return document.get("openapi").asText();
    }

    /** Every documented operation. */
    public Set<String> operations() {
        Set<String> operations = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (String method : METHODS) {
                if (path.getValue().has(method)) {
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
        document.get("paths").get(parts[1]).get(parts[0].toLowerCase()).get("responses").fieldNames()
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
                    : method.isAnnotationPresent(POST.class) ? "POST" : method.isAnnotationPresent(DELETE.class) ? "DELETE" : null;
            String full = path == null || path.value().isEmpty() ? prefix : prefix + "/" + path.value();
            if (verb != null) {
                routes.add(verb + " " + full);
            } else if (path != null) {
                collectRoutes(method.getReturnType(), full, routes);
            }
        }
    }
}
