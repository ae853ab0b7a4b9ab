package dev.keycloaktenancy.setup;

import dev.keycloaktenancy.api.admin.TenancyAdminResource;
import dev.keycloaktenancy.keycloak.AdminAccess;
import dev.keycloaktenancy.keycloak.AdminEndpointFactory;
import dev.keycloaktenancy.platform.TenantTemplates;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
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
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(TEMPLATES_DIR).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Folder with the operator's tenant templates (realm JSON files named <template>.json).")
                .add().build();
    }

    @Override
    public String getId() {
        return ID;
    }
}
