package dev.keycloaktenancy.platform;

import jakarta.enterprise.context.ContextNotActiveException;
import org.hibernate.engine.spi.EntityEntry;
import org.hibernate.engine.spi.Status;
import org.hibernate.event.spi.PreDeleteEvent;
import org.hibernate.event.spi.PreDeleteEventListener;
import org.hibernate.event.spi.PreInsertEvent;
import org.hibernate.event.spi.PreInsertEventListener;
import org.hibernate.event.spi.PreUpdateEvent;
import org.hibernate.event.spi.PreUpdateEventListener;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.jpa.entities.RealmAttributeEntity;
import org.keycloak.utils.KeycloakSessionUtil;

/**
 * Keeps a realm's {@code tenancy.limits.*} attributes in the platform operator's hands. A tenant's own
 * administrators hold {@code realm-admin} of their realm and could otherwise raise or remove their limits through
 * Keycloak's realm update. Allowed: holders of the master role {@code tenancy-provisioner}, whoever creates the
 * realm in the same transaction, and work outside HTTP requests (start-up import, the CLI). Realm update answers
 * the refusal with 400, as it does for Keycloak's own read-only attributes.
 */
final class LimitAttributeGuard implements PreInsertEventListener, PreUpdateEventListener, PreDeleteEventListener {

    private static final Logger LOG = Logger.getLogger(LimitAttributeGuard.class);
    private static final String PREFIX = "tenancy.limits.";

    @Override
    public boolean onPreInsert(PreInsertEvent event) {
        check(event.getEntity());
        return false;
    }

    @Override
    public boolean onPreUpdate(PreUpdateEvent event) {
        check(event.getEntity());
        return false;
    }

    @Override
    public boolean onPreDelete(PreDeleteEvent event) {
        if (event.getEntity() instanceof RealmAttributeEntity attribute && !realmIsBeingDeleted(event, attribute)) {
            check(attribute);
        }
        return false;
    }

    /** Removing a realm removes its attributes with it; whoever may delete the realm may do that. */
    private static boolean realmIsBeingDeleted(PreDeleteEvent event, RealmAttributeEntity attribute) {
        EntityEntry realm = event.getSession().getPersistenceContextInternal().getEntry(attribute.getRealm());
        return realm != null && (realm.getStatus() == Status.DELETED || realm.getStatus() == Status.GONE);
    }

    private static void check(Object entity) {
        if (!(entity instanceof RealmAttributeEntity attribute) || !attribute.getName().startsWith(PREFIX)) {
            return;
        }
        KeycloakSession session = KeycloakSessionUtil.getKeycloakSession();
        if (session == null || CreatedRealms.contains(session, attribute.getRealm().getId()) || !inRequest(session)
                || ProvisionerRole.heldByCaller(session)) {
            return;
        }
        String realm = attribute.getRealm().getName();
        LOG.warnf("Refused a change of %s on realm %s: the caller does not hold the master realm role %s",
                attribute.getName(), realm, ProvisionerRole.NAME);
        throw new StorageRefusal("The limits of realm " + realm + " are set by the platform operator, a holder of the"
                + " master realm role " + ProvisionerRole.NAME + " (for a tenant: PUT /admin/realms/master/tenancy/tenants/"
                + realm + "/limits); " + attribute.getName() + " was left unchanged.");
    }

    private static boolean inRequest(KeycloakSession session) {
        try {
            return session.getContext().getHttpRequest() != null;
        } catch (ContextNotActiveException e) {
            return false;
        }
    }
}
