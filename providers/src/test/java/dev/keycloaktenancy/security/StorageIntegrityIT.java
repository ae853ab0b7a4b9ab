package dev.keycloaktenancy.security;

import dev.keycloaktenancy.testing.ApiClient;
import dev.keycloaktenancy.testing.ApiClient.Result;
import dev.keycloaktenancy.testing.RealmExports;
import dev.keycloaktenancy.testing.TenancyServerConfig;
import dev.keycloaktenancy.testing.TenancyServerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.keycloaktenancy.testing.ApiAssertions.names;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The pack's rows stay right under concurrency: enabling tenancy from several requests at once creates the role
 * template and everything else once.
 */
@KeycloakIntegrationTest(config = TenancyServerConfig.class)
class StorageIntegrityIT extends TenancyServerTest {

    @AfterEach
    void removeRaceRealm() {
        RealmExports.removeIfPresent(admin, "race");
    }

    @Test
    void enablingFromSeveralRequestsAtOnceCreatesTheTemplateOnce() throws Exception {
        RealmRepresentation race = new RealmRepresentation();
        race.setRealm("race");
        race.setEnabled(true);
        race.setOrganizationsEnabled(true);
        admin.realms().create(race);
        ApiClient api = adminApi("race");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Result>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                calls.add(pool.submit(() -> {
                    start.await();
                    return api.post("/enable", "");
                }));
            }
            start.countDown();
            for (Future<Result> call : calls) {
                assertEquals(200, call.get().status(), call.get()::toString);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of("admin", "member", "owner"), names(api.get("/roles").json()));
    }
}
