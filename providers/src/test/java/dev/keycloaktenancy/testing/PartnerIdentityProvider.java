package dev.keycloaktenancy.testing;

import jakarta.ws.rs.core.Response;
import org.jsoup.nodes.Document;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.IdentityProviderRepresentation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A second identity provider of realm saas-b2b, "partner-idp", backed by the same acme-idp realm as Acme's provider
 * but linked to no organization: whoever controls it can assert any email. Both sample realms must be imported.
 */
public final class PartnerIdentityProvider {

    public static final String ALIAS = "partner-idp";

    private PartnerIdentityProvider() {
    }

    /** Adds the provider; with trustEmail, Keycloak marks the emails it asserts as verified. */
    public static void add(Keycloak admin, boolean trustEmail) {
        RealmResource saas = admin.realm("saas-b2b");
        IdentityProviderRepresentation partner = copyOfAcmeProvider(saas, ALIAS);
        partner.setTrustEmail(trustEmail);
        try (Response created = saas.identityProviders().create(partner)) {
            assertEquals(201, created.getStatus());
        }
        var client = admin.realm("acme-idp").clients().findByClientId("saas-b2b").get(0);
        client.setRedirectUris(List.of("http://localhost:8080/realms/saas-b2b/broker/*"));
        admin.realm("acme-idp").clients().get(client.getId()).update(client);
    }

    /**
     * A provider that signs in at the same acme-idp realm as Acme's own, under another alias and without Acme's
     * organization settings (domain, redirect mode), ready to create.
     */
    public static IdentityProviderRepresentation copyOfAcmeProvider(RealmResource saas, String alias) {
        IdentityProviderRepresentation acme = saas.identityProviders().get("acme-idp").toRepresentation();
        IdentityProviderRepresentation copy = new IdentityProviderRepresentation();
        copy.setAlias(alias);
        copy.setProviderId(acme.getProviderId());
        copy.setEnabled(true);
        Map<String, String> config = new HashMap<>(acme.getConfig());
        config.remove("kc.org.domain");
        config.remove("kc.org.broker.redirect.mode.email-matches");
        config.put("clientSecret", "acme-idp-demo-secret");
        copy.setConfig(config);
        return copy;
    }

    /**
     * Signs a user of realm acme-idp in to demo-app through the partner provider, answering the first-login profile
     * page if Keycloak shows it. Returns the browser, on the page where the login stopped or back at the application.
     */
    public static LoginBrowser signIn(String baseUrl, OidcTestClient app, String username, String password, String scope) {
        LoginBrowser browser = new LoginBrowser(app.redirectUri());
        Document page = browser.open(app.authorizationUrl(scope, Map.of("kc_idp_hint", ALIAS)));
        assertNotNull(page);
        assertTrue(page.location().startsWith(baseUrl + "/realms/acme-idp/"), page.location());
        page = browser.submit(Map.of("username", username, "password", password));
        for (int step = 0; page != null && step < 3 && !page.select("input[name=firstName]").isEmpty(); step++) {
            page = browser.submit(Map.of("firstName", "Partner", "lastName", "User"));
        }
        return browser;
    }
}
