package dev.keycloaktenancy.api.selfservice;

import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.keycloak.BearerAuthentication;
import dev.keycloaktenancy.keycloak.OidcLogin;
import dev.keycloaktenancy.keycloak.OidcMappers;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Which access tokens the self-service API answers: those that carry the audience {@value Tenancy#API_SCOPE}, which
 * only the client scope of that name adds. A realm administrator gives that scope (as an optional scope) to the
 * applications that call the API, and they ask for it ({@code scope=tenancy-api}); a token some other application of
 * the realm obtained for its own purposes is refused. Lightweight access tokens carry no audience and are refused too.
 */
public final class SelfServiceAudience {

    static final String AUDIENCE = Tenancy.API_SCOPE;
    private static final String MAPPER_NAME = "tenancy-api audience";

    private SelfServiceAudience() {
    }

    /** Why the token is not one for this API, or null when it is. */
    static String refusal(KeycloakSession session, BearerAuthentication.Caller caller) {
        if (caller.isLightweight(session)) {
            return "Lightweight access tokens carry no audience, so this API does not accept them. Turn off"
                    + " 'Always use lightweight access token' for the application, and ask for the scope " + AUDIENCE + ".";
        }
        if (!caller.token().hasAudience(AUDIENCE)) {
            return "This access token was not issued for this API: ask for the scope " + AUDIENCE + " (scope=openid "
                    + AUDIENCE + "). A realm administrator must first give the application that client scope.";
        }
        return null;
    }

    /** Creates the client scope, or adds its audience mapper if a scope of that name lacks it; true if it changed. */
    public static boolean install(RealmModel realm) {
        ClientScopeModel scope = realm.getClientScopesStream().filter(s -> AUDIENCE.equals(s.getName())).findFirst()
                .orElse(null);
        boolean changed = false;
        if (scope == null) {
            scope = realm.addClientScope(AUDIENCE);
            scope.setProtocol(OidcLogin.PROTOCOL);
            scope.setDescription("Lets an application call the organization self-service API (keycloak-tenancy) on"
                    + " the user's behalf.");
            scope.setIncludeInTokenScope(true);
            scope.setDisplayOnConsentScreen(true);
            scope.setConsentScreenText("Manage your organizations");
            changed = true;
        }
        if (scope.getProtocolMappersStream().noneMatch(m -> OidcMappers.addsAudience(m, AUDIENCE))) {
            scope.addProtocolMapper(OidcMappers.audience(MAPPER_NAME, AUDIENCE));
            changed = true;
        }
        return changed;
    }
}
