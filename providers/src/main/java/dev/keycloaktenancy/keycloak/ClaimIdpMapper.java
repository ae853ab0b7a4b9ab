package dev.keycloaktenancy.keycloak;

import org.keycloak.broker.oidc.KeycloakOIDCIdentityProviderFactory;
import org.keycloak.broker.oidc.OIDCIdentityProviderFactory;
import org.keycloak.broker.oidc.mappers.AbstractClaimMapper;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.models.IdentityProviderMapperModel;

/**
 * An identity provider mapper of OpenID Connect identity providers (generic and Keycloak) that acts on whether a claim
 * of the provider's tokens has a value, as Keycloak's own claim mappers do. Its configuration names the claim under
 * {@link #CLAIM} and the value under {@link #CLAIM_VALUE}.
 */
public abstract class ClaimIdpMapper extends AbstractClaimMapper {

    /** Configuration key of the claim's name; nested claims use dots (e.g. {@code realm_access.roles}). */
    public static final String CLAIM = AbstractClaimMapper.CLAIM;
    /** Configuration key of the value the claim must have, or contain when it is a list. */
    public static final String CLAIM_VALUE = AbstractClaimMapper.CLAIM_VALUE;

    private static final String[] COMPATIBLE = {KeycloakOIDCIdentityProviderFactory.PROVIDER_ID,
            OIDCIdentityProviderFactory.PROVIDER_ID};

    @Override
    public final String[] getCompatibleProviders() {
        return COMPATIBLE.clone();
    }

    /**
     * Whether the configured claim has the configured value, in the provider's access token, else its ID token, else
     * its user info.
     */
    @Override
    protected final boolean hasClaimValue(IdentityProviderMapperModel mapperModel, BrokeredIdentityContext context) {
        return super.hasClaimValue(mapperModel, context);
    }
}
