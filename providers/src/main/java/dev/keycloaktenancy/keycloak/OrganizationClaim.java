package dev.keycloaktenancy.keycloak;

import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.representations.IDToken;

import java.util.Map;

/** The token's {@code organization} claim as Keycloak's own organization mapper wrote it. */
public final class OrganizationClaim {

    private OrganizationClaim() {
    }

    /**
     * The claim as a map from alias to entry, written back into the token by Keycloak: the list form becomes
     * {@code {alias: {}}}. The mapper's {@code claim.name} names the claim.
     */
    public static Map<String, Object> asMap(IDToken token, ProtocolMapperModel mapper) {
        return OIDCAttributeMapperHelper.getOrInitializeOrganizationClaimAsMap(token, mapper);
    }
}
