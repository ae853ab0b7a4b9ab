package dev.keycloaktenancy.jit;

import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.TenancyException;
import dev.keycloaktenancy.keycloak.ClaimIdpMapper;
import dev.keycloaktenancy.keycloak.IdentityProviderLinks;
import dev.keycloaktenancy.roles.Actor;
import dev.keycloaktenancy.roles.RoleAssignments;
import org.jboss.logging.Logger;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.models.IdentityProviderMapperModel;
import org.keycloak.models.IdentityProviderSyncMode;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.provider.ProviderConfigProperty;

import java.util.ArrayList;
import java.util.List;

/**
 * Identity provider mapper "Organization role from claim": when a claim of the identity provider's token has a
 * value (for example {@code groups} contains {@code acme-admins}), the user holds an organization role in the
 * organization that identity provider belongs to. With sync mode "import" this happens on the first login only;
 * with "force" on every login, which also takes the role away when the claim no longer has the value.
 */
public final class OrganizationRoleIdpMapper extends ClaimIdpMapper {

    public static final String PROVIDER_ID = "tenancy-idp-org-role-mapper";
    public static final String ROLE = "tenancy.role";

    private static final Logger LOG = Logger.getLogger(OrganizationRoleIdpMapper.class);
    private static final List<ProviderConfigProperty> CONFIG = new ArrayList<>();

    static {
        ProviderConfigProperty claim = new ProviderConfigProperty(CLAIM, "Claim",
                "Name of the claim to look at; nested claims use dots (e.g. realm_access.roles).",
                ProviderConfigProperty.STRING_TYPE, null);
        ProviderConfigProperty value = new ProviderConfigProperty(CLAIM_VALUE, "Claim value",
                "Value the claim must have, or contain when it is a list.", ProviderConfigProperty.STRING_TYPE, null);
        ProviderConfigProperty role = new ProviderConfigProperty(ROLE, "Organization role",
                "Name of the role (template or organization role) to hold in the identity provider's organization.",
                ProviderConfigProperty.STRING_TYPE, null);
        CONFIG.add(claim);
        CONFIG.add(value);
        CONFIG.add(role);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayCategory() {
        return "Organization role";
    }

    @Override
    public String getDisplayType() {
        return "Organization role from claim";
    }

    @Override
    public String getHelpText() {
        return "keycloak-tenancy: grants an organization role of this identity provider's organization when a claim"
                + " has a value. Sync mode 'force' also revokes it when the value goes away.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }

    @Override
    public boolean supportsSyncMode(IdentityProviderSyncMode syncMode) {
        return true;
    }

    @Override
    public void importNewUser(KeycloakSession session, RealmModel realm, UserModel user,
                              IdentityProviderMapperModel mapperModel, BrokeredIdentityContext context) {
        apply(session, realm, user, mapperModel, context, false);
    }

    @Override
    public void updateBrokeredUser(KeycloakSession session, RealmModel realm, UserModel user,
                                   IdentityProviderMapperModel mapperModel, BrokeredIdentityContext context) {
        apply(session, realm, user, mapperModel, context, true);
    }

    private void apply(KeycloakSession session, RealmModel realm, UserModel user, IdentityProviderMapperModel mapperModel,
                       BrokeredIdentityContext context, boolean revokeWhenAbsent) {
        String roleName = mapperModel.getConfig().get(ROLE);
        String organizationId = IdentityProviderLinks.organizationIdOf(context.getIdpConfig());
        if (!Tenancy.isEnabled(realm) || roleName == null || organizationId == null) {
            return;
        }
        OrganizationModel organization = session.getProvider(OrganizationProvider.class).getById(organizationId);
        if (organization == null || !organization.isMember(user)) {
            return;
        }
        RoleAssignments roles = new RoleAssignments(session, realm);
        try {
            if (hasClaimValue(mapperModel, context)) {
                roles.addRoles(organization, user, List.of(roleName), Actor.administrator());
            } else if (revokeWhenAbsent) {
                roles.removeRole(organization, user, roleName, Actor.administrator());
            }
        } catch (TenancyException e) {
            LOG.warnf("Mapper %s of identity provider %s could not apply role '%s' to %s in %s: %s", mapperModel.getName(),
                    context.getIdpConfig().getAlias(), roleName, user.getUsername(), organization.getAlias(),
                    e.description());
        }
    }
}
