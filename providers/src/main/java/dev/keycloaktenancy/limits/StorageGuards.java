package dev.keycloaktenancy.limits;

import jakarta.persistence.EntityManager;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.EventType;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.stream.StreamSupport;

/**
 * Hooks the limits into Keycloak's storage, below every REST endpoint and flow: new user rows are counted as they
 * are written ({@link NewUserCheck}), a realm's limit attributes only change at an operator's request
 * ({@link OperatorRecordGuard}), and no directory keeps its users out of the count ({@link DirectoryImportGuard}). Keycloak has no veto on these writes at its own level: partial import,
 * realm update and user federation skip the user profile and publish no event that can refuse.
 */
public final class StorageGuards {

    private static final Logger LOG = Logger.getLogger(StorageGuards.class);

    private StorageGuards() {
    }

    /** Registers the listeners with Hibernate once; called when the database is ready. */
    public static void install(KeycloakSessionFactory factory) {
        KeycloakModelUtils.runJobInTransaction(factory, session -> {
            EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
            EventListenerRegistry registry = em.getEntityManagerFactory().unwrap(SessionFactoryImplementor.class)
                    .getEventListenerRegistry();
            if (StreamSupport.stream(registry.getEventListenerGroup(EventType.POST_INSERT).listeners().spliterator(), false)
                    .anyMatch(NewUserCheck.class::isInstance)) {
                return;
            }
            registry.appendListeners(EventType.POST_INSERT, new NewUserCheck());
            OperatorRecordGuard attributes = new OperatorRecordGuard();
            registry.appendListeners(EventType.PRE_INSERT, attributes);
            registry.appendListeners(EventType.PRE_UPDATE, attributes);
            registry.appendListeners(EventType.PRE_DELETE, attributes);
            registry.appendListeners(EventType.PRE_INSERT, new DirectoryImportGuard());
            LOG.debug("Limit checks registered with Hibernate");
        });
    }
}
