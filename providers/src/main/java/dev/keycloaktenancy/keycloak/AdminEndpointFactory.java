package dev.keycloaktenancy.keycloak;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * Mounts a JAX-RS resource at {@code /admin/realms/{realm}/{id}} (Keycloak's admin-realm-restapi-extension SPI).
 * Keycloak has authenticated the administrator's token before; the resource decides with {@link AdminAccess}.
 */
public abstract class AdminEndpointFactory implements AdminRealmResourceProviderFactory, AdminRealmResourceProvider {

    /** The resource serving one request of this administrator in this realm. */
    protected abstract Object resource(KeycloakSession session, RealmModel realm, AdminAccess admin);

    @Override
    public final Object getResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
                                    AdminEventBuilder adminEvent) {
        return resource(session, realm, new KeycloakAdminAccess(session, auth));
    }

    @Override
    public final AdminRealmResourceProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
