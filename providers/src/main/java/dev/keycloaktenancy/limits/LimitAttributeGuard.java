package dev.keycloaktenancy.limits;

import dev.keycloaktenancy.Tenancy;
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
 * Keeps a realm's {@code tenancy.limits.*} attributes, and the {@code tenancy.tenant.*} record that the operators'
 * API keeps of a tenant, in the platform operator's hands. A tenant's own administrators hold {@code realm-admin} of
 * their realm and could otherwise change them through Keycloak's realm update. Allowed: the operator (see
 * {@link OperatorCheck}) and whoever creates the realm in the same transaction. Realm update answers the refusal with
 * 400, as it does for Keycloak's own read-only attributes.
 */
final class LimitAttributeGuard implements PreInsertEventListener, PreUpdateEventListener, PreDeleteEventListener {

    private static final Logger LOG = Logger.getLogger(LimitAttributeGuard.class);

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
        if (!(entity instanceof RealmAttributeEntity attribute) || !isOperators(attribute.getName())) {
            return;
        }
        KeycloakSession session = KeycloakSessionUtil.getKeycloakSession();
        if (session == null || CreatedRealms.contains(session, attribute.getRealm().getId()) || OperatorCheck.allows(session)) {
            return;
        }
        String realm = attribute.getRealm().getName();
        LOG.warnf("Refused a change of %s on realm %s: the caller does not hold the master realm role %s",
                attribute.getName(), realm, Tenancy.PROVISIONER_ROLE);
        throw new StorageRefusal(attribute.getName().startsWith(Tenancy.LIMITS_PREFIX)
                ? "The limits of realm " + realm + " are set by the platform operator, a holder of the master realm role "
                + Tenancy.PROVISIONER_ROLE + " (for a tenant: PUT /admin/realms/master/tenancy/tenants/" + realm
                + "/limits); " + attribute.getName() + " was left unchanged."
                : "The tenant record of realm " + realm + " belongs to the platform operator, a holder of the master"
                + " realm role " + Tenancy.PROVISIONER_ROLE + "; " + attribute.getName() + " was left unchanged.");
    }

    private static boolean isOperators(String attribute) {
        return attribute != null && (attribute.startsWith(Tenancy.LIMITS_PREFIX) || attribute.startsWith(Tenancy.TENANT_PREFIX));
    }
}
