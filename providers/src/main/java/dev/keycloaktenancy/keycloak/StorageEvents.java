package dev.keycloaktenancy.keycloak;

import jakarta.persistence.EntityManager;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.EventType;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.stream.StreamSupport;

/**
 * Rows of Keycloak's own tables as Hibernate writes them, told to the pack's checks below every REST endpoint and
 * flow: Keycloak has no veto on these writes at its own level (partial import, realm update and user federation skip
 * the user profile and publish no event that can refuse). Each check runs inside Hibernate's flush, in the writing
 * transaction, and refuses by throwing; Keycloak passes a {@code ModelValidationException} on unchanged.
 */
public final class StorageEvents {

    private StorageEvents() {
    }

    /** A user row just inserted (its SQL may still wait in a JDBC batch). */
    public record NewUser(String realmId, String username) {
    }

    /** A realm as stored, seen while one of its rows is written. */
    public interface StoredRealm {

        String name();

        /**
         * Whether the realm holds this attribute. Keycloak loaded the realm's attributes to change one of them, or to
         * update the realm, so this queries nothing.
         */
        boolean hasAttribute(String attribute);
    }

    /** How a row is written. */
    public enum Write { INSERT, UPDATE, DELETE }

    /**
     * A realm attribute row about to be written.
     *
     * @param realmBeingDeleted for a deletion: the realm itself is being deleted, which removes its attributes with it
     */
    public record RealmAttributeWrite(Write write, StoredRealm realm, String name, String value,
                                      boolean realmBeingDeleted) {
    }

    /**
     * A realm row about to be updated: its name and enabled flag before (null when Hibernate did not load the row
     * before this update) and after.
     */
    public record RealmUpdate(StoredRealm realm, String previousName, Boolean previousEnabled, boolean enabled) {
    }

    /**
     * What a check may read while rows are being written: plain JDBC on the transaction's own connection, because a
     * JPA query inside a flush would flush again.
     */
    public interface FlushReads {

        /** The realm's attribute, or null. */
        String realmAttribute(String realmId, String attribute);

        /** The realm's display name, or its name: how people know it. */
        String realmLabel(String realmId);

        /** Counts the realm's users (service accounts left out) without locking anything: an estimate. */
        long countUsers(String realmId);

        /**
         * Locks the realm's row until the transaction ends, then counts its users (service accounts left out),
         * including rows Hibernate still holds in a JDBC batch; the count sees the latest committed rows.
         */
        long lockAndCountUsers(String realmId);
    }

    /** Checks new user rows. */
    public interface UserRows {
        void inserted(NewUser user, FlushReads reads);
    }

    /** Checks writes of realm rows and of their attributes. */
    public interface RealmRows {

        void attributeWritten(RealmAttributeWrite write);

        void updated(RealmUpdate update);

        void deleted(StoredRealm realm);
    }

    /**
     * Checks user storage providers (user federation, such as LDAP) set up not to import their users. Keycloak writes
     * a component's configuration rows afresh on every save, so a new {@code importEnabled=false} row is where both
     * adding such a provider and switching one to it show.
     */
    public interface DirectoryRows {
        void withoutImport(String realmId, String directoryName, FlushReads reads);
    }

    /**
     * Checks the values of the pack's keys ({@code tenancy.*}) among organizations' attributes as Keycloak writes them
     * (its organization REST API and the console's Attributes tab write every attribute of the organization afresh
     * on each save). The pack's own writes of these attributes are plain SQL and are not seen here.
     */
    public interface OrganizationAttributeRows {
        void written(String name, String value);
    }

    /**
     * Registers the checks with Hibernate once; called when the database is ready. Answers false when they were
     * registered before.
     */
    public static boolean install(KeycloakSessionFactory factory, UserRows users, RealmRows realms,
                                  DirectoryRows directories, OrganizationAttributeRows organizationAttributes) {
        return KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
            EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
            EventListenerRegistry registry = em.getEntityManagerFactory().unwrap(SessionFactoryImplementor.class)
                    .getEventListenerRegistry();
            if (StreamSupport.stream(registry.getEventListenerGroup(EventType.POST_INSERT).listeners().spliterator(), false)
                    .anyMatch(EntityWriteRelay.class::isInstance)) {
                return false;
            }
            EntityWriteRelay relay = new EntityWriteRelay(users, realms, directories, organizationAttributes);
            registry.appendListeners(EventType.POST_INSERT, relay);
            registry.appendListeners(EventType.PRE_INSERT, relay);
            registry.appendListeners(EventType.PRE_UPDATE, relay);
            registry.appendListeners(EventType.PRE_DELETE, relay);
            return true;
        });
    }
}
