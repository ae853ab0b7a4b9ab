package dev.keycloaktenancy.setup;

import dev.keycloaktenancy.TenancyMetrics;
import dev.keycloaktenancy.api.admin.TenancyAdminResource;
import dev.keycloaktenancy.keycloak.AdminAccess;
import dev.keycloaktenancy.keycloak.AdminEndpointFactory;
import dev.keycloaktenancy.keycloak.KeycloakVersion;
import dev.keycloaktenancy.platform.TenantTemplates;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import java.nio.file.Path;
import java.util.List;

/** Mounts the admin API at {@code /admin/realms/{realm}/tenancy}, with enabling tenancy wired in. */
public final class TenancyAdminResourceProviderFactory extends AdminEndpointFactory {

    public static final String ID = "tenancy";
    /** Folder of the operator's own tenant templates: --spi-admin-realm-restapi-extension--tenancy--templates-dir. */
    public static final String TEMPLATES_DIR = "templates-dir";
    /** Label the pack's metrics with the realm: --spi-admin-realm-restapi-extension--tenancy--metrics-realm-label. */
    public static final String METRICS_REALM_LABEL = "metrics-realm-label";

    private TenantTemplates tenantTemplates = new TenantTemplates(null);

    @Override
    protected Object resource(KeycloakSession session, RealmModel realm, AdminAccess admin) {
        return new TenancyAdminResource(session, realm, admin, tenantTemplates,
                (caller, target) -> TenancyEnabler.enableSerialized(caller, target.getId()));
    }

    @Override
    public void init(Config.Scope config) {
        String folder = config.get(TEMPLATES_DIR);
        tenantTemplates = new TenantTemplates(folder == null || folder.isBlank() ? null : Path.of(folder));
        TenancyMetrics.labelRealms(config.getBoolean(METRICS_REALM_LABEL, false));
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        KeycloakVersion.logAtStartup();
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(TEMPLATES_DIR).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Folder with the operator's tenant templates (realm JSON files named <template>.json).")
                .add()
                .property().name(METRICS_REALM_LABEL).type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(false)
                .helpText("Label the pack's metrics with the realm's name (one series per realm); off: summed over realms.")
                .add().build();
    }

    @Override
    public String getId() {
        return ID;
    }
}
