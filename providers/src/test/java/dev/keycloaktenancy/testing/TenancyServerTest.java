package dev.keycloaktenancy.testing;

import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.AfterEach;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.mail.MailServer;
import org.keycloak.testframework.mail.annotations.InjectMailServer;
import org.keycloak.testframework.server.KeycloakUrls;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What every integration test shares: the server (each subclass names {@link TenancyServerConfig} in its
 * {@code @KeycloakIntegrationTest}, so one server serves the whole run), the admin client, the server's URLs, the
 * test mail server, and sample realms imported for one test and removed after it.
 */
public abstract class TenancyServerTest {

    @InjectAdminClient
    protected Keycloak admin;

    @InjectKeycloakUrls
    protected KeycloakUrls urls;

    @InjectMailServer
    protected MailServer mail;

    private final List<RealmExports.Imported> imported = new ArrayList<>();
    private final List<String> realmsToRemove = new ArrayList<>();

    /** Imports sample realms of realm-exports/ for this test; they are removed after it. */
    protected void importRealms(String... realmNames) {
        imported.add(RealmExports.importRealms(admin, realmNames));
    }

    /** A realm this test creates (or may create), removed after it if it exists. */
    protected void removeAfterTest(String realm) {
        realmsToRemove.add(realm);
    }

    @AfterEach
    void removeImportedRealms() {
        imported.forEach(RealmExports.Imported::close);
        imported.clear();
        for (String realm : realmsToRemove) {
            if (admin.realms().findAll().stream().anyMatch(r -> r.getRealm().equals(realm))) {
                admin.realm(realm).remove();
            }
        }
        realmsToRemove.clear();
    }

    protected RealmResource realm(String name) {
        return admin.realm(name);
    }

    /** The sample B2B realm. */
    protected RealmResource saas() {
        return admin.realm("saas-b2b");
    }

    /** The pack's admin API of a realm, called with the server administrator's token. */
    protected ApiClient adminApi(String realm) {
        return new ApiClient(urls.getBase() + "/admin/realms/" + realm + "/tenancy",
                () -> admin.tokenManager().getAccessTokenString());
    }

    /**
     * A token for the self-service API of any realm with tenancy on, through a public client "test-cli" (created once
     * in that realm, with the password grant and the API's client scope); realm saas-b2b has demo-cli for that.
     */
    protected String selfServiceTokenIn(String realm, String username, String password) {
        RealmResource target = admin.realm(realm);
        if (target.clients().findByClientId("test-cli").isEmpty()) {
            ClientRepresentation client = new ClientRepresentation();
            client.setClientId("test-cli");
            client.setPublicClient(true);
            client.setDirectAccessGrantsEnabled(true);
            client.setStandardFlowEnabled(false);
            try (Response created = target.clients().create(client)) {
                assertEquals(201, created.getStatus());
            }
            String scope = target.clientScopes().findAll().stream().filter(s -> s.getName().equals("tenancy-api"))
                    .findFirst().orElseThrow(() -> new AssertionError("realm " + realm + " has no tenancy-api scope")).getId();
            target.clients().get(target.clients().findByClientId("test-cli").get(0).getId()).addOptionalClientScope(scope);
        }
        return ApiClient.passwordGrant(urls.getBase(), realm, username, password, "test-cli", "tenancy-api");
    }

    /** The self-service API of a realm, called with a token that the user obtains for it. */
    protected ApiClient selfService(String realm, String username, String password) {
        String token = ApiClient.selfServiceToken(urls.getBase(), realm, username, password);
        return new ApiClient(urls.getBase() + "/realms/" + realm + "/tenancy", () -> token);
    }
}
