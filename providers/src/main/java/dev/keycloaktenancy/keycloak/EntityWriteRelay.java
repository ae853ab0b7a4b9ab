package dev.keycloaktenancy.keycloak;

import dev.keycloaktenancy.Tenancy;
import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.engine.spi.Status;
import org.hibernate.event.spi.PostInsertEvent;
import org.hibernate.event.spi.PostInsertEventListener;
import org.hibernate.event.spi.PreDeleteEvent;
import org.hibernate.event.spi.PreDeleteEventListener;
import org.hibernate.event.spi.PreInsertEvent;
import org.hibernate.event.spi.PreInsertEventListener;
import org.hibernate.event.spi.PreUpdateEvent;
import org.hibernate.event.spi.PreUpdateEventListener;
import org.hibernate.persister.entity.EntityPersister;
import org.keycloak.models.GroupModel;
import org.keycloak.models.jpa.entities.ComponentConfigEntity;
import org.keycloak.models.jpa.entities.GroupAttributeEntity;
import org.keycloak.models.jpa.entities.ComponentEntity;
import org.keycloak.models.jpa.entities.OrganizationEntity;
import org.keycloak.models.jpa.entities.RealmAttributeEntity;
import org.keycloak.models.jpa.entities.RealmEntity;
import org.keycloak.models.jpa.entities.UserEntity;
import org.keycloak.storage.UserStorageProvider;

import java.util.Arrays;
import java.util.Objects;

/**
 * Hibernate's entity events on Keycloak's JPA entities, translated into the {@link StorageEvents} the pack checks:
 * user rows after insert; realm rows and realm attribute rows before insert, update and delete; user storage
 * components' configuration rows before insert; organizations' attribute rows of the pack's keys before insert and
 * update. Besides, organizations' names and display names as they are written keep their
 * {@link OrganizationNameKeys} rows in step, whoever writes them.
 */
final class EntityWriteRelay implements PostInsertEventListener, PreInsertEventListener, PreUpdateEventListener,
        PreDeleteEventListener {

    private static final String IMPORT_ENABLED = "importEnabled";
    private static final String TENANCY_PREFIX = "tenancy.";

    private final StorageEvents.UserRows users;
    private final StorageEvents.RealmRows realms;
    private final StorageEvents.DirectoryRows directories;
    private final StorageEvents.OrganizationAttributeRows organizationAttributes;

    EntityWriteRelay(StorageEvents.UserRows users, StorageEvents.RealmRows realms,
                     StorageEvents.DirectoryRows directories,
                     StorageEvents.OrganizationAttributeRows organizationAttributes) {
        this.users = users;
        this.realms = realms;
        this.directories = directories;
        this.organizationAttributes = organizationAttributes;
    }

    @Override
    public void onPostInsert(PostInsertEvent event) {
        if (event.getEntity() instanceof OrganizationEntity organization) {
            nameWritten(event.getSession(), organization);
        } else if (event.getEntity() instanceof UserEntity user) {
            users.inserted(new StorageEvents.NewUser(user.getRealmId(), user.getUsername()),
                    new JdbcFlushReads(event.getSession()));
        }
    }

    @Override
    public boolean requiresPostCommitHandling(EntityPersister persister) {
        return false;
    }

    @Override
    public boolean onPreInsert(PreInsertEvent event) {
        if (event.getEntity() instanceof GroupAttributeEntity attribute) {
            displayNameWritten(event.getSession(), attribute, attribute.getValue());
            organizationAttribute(attribute);
        } else if (event.getEntity() instanceof RealmAttributeEntity attribute) {
            realms.attributeWritten(write(StorageEvents.Write.INSERT, attribute, false));
        } else if (event.getEntity() instanceof ComponentConfigEntity config && IMPORT_ENABLED.equals(config.getName())
                && "false".equalsIgnoreCase(config.getValue())) {
            ComponentEntity component = config.getComponent();
            if (component != null && UserStorageProvider.class.getName().equals(component.getProviderType())) {
                directories.withoutImport(component.getRealm().getId(), component.getName(),
                        new JdbcFlushReads(event.getSession()));
            }
        }
        return false;
    }

    @Override
    public boolean onPreUpdate(PreUpdateEvent event) {
        if (event.getEntity() instanceof GroupAttributeEntity attribute) {
            displayNameWritten(event.getSession(), attribute, attribute.getValue());
            organizationAttribute(attribute);
        } else if (event.getEntity() instanceof OrganizationEntity organization) {
            if (!Objects.equals(previous(event, "name"), organization.getName())) {
                nameWritten(event.getSession(), organization);
            }
        } else if (event.getEntity() instanceof RealmAttributeEntity attribute) {
            realms.attributeWritten(write(StorageEvents.Write.UPDATE, attribute, false));
        } else if (event.getEntity() instanceof RealmEntity realm) {
            realms.updated(new StorageEvents.RealmUpdate(new Realm(realm), (String) previous(event, "name"),
                    (Boolean) previous(event, "enabled"), realm.isEnabled()));
        }
        return false;
    }

    @Override
    public boolean onPreDelete(PreDeleteEvent event) {
        if (event.getEntity() instanceof GroupAttributeEntity attribute) {
            displayNameDeleted(event.getSession(), attribute);
        } else if (event.getEntity() instanceof RealmAttributeEntity attribute) {
            realms.attributeWritten(write(StorageEvents.Write.DELETE, attribute,
                    isBeingDeleted(event.getSession(), attribute.getRealm())));
        } else if (event.getEntity() instanceof RealmEntity realm) {
            realms.deleted(new Realm(realm));
        }
        return false;
    }

    /** The organization's name row follows its name (see {@link OrganizationNameKeys}). */
    private static void nameWritten(SharedSessionContractImplementor session, OrganizationEntity organization) {
        session.doWork(connection -> OrganizationNameKeys.write(connection, organization.getId(),
                organization.getRealmId(), OrganizationNameKeys.NAME, organization.getName()));
    }

    /**
     * The display-name row follows the branding display-name attribute of an organization's group (null: removed). The
     * organization's row may still wait in a JDBC batch of this flush, so the batch goes first.
     */
    private static void displayNameWritten(SharedSessionContractImplementor session, GroupAttributeEntity attribute,
                                           String value) {
        if (!Tenancy.BRAND_DISPLAY_NAME.equals(attribute.getName()) || attribute.getGroup() == null) {
            return;
        }
        String groupId = attribute.getGroup().getId();
        session.getJdbcCoordinator().executeBatch();
        session.doWork(connection -> OrganizationNameKeys.writeDisplayName(connection, groupId, value));
    }

    private static void displayNameDeleted(SharedSessionContractImplementor session, GroupAttributeEntity attribute) {
        if (!Tenancy.BRAND_DISPLAY_NAME.equals(attribute.getName()) || attribute.getGroup() == null) {
            return;
        }
        String groupId = attribute.getGroup().getId();
        String attributeId = attribute.getId();
        session.getJdbcCoordinator().executeBatch();
        session.doWork(connection -> OrganizationNameKeys.displayNameDeleted(connection, groupId, attributeId));
    }

    /** An organization's attributes are its group's (26.7); only the pack's keys are passed on. */
    private void organizationAttribute(GroupAttributeEntity attribute) {
        String name = attribute.getName();
        if (name != null && name.startsWith(TENANCY_PREFIX) && attribute.getGroup() != null
                && attribute.getGroup().getType() == GroupModel.Type.ORGANIZATION.intValue()) {
            organizationAttributes.written(name, attribute.getValue());
        }
    }

    private static StorageEvents.RealmAttributeWrite write(StorageEvents.Write write, RealmAttributeEntity attribute,
                                                           boolean realmBeingDeleted) {
        return new StorageEvents.RealmAttributeWrite(write, new Realm(attribute.getRealm()), attribute.getName(),
                attribute.getValue(), realmBeingDeleted);
    }

    private static boolean isBeingDeleted(SharedSessionContractImplementor session, RealmEntity realm) {
        EntityEntry entry = session.getPersistenceContextInternal().getEntry(realm);
        return entry != null && (entry.getStatus() == Status.DELETED || entry.getStatus() == Status.GONE);
    }

    private static Object previous(PreUpdateEvent event, String property) {
        int index = Arrays.asList(event.getPersister().getPropertyNames()).indexOf(property);
        return index < 0 || event.getOldState() == null ? null : event.getOldState()[index];
    }

    /** The realm entity as {@link StorageEvents.StoredRealm}; its attributes are read only when asked. */
    private record Realm(RealmEntity entity) implements StorageEvents.StoredRealm {

        @Override
        public String name() {
            return entity.getName();
        }

        @Override
        public boolean hasAttribute(String attribute) {
            return entity.getAttributes().stream().anyMatch(held -> attribute.equals(held.getName()));
        }
    }
}
