package dev.keycloaktenancy.api.selfservice;

import dev.keycloaktenancy.keycloak.RealmEndpointFactory;
import dev.keycloaktenancy.scim.ScimSettings;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import java.util.List;

/**
 * Mounts the self-service API at {@code /realms/{realm}/tenancy}, the organizations' SCIM endpoints included; their
 * settings are this provider's options ({@code --spi-realm-restapi-extension--tenancy--…}).
 */
public final class SelfServiceResourceProviderFactory extends RealmEndpointFactory {

    public static final String ID = "tenancy";

    private ScimSettings scimSettings = ScimSettings.DEFAULTS;

    @Override
    protected Object resource(KeycloakSession session) {
        return new SelfServiceResource(session, scimSettings);
    }

    @Override
    public void init(Config.Scope config) {
        scimSettings = new ScimSettings(config.getInt(ScimSettings.MAX_SCANNED_MEMBERS,
                ScimSettings.DEFAULT_MAX_SCANNED_MEMBERS));
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(ScimSettings.MAX_SCANNED_MEMBERS).type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(ScimSettings.DEFAULT_MAX_SCANNED_MEMBERS)
                .helpText("SCIM: the most members a filter no index answers may read; in a larger organization such a"
                        + " filter is refused with 400 tooMany (equality on userName, emails.value, externalId always"
                        + " answers).")
                .add().build();
    }

    @Override
    public String getId() {
        return ID;
    }
}
