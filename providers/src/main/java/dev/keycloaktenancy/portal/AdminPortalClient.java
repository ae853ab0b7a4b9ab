package dev.keycloaktenancy.portal;

import dev.keycloaktenancy.keycloak.Clients;
import dev.keycloaktenancy.keycloak.OidcLogin;
import org.keycloak.Config;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.idm.ClientRepresentation;

import java.util.List;
import java.util.Map;

/**
 * The public OIDC client {@value #CLIENT_ID} of the portal's mode for realm administrators, in the realm where they
 * sign in to the admin console (master, or the realm they administer). It is to the portal what Keycloak's
 * {@code security-admin-console} is to the console: authorization code with PKCE (S256) only, codes and sign-out
 * redirects to the admin page's own address only, and the user's roles in its tokens (full scope), since the page
 * calls the admin REST API, where Keycloak's admin roles and fine-grained admin permissions decide. The page is served
 * by the JAR with a Content-Security-Policy that lets nothing but its own scripts run.
 */
public final class AdminPortalClient {

    public static final String CLIENT_ID = "tenancy-admin-portal";

    private AdminPortalClient() {
    }

    /** The admin page's path under the server's root. */
    static String path(RealmModel realm) {
        return "/realms/" + realm.getName() + "/tenancy/portal/admin/";
    }

    /** Creates the client in the master realm unless it has one of that id; called at startup. */
    public static void ensureInMaster(KeycloakSession session) {
        RealmModel master = session.realms().getRealmByName(Config.getAdminRealm());
        if (master != null) {
            install(session, master);
        }
    }

    /** Creates the client unless the realm has one of that id (an administrator may have adjusted it). */
    public static boolean install(KeycloakSession session, RealmModel realm) {
        if (realm.getClientByClientId(CLIENT_ID) != null) {
            return false;
        }
        ClientRepresentation representation = new ClientRepresentation();
        representation.setClientId(CLIENT_ID);
        representation.setName("Tenancy administration");
        representation.setDescription("Signs Keycloak administrators in to the keycloak-tenancy portal's administration"
                + " mode, which calls the admin REST API like the admin console.");
        representation.setProtocol(OidcLogin.PROTOCOL);
        representation.setPublicClient(true);
        representation.setStandardFlowEnabled(true);
        representation.setImplicitFlowEnabled(false);
        representation.setDirectAccessGrantsEnabled(false);
        representation.setServiceAccountsEnabled(false);
        representation.setFrontchannelLogout(true);
        representation.setFullScopeAllowed(true);
        representation.setRootUrl("${authBaseUrl}");
        representation.setBaseUrl(path(realm));
        representation.setRedirectUris(List.of(path(realm)));
        representation.setWebOrigins(List.of("+"));
        representation.setAttributes(Map.of(
                "pkce.code.challenge.method", "S256",
                "post.logout.redirect.uris", "+"));
        Clients.create(session, realm, representation);
        return true;
    }

    /** Why the admin page cannot sign anyone in at this realm, or null when it can. */
    static String problem(RealmModel realm) {
        ClientModel client = realm.getClientByClientId(CLIENT_ID);
        if (client == null) {
            return "Tenancy administration is not set up in this realm: its sign-in client " + CLIENT_ID + " is"
                    + " missing. Sign in through the master realm's address (/realms/master/tenancy/portal/admin/), or"
                    + " enable tenancy on this realm again.";
        }
        if (!client.isEnabled()) {
            return "Tenancy administration is turned off in this realm (its client " + CLIENT_ID + " is disabled).";
        }
        boolean onlyThisPage = client.getRedirectUris().stream().allMatch(uri -> uri.endsWith(path(realm)));
        if (!client.isPublicClient() || !client.isStandardFlowEnabled() || !onlyThisPage) {
            return "The client " + CLIENT_ID + " of this realm is not the portal's (it must be a public client with the"
                    + " standard flow, redirecting to " + path(realm) + " only). Delete or rename it.";
        }
        return null;
    }
}
