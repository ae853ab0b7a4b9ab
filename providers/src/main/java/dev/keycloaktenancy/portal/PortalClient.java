package dev.keycloaktenancy.portal;

import dev.keycloaktenancy.Tenancy;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.services.managers.ClientManager;

import java.util.List;
import java.util.Map;

/**
 * The public OIDC client {@value #CLIENT_ID} the portal signs in with: authorization code with PKCE (S256) only,
 * redirects and sign-out redirects limited to the portal's own URL, and the self-service API's scope by default so
 * its tokens are accepted there. It keeps full scope, so that a realm administrator's token carries the
 * {@code realm-management} roles through which Keycloak lets them administer every organization.
 */
public final class PortalClient {

    public static final String CLIENT_ID = "tenancy-portal";

    private PortalClient() {
    }

    /** The portal's path under the server's root, for the redirect URIs and for the page itself. */
    static String path(RealmModel realm) {
        return "/realms/" + realm.getName() + "/tenancy/portal/";
    }

    /** Creates the client unless the realm has one of that client id (an administrator may have adjusted it); true if created. */
    public static boolean install(KeycloakSession session, RealmModel realm) {
        if (realm.getClientByClientId(CLIENT_ID) != null) {
            return false;
        }
        ClientRepresentation representation = new ClientRepresentation();
        representation.setClientId(CLIENT_ID);
        representation.setName("Organization admin portal");
        representation.setDescription("Signs organization administrators in to the keycloak-tenancy portal.");
        representation.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        representation.setPublicClient(true);
        representation.setStandardFlowEnabled(true);
        representation.setImplicitFlowEnabled(false);
        representation.setDirectAccessGrantsEnabled(false);
        representation.setServiceAccountsEnabled(false);
        representation.setFrontchannelLogout(true);
        representation.setFullScopeAllowed(true);
        representation.setRootUrl("${authBaseUrl}");
        representation.setBaseUrl(path(realm));
        representation.setRedirectUris(List.of(path(realm) + "*"));
        representation.setWebOrigins(List.of("+"));
        representation.setAttributes(Map.of(
                "pkce.code.challenge.method", "S256",
                "post.logout.redirect.uris", "+"));
        ClientModel client = ClientManager.createClient(session, realm, representation);
        realm.getClientScopesStream().filter(s -> Tenancy.API_SCOPE.equals(s.getName())).findFirst()
                .ifPresent(scope -> client.addClientScope(scope, true));
        return true;
    }

    static boolean installed(RealmModel realm) {
        ClientModel client = realm.getClientByClientId(CLIENT_ID);
        return client != null && client.isEnabled();
    }

}
