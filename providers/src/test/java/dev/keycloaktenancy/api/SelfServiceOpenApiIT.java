package dev.keycloaktenancy.api;

import dev.keycloaktenancy.api.selfservice.SelfServiceResource;
import dev.keycloaktenancy.testing.ApiClient;
import dev.keycloaktenancy.testing.OpenApiDescription;
import dev.keycloaktenancy.testing.TenancyServerConfig;
import dev.keycloaktenancy.testing.TenancyServerTest;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/self-service-api.openapi.json describes exactly the operations the server serves: every documented
 * operation answers on the running server (401 without a token, not 404 or 405), and no route is undocumented.
 * OpenApiLintTest checks the document itself.
 */
@KeycloakIntegrationTest(config = TenancyServerConfig.class)
class SelfServiceOpenApiIT extends TenancyServerTest {

    @Test
    void documentedOperationsAreTheServedOnes() {
        OpenApiDescription description = OpenApiDescription.read("self-service-api.openapi.json");
        Set<String> served = new TreeSet<>(OpenApiDescription.servedBy(SelfServiceResource.class));
        assertTrue(served.removeIf(route -> route.startsWith("GET /portal")), "the portal's page and scripts");
        assertEquals(served, description.operations(), "documented operations vs. the resource's routes"
                + " (the portal's page and scripts aside, which are not part of the API)");
        for (String operation : description.operations()) {
            assertTrue(description.responses(operation).contains("401"), operation + " documents its 401");
        }

        importRealms("saas-b2b");
        ApiClient anonymous = new ApiClient(urls.getBase() + "/realms/saas-b2b/tenancy", null);
        for (String operation : description.operations()) {
            ApiClient.Result result = call(anonymous, operation, "x");
            assertEquals(401, result.status(), operation + " is served: " + result);
        }
    }

    /** Calls an operation with every path parameter set to the given value. */
    static ApiClient.Result call(ApiClient client, String operation, String parameterValue) {
        String[] parts = operation.split(" ", 2);
        String path = parts[1].replaceAll("\\{[^}]+}", parameterValue);
        return switch (parts[0]) {
            case "GET" -> client.get(path);
            case "PUT" -> client.put(path, "{}");
            case "PATCH" -> client.patch(path, "{}");
            case "POST" -> client.post(path, "{}");
            default -> client.delete(path);
        };
    }
}
