package dev.keycloaktenancy.setup;

import dev.keycloaktenancy.audit.jpa.AuditRecordEntity;
import dev.keycloaktenancy.jit.jpa.AssertedEmailEntity;
import dev.keycloaktenancy.jit.jpa.JoinRequestEntity;
import dev.keycloaktenancy.roles.jpa.InvitationRoleEntity;
import dev.keycloaktenancy.roles.jpa.OrganizationRoleEntity;
import dev.keycloaktenancy.roles.jpa.RoleAssignmentEntity;
import dev.keycloaktenancy.webhooks.jpa.WebhookDeliveryEntity;
import dev.keycloaktenancy.webhooks.jpa.WebhookEntity;
import dev.keycloaktenancy.scim.jpa.ScimTokenEntity;
import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

import java.util.List;

/**
 * Wiring for the pack's tables: the entities and their Liquibase changelog, plus the listener that hands Keycloak's
 * events to the capabilities ({@link TenancyEvents}). The id's first ten letters name the changelog table
 * (DATABASECHANGELOG_TENANCYJPA).
 */
public final class TenancyJpaEntityProviderFactory implements JpaEntityProviderFactory {

    public static final String ID = "tenancy-jpa";

    private final TenancyEvents lifecycleListener = new TenancyEvents();
    private KeycloakSessionFactory sessionFactory;

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return new JpaEntityProvider() {
            @Override
            public List<Class<?>> getEntities() {
                return List.of(OrganizationRoleEntity.class, RoleAssignmentEntity.class, InvitationRoleEntity.class,
                        AssertedEmailEntity.class, AuditRecordEntity.class, WebhookEntity.class,
                        WebhookDeliveryEntity.class, ScimTokenEntity.class,
                        JoinRequestEntity.class);
            }

            @Override
            public String getChangelogLocation() {
                return "META-INF/tenancy-changelog.xml";
            }

            @Override
            public String getFactoryId() {
                return ID;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        this.sessionFactory = factory;
        factory.register(lifecycleListener);
    }

    @Override
    public void close() {
        if (sessionFactory != null) {
            sessionFactory.unregister(lifecycleListener);
        }
    }

    @Override
    public String getId() {
        return ID;
    }
}
