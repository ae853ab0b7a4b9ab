package dev.keycloaktenancy.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keycloaktenancy.api.selfservice.SelfServiceResource;
import dev.keycloaktenancy.testing.ApiClient;
import dev.keycloaktenancy.testing.RealmExports;
import dev.keycloaktenancy.testing.TenancyServerConfig;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.server.KeycloakUrls;

import java.io.IOException;
import java.lang.reflect.Method;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/self-service-api.openapi.json describes exactly the operations the server serves: every documented
 * operation answers on the running server (401 without a token, not 404 or 405), and no route is undocumented.
 */
@KeycloakIntegrationTest(config = TenancyServerConfig.class)
class SelfServiceOpenApiIT {

    private static final List<String> METHODS = List.of("get", "put", "post", "delete");

    @InjectAdminClient
    Keycloak admin;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @Test
    void documentedOperationsAreTheServedOnes() throws IOException {
        JsonNode document = document();
        assertEquals("3.1.0", document.get("openapi").asText());
        Set<String> documented = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (String method : METHODS) {
                if (path.getValue().has(method)) {
                    documented.add(method.toUpperCase() + " " + path.getKey());
                    JsonNode responses = path.getValue().get(method).get("responses");
                    assertTrue(responses.has("401"), method + " " + path.getKey() + " documents its 401");
                }
            }
        }
        assertEquals(implemented(), documented, "documented operations vs. the resource's routes");

        try (var realms = RealmExports.importRealms(admin, "saas-b2b")) {
            ApiClient anonymous = new ApiClient(urls.getBase() + "/realms/saas-b2b/tenancy", null);
            for (String operation : documented) {
                String[] parts = operation.split(" ", 2);
                String path = parts[1].replaceAll("\\{[^}]+}", "x");
                ApiClient.Result result = switch (parts[0]) {
                    case "GET" -> anonymous.get(path);
                    case "PUT" -> anonymous.put(path, "{}");
                    case "POST" -> anonymous.post(path, "{}");
                    default -> anonymous.delete(path);
                };
                assertEquals(401, result.status(), operation + " is served: " + result);
            }
        }
    }

    @Test
    void everyReferenceResolves() throws IOException {
        JsonNode document = document();
        Set<String> references = new TreeSet<>();
        collectReferences(document, references);
        assertFalse(references.isEmpty());
        for (String reference : references) {
            String name = reference.substring("#/components/schemas/".length());
            assertTrue(document.get("components").get("schemas").has(name), "unresolved " + reference);
        }
    }

    private static Set<String> implemented() {
        Set<String> routes = new TreeSet<>();
        for (Method method : SelfServiceResource.class.getDeclaredMethods()) {
            String verb = method.isAnnotationPresent(GET.class) ? "GET" : method.isAnnotationPresent(PUT.class) ? "PUT"
                    : method.isAnnotationPresent(POST.class) ? "POST" : method.isAnnotationPresent(DELETE.class) ? "DELETE" : null;
            if (verb != null) {
                routes.add(verb + " /" + method.getAnnotation(Path.class).value());
            }
        }
        return routes;
    }

    private static void collectReferences(JsonNode node, Set<String> references) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (field.getKey().equals("$ref")) {
                    references.add(field.getValue().asText());
                } else {
                    collectReferences(field.getValue(), references);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectReferences(child, references));
        }
    }

    private static JsonNode document() throws IOException {
        return new ObjectMapper().readTree(RealmExports.folder().resolveSibling("docs")
                .resolve("self-service-api.openapi.json").toFile());
    }
}
