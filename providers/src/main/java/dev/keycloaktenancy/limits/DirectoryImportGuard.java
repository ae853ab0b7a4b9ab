package dev.keycloaktenancy.limits;

import dev.keycloaktenancy.Tenancy;
import org.hibernate.event.spi.PreInsertEvent;
import org.hibernate.event.spi.PreInsertEventListener;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.jpa.entities.ComponentConfigEntity;
import org.keycloak.models.jpa.entities.ComponentEntity;
import org.keycloak.storage.UserStorageProvider;
import org.keycloak.utils.KeycloakSessionUtil;

/**
 * A user storage provider that does not import its users (LDAP with "Import users" off) keeps them out of Keycloak's
 * user table, where the user limit counts: in a realm with {@code tenancy.limits.max-users} only the platform
 * operator may set one up. Keycloak writes a component's configuration rows afresh on every save, so a new
 * {@code importEnabled=false} row is where both adding such a provider and switching one to it show.
 */
final class DirectoryImportGuard implements PreInsertEventListener {

    private static final Logger LOG = Logger.getLogger(DirectoryImportGuard.class);
    private static final String IMPORT_ENABLED = "importEnabled";

    @Override
    public boolean onPreInsert(PreInsertEvent event) {
        if (!(event.getEntity() instanceof ComponentConfigEntity config) || !IMPORT_ENABLED.equals(config.getName())
                || !"false".equalsIgnoreCase(config.getValue())) {
            return false;
        }
        ComponentEntity component = config.getComponent();
        if (component == null || !UserStorageProvider.class.getName().equals(component.getProviderType())) {
            return false;
        }
        KeycloakSession session = KeycloakSessionUtil.getKeycloakSession();
        String realmId = component.getRealm().getId();
        if (session == null || CreatedRealms.contains(session, realmId) || OperatorCheck.allows(session)) {
            return false;
        }
        Integer max = event.getSession().doReturningWork(connection -> new RealmUserCount(connection).maxUsers(realmId));
        if (max == null) {
            return false;
        }
        LOG.warnf("Refused user storage provider %s without import in realm %s, which has a user limit",
                component.getName(), realmId);
        throw new StorageRefusal("This realm has a limit of " + max + " users, and users of a directory that are not"
                + " imported would not count against it: turn on 'Import users' for " + component.getName()
                + ". Only the platform operator (master realm role " + Tenancy.PROVISIONER_ROLE + ") may set up a"
                + " directory without import here.");
    }
}
