package dev.keycloaktenancy.api;

import dev.keycloaktenancy.api.admin.TenancyAdminResource;
import dev.keycloaktenancy.testing.ApiClient;
import dev.keycloaktenancy.testing.OpenApiDescription;
import dev.keycloaktenancy.testing.SampleUsers;
import dev.keycloaktenancy.testing.TenancyServerConfig;
import dev.keycloaktenancy.testing.TenancyServerTest;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/admin-api.openapi.json describes exactly the operations the server serves. Keycloak refuses anonymous admin
 * calls before any extension sees them, so the served check uses a signed-in user without admin rights: every
 * documented operation must answer the pack's own 403 (a route that does not exist answers 404 or 405).
 */
@KeycloakIntegrationTest(config = TenancyServerConfig.class)
class AdminOpenApiIT extends TenancyServerTest {

    private static final String PASSWORD = "Nobody-pass-1";

    @Test
    void documentedOperationsAreTheServedOnes() {
        OpenApiDescription description = OpenApiDescription.read("admin-api.openapi.json");
        assertEquals(OpenApiDescription.withoutParameterNames(OpenApiDescription.servedBy(TenancyAdminResource.class)),
                OpenApiDescription.withoutParameterNames(description.operations()),
                "documented operations vs. the resource's routes");
        for (String operation : description.operations()) {
            Set<String> responses = description.responses(operation);
            assertTrue(responses.contains("401") && responses.contains("403"), operation + " documents 401 and 403");
        }

        importRealms("saas-b2b");
        SampleUsers.create(saas(), "nobody@saas.test", PASSWORD);
        String masterUser = SampleUsers.create(admin.realm("master"), "nobody@master.test", PASSWORD);
        try {
            ApiClient inSaas = clientOf("saas-b2b", "nobody@saas.test");
            ApiClient inMaster = clientOf("master", "nobody@master.test");
            for (String operation : description.operations()) {
                boolean tenantOperation = operation.contains(" /tenant");
                ApiClient client = tenantOperation ? inMaster : inSaas;
                // The organization must exist: the pack answers 404 for an unknown one before it checks rights.
                ApiClient.Result result = SelfServiceOpenApiIT.call(client, operation.replace("{org}", "acme"), "x");
                assertEquals(403, result.status(), operation + " is served and refuses a user without rights: " + result);
            }
        } finally {
            admin.realm("master").users().delete(masterUser).close();
        }
    }

    private ApiClient clientOf(String realm, String username) {
        String token = ApiClient.passwordGrant(urls.getBase(), realm, username, PASSWORD);
        return new ApiClient(urls.getBase() + "/admin/realms/" + realm + "/tenancy", () -> token);
    }
}
