package dev.keycloaktenancy.keycloak;

import dev.keycloaktenancy.Tenancy;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.ProtocolMapperUtils;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.UserAttributeMapper;
import org.keycloak.representations.IDToken;

import java.util.Collection;

/**
 * Keycloak's "User Attribute" token mapper ({@code oidc-usermodel-attribute-mapper}, the type of most mappers of the
 * {@code profile} scope), in its place: the same id with a higher order, so Keycloak runs this class for every
 * mapper of that type, and removing the JAR leaves each mapper as it was.
 * <p>
 * In a realm without tenancy it is Keycloak's mapper, unchanged. In a realm with tenancy it writes the same claim
 * with the same values, but reads the user's groups once per request ({@link UserGroupAttributes}) instead of once
 * per mapper and token: each organization is a group of its members, so for a user in many organizations Keycloak's
 * walk through the groups was most of the token endpoint's time.
 */
public final class UserAttributeClaimMapper extends UserAttributeMapper {

    /** Keycloak's own factory has order 0; of two factories with one id, Keycloak keeps the higher order. */
    static final int ORDER = 1;

    @Override
    public int order() {
        return ORDER;
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel model, UserSessionModel userSession,
                            KeycloakSession session, ClientSessionContext clientSessionCtx) {
        if (!Tenancy.isEnabled(userSession.getRealm())) {
            super.setClaim(token, model, userSession, session, clientSessionCtx);
            return;
        }
        Collection<String> values = UserGroupAttributes.of(session, userSession.getUser()).resolve(
                model.getConfig().get(ProtocolMapperUtils.USER_ATTRIBUTE),
                Boolean.parseBoolean(model.getConfig().get(ProtocolMapperUtils.AGGREGATE_ATTRS)));
        if (values != null) {
            OIDCAttributeMapperHelper.mapClaim(token, model, values);
        }
    }
}
