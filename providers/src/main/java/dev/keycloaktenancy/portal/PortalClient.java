package dev.keycloaktenancy.portal;

import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.keycloak.Clients;
import dev.keycloaktenancy.keycloak.OidcLogin;
import org.jboss.logging.Logger;
import org.keycloak.models.AdminRoles;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.representations.idm.ClientRepresentation;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The public OIDC client {@value #CLIENT_ID} the portal signs in with: authorization code with PKCE (S256) only,
 * redirects and sign-out redirects limited to the portal's own URL, and the self-service API's scope by default so
 * its tokens are accepted there. Of the user's roles, its tokens carry only the two {@code realm-management} roles
 * through which Keycloak lets someone see or administer every organization and nothing else ({@code manage-organizations},
 * {@code view-organizations}, or a composite holding them such as {@code realm-admin}): a realm administrator's token
 * in the portal is no key to the rest of the admin API. Keycloak also lets {@code manage-realm} administer
 * organizations, but a token carrying it would change realm settings too, so a user holding only that role
 * administers organizations in the console, not in the portal.
 */
public final class PortalClient {

    public static final String CLIENT_ID = "tenancy-portal";
    private static final Logger LOG = Logger.getLogger(PortalClient.class);

    private PortalClient() {
    }

    /** The portal's path under the server's root, for the redirect URIs and for the page itself. */
    static String path(RealmModel realm) {
        return "/realms/" + realm.getName() + "/tenancy/portal/";
    }

    /**
     * Where someone who registers through an invitation lands when the organization names no redirect URL: the
     * portal, once the realm has its client. (Keycloak hands the landing page a code issued to the account console;
     * the account console then fails on it with "Invalid parameter: redirect_uri", while the portal sets it aside and
     * signs in on its own.)
     */
    public static Optional<String> invitationLanding(KeycloakSession session, RealmModel realm) {
        if (realm.getClientByClientId(CLIENT_ID) == null) {
            return Optional.empty();
        }
        return Optional.of(session.getContext().getUri().getBaseUriBuilder().path(path(realm)).build().toString());
    }

    /**
     * Creates the client unless the realm has one of that client id (an administrator may have adjusted it); true if
     * created. The portal's own client, when 0.1 created it, loses its {@code manage-realm} scope.
     */
    public static boolean install(KeycloakSession session, RealmModel realm) {
        ClientModel existing = realm.getClientByClientId(CLIENT_ID);
        if (existing != null) {
            if (problem(realm) == null) {
                narrowScope(realm, existing);
            }
            return false;
        }
        ClientRepresentation representation = new ClientRepresentation();
        representation.setClientId(CLIENT_ID);
        representation.setName("Organization admin portal");
        representation.setDescription("Signs organization administrators in to the keycloak-tenancy portal.");
        representation.setProtocol(OidcLogin.PROTOCOL);
        representation.setPublicClient(true);
        representation.setStandardFlowEnabled(true);
        representation.setImplicitFlowEnabled(false);
        representation.setDirectAccessGrantsEnabled(false);
        representation.setServiceAccountsEnabled(false);
        representation.setFrontchannelLogout(true);
        representation.setFullScopeAllowed(false);
        representation.setRootUrl("${authBaseUrl}");
        representation.setBaseUrl(path(realm));
        representation.setRedirectUris(List.of(path(realm)));
        representation.setWebOrigins(List.of("+"));
        representation.setAttributes(Map.of(
                "pkce.code.challenge.method", "S256",
                "post.logout.redirect.uris", "+"));
        ClientModel client = Clients.create(session, realm, representation);
        realm.getClientScopesStream().filter(s -> Tenancy.API_SCOPE.equals(s.getName())).findFirst()
                .ifPresent(scope -> client.addClientScope(scope, true));
        ClientModel realmManagement = realm.getClientByClientId(Constants.REALM_MANAGEMENT_CLIENT_ID);
        if (realmManagement != null) {
            for (String role : List.of(AdminRoles.MANAGE_ORGANIZATIONS, AdminRoles.VIEW_ORGANIZATIONS)) {
                RoleModel model = realmManagement.getRole(role);
                if (model != null) {
                    client.addScopeMapping(model);
                }
            }
        }
        return true;
    }

    private static void narrowScope(RealmModel realm, ClientModel client) {
        ClientModel realmManagement = realm.getClientByClientId(Constants.REALM_MANAGEMENT_CLIENT_ID);
        RoleModel manageRealm = realmManagement == null ? null : realmManagement.getRole(AdminRoles.MANAGE_REALM);
        if (manageRealm != null && client.getScopeMappingsStream().anyMatch(manageRealm::equals)) {
            client.deleteScopeMapping(manageRealm);
            LOG.infof("Realm %s: the portal's client %s no longer carries %s in its tokens; manage-organizations is"
                    + " what the portal needs.", realm.getName(), CLIENT_ID, AdminRoles.MANAGE_REALM);
        }
    }

    /**
     * Why the portal cannot sign anyone in with the realm's client, or null when it can. A client of that id that is
     * not public, or sends codes elsewhere, is not the portal's (it may predate tenancy) and is not used.
     */
    static String problem(RealmModel realm) {
        ClientModel client = realm.getClientByClientId(CLIENT_ID);
        String enableAgain = " A realm administrator creates it by enabling tenancy again (POST /admin/realms/"
                + realm.getName() + "/tenancy/enable).";
        if (client == null) {
            return "The portal's sign-in client " + CLIENT_ID + " is missing in this realm." + enableAgain;
        }
        if (!client.isEnabled()) {
            return "The portal's sign-in client " + CLIENT_ID + " is disabled in this realm. A realm administrator"
                    + " turns it back on under Clients.";
        }
        boolean onlyThePortal = client.getRedirectUris().stream().allMatch(uri -> uri.endsWith(path(realm)));
        if (!client.isPublicClient() || !client.isStandardFlowEnabled() || !onlyThePortal) {
            return "The client " + CLIENT_ID + " of this realm is not the portal's (it must be a public client with the"
                    + " standard flow, redirecting to " + path(realm) + " only). Delete or rename it." + enableAgain;
        }
        return null;
    }

}
