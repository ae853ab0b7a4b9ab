package dev.keycloaktenancy.keycloak;

import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.ProtocolMapper;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.protocol.oidc.mappers.UserInfoTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.IDToken;

import java.util.List;

/**
 * An OpenID Connect protocol mapper that sets a claim in access tokens, ID tokens, user info and introspection, each
 * as its configuration includes it (Keycloak's own mapper base). A subclass writes the claim in {@link #setClaim}.
 */
public abstract class TokenClaimMapper extends AbstractOIDCProtocolMapper
        implements OIDCAccessTokenMapper, OIDCIDTokenMapper, UserInfoTokenMapper, TokenIntrospectionTokenMapper {

    /** The admin console's category of mappers that set token claims. */
    public static final String TOKEN_MAPPER_CATEGORY = AbstractOIDCProtocolMapper.TOKEN_MAPPER_CATEGORY;
    /** Configuration key of the claim's name. */
    public static final String TOKEN_CLAIM_NAME = OIDCAttributeMapperHelper.TOKEN_CLAIM_NAME;
    /** Configuration keys of the token kinds that carry the claim ({@code "true"} or {@code "false"}). */
    public static final String INCLUDE_IN_ACCESS_TOKEN = OIDCAttributeMapperHelper.INCLUDE_IN_ACCESS_TOKEN;
    public static final String INCLUDE_IN_ID_TOKEN = OIDCAttributeMapperHelper.INCLUDE_IN_ID_TOKEN;
    public static final String INCLUDE_IN_INTROSPECTION = OIDCAttributeMapperHelper.INCLUDE_IN_INTROSPECTION;
    public static final String INCLUDE_IN_USERINFO = OIDCAttributeMapperHelper.INCLUDE_IN_USERINFO;

    /** Adds the "add to access token / ID token / …" switches that Keycloak shows for the mapper's kind. */
    protected static void addIncludeInTokensConfig(List<ProviderConfigProperty> config,
                                                   Class<? extends ProtocolMapper> mapperClass) {
        OIDCAttributeMapperHelper.addIncludeInTokensConfig(config, mapperClass);
    }

    /** Writes the claim into a token that the mapper's configuration includes it in. */
    @Override
    protected abstract void setClaim(IDToken token, ProtocolMapperModel model, UserSessionModel userSession,
                                     KeycloakSession session, ClientSessionContext clientSessionCtx);
}
