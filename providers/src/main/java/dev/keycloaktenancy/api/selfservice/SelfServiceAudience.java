package dev.keycloaktenancy.api.selfservice;

import dev.keycloaktenancy.Tenancy;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.encode.AccessTokenContext;
import org.keycloak.protocol.oidc.encode.TokenContextEncoderProvider;
import org.keycloak.protocol.oidc.mappers.AudienceProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.representations.AccessToken;

import java.util.HashMap;
import java.util.Map;

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
    static String refusal(KeycloakSession session, AccessToken token) {
        AccessTokenContext context = session.getProvider(TokenContextEncoderProvider.class).getTokenContextFromTokenId(token.getId());
        if (context != null && AccessTokenContext.TokenType.LIGHTWEIGHT.equals(context.getTokenType())) {
            return "Lightweight access tokens carry no audience, so this API does not accept them. Turn off"
                    + " 'Always use lightweight access token' for the application, and ask for the scope " + AUDIENCE + ".";
        }
        if (!token.hasAudience(AUDIENCE)) {
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
            scope.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
            scope.setDescription("Lets an application call the organization self-service API (keycloak-tenancy) on"
                    + " the user's behalf.");
            scope.setIncludeInTokenScope(true);
            scope.setDisplayOnConsentScreen(true);
            scope.setConsentScreenText("Manage your organizations");
            changed = true;
        }
        if (scope.getProtocolMappersStream().noneMatch(m -> AudienceProtocolMapper.PROVIDER_ID.equals(m.getProtocolMapper())
                && AUDIENCE.equals(m.getConfig().get(AudienceProtocolMapper.INCLUDED_CUSTOM_AUDIENCE)))) {
            ProtocolMapperModel audience = new ProtocolMapperModel();
            audience.setName(MAPPER_NAME);
            audience.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
            audience.setProtocolMapper(AudienceProtocolMapper.PROVIDER_ID);
            audience.setConfig(new HashMap<>(Map.of(
                    AudienceProtocolMapper.INCLUDED_CUSTOM_AUDIENCE, AUDIENCE,
                    OIDCAttributeMapperHelper.INCLUDE_IN_ACCESS_TOKEN, "true",
                    OIDCAttributeMapperHelper.INCLUDE_IN_INTROSPECTION, "true",
                    OIDCAttributeMapperHelper.INCLUDE_IN_ID_TOKEN, "false")));
            scope.addProtocolMapper(audience);
            changed = true;
        }
        return changed;
    }
}
