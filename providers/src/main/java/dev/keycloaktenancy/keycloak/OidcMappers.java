package dev.keycloaktenancy.keycloak;

import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.protocol.oidc.mappers.AudienceProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;

import java.util.HashMap;
import java.util.Map;

/** Keycloak's own OpenID Connect protocol mappers that the pack configures. */
public final class OidcMappers {

    private OidcMappers() {
    }

    /** An audience mapper adding a custom audience to access tokens and introspection, not to ID tokens. */
    public static ProtocolMapperModel audience(String name, String audience) {
        ProtocolMapperModel mapper = new ProtocolMapperModel();
        mapper.setName(name);
        mapper.setProtocol(OidcLogin.PROTOCOL);
        mapper.setProtocolMapper(AudienceProtocolMapper.PROVIDER_ID);
        mapper.setConfig(new HashMap<>(Map.of(
                AudienceProtocolMapper.INCLUDED_CUSTOM_AUDIENCE, audience,
                OIDCAttributeMapperHelper.INCLUDE_IN_ACCESS_TOKEN, "true",
                OIDCAttributeMapperHelper.INCLUDE_IN_INTROSPECTION, "true",
                OIDCAttributeMapperHelper.INCLUDE_IN_ID_TOKEN, "false")));
        return mapper;
    }

    /** Whether the mapper is an audience mapper adding this custom audience. */
    public static boolean addsAudience(ProtocolMapperModel mapper, String audience) {
        return AudienceProtocolMapper.PROVIDER_ID.equals(mapper.getProtocolMapper())
                && audience.equals(mapper.getConfig().get(AudienceProtocolMapper.INCLUDED_CUSTOM_AUDIENCE));
    }
}
