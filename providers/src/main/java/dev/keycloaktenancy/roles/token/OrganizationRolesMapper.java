package dev.keycloaktenancy.roles.token;

import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.TenancyMetrics;
import dev.keycloaktenancy.keycloak.OidcLogin;
import dev.keycloaktenancy.keycloak.TokenClaimMapper;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.IDToken;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Protocol mapper "Organization roles": adds each organization's id, roles and permissions to the native
 * {@code organization} claim, for the organizations the request's organization scope selected. The provider holds
 * the Keycloak wiring; {@link OrganizationRolesClaim} does the work.
 */
public final class OrganizationRolesMapper extends TokenClaimMapper {

    public static final String PROVIDER_ID = "tenancy-organization-roles";
    public static final String ACTIVE_ORGANIZATION_CLAIMS = "tenancy.active-organization-claims";

    private static final List<ProviderConfigProperty> CONFIG = new ArrayList<>();

    static {
        ProviderConfigProperty active = new ProviderConfigProperty();
        active.setName(ACTIVE_ORGANIZATION_CLAIMS);
        active.setLabel("Active organization claims");
        active.setType(ProviderConfigProperty.BOOLEAN_TYPE);
        active.setDefaultValue("false");
        active.setHelpText("When exactly one organization is in the token, also add the top-level claims org_id,"
                + " org_alias, org_roles and org_permissions (the shape API middleware for other identity providers expects).");
        CONFIG.add(active);
        addIncludeInTokensConfig(CONFIG, OrganizationRolesMapper.class);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Organization roles";
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public String getHelpText() {
        return "keycloak-tenancy: adds id, roles and permissions of each organization in the 'organization' claim."
                + " Place it in the 'organization' client scope next to the Organization Membership mapper.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }

    /** Runs after the native membership mapper, which decides which organizations the token carries. */
    @Override
    public int getPriority() {
        return 20;
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel model, UserSessionModel userSession,
                            KeycloakSession session, ClientSessionContext clientSessionCtx) {
        if (!Tenancy.isEnabled(userSession.getRealm())) {
            return;
        }
        boolean activeOrganizationClaims = Boolean.parseBoolean(model.getConfig().get(ACTIVE_ORGANIZATION_CLAIMS));
        TenancyMetrics.timeTokenMapper(userSession.getRealm(), () -> {
            new OrganizationRolesClaim(session, userSession, clientSessionCtx).addTo(token, model, activeOrganizationClaims);
            return null;
        });
    }

    /** The mapper as enabling tenancy adds it to the realm's organization client scope. */
    public static ProtocolMapperModel defaultModel() {
        ProtocolMapperModel model = new ProtocolMapperModel();
        model.setName("organization roles");
        model.setProtocol(OidcLogin.PROTOCOL);
        model.setProtocolMapper(PROVIDER_ID);
        Map<String, String> config = new HashMap<>();
        // the native helper finds the claim to extend through this mapper's own claim name
        config.put(TOKEN_CLAIM_NAME, OrganizationRolesClaim.CLAIM);
        config.put(INCLUDE_IN_ACCESS_TOKEN, "true");
        config.put(INCLUDE_IN_ID_TOKEN, "true");
        config.put(INCLUDE_IN_INTROSPECTION, "true");
        config.put(INCLUDE_IN_USERINFO, "false");
        config.put(ACTIVE_ORGANIZATION_CLAIMS, "false");
        model.setConfig(config);
        return model;
    }
}
