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
import org.keycloak.models.jpa.entities.RealmEntity;
import org.keycloak.utils.KeycloakSessionUtil;

import java.util.Arrays;
import java.util.Objects;

/**
 * Keeps what the platform operator decides about a realm in the operator's hands: its {@code tenancy.limits.*}
 * attributes, the {@code tenancy.tenant.*} record that the operators' API keeps of a tenant, and a tenant realm's
 * name, frontend URL (its own hostname, which the operator routes in DNS and the proxy), enabled flag (suspension)
 * and existence. A tenant's own administrators hold {@code realm-admin} of their realm and could otherwise change
 * them through Keycloak's realm update or delete the realm; a master user who may only create realms could give a
 * new realm limits of its choosing or pass it off as a tenant. Allowed: the operator (see {@link OperatorCheck}).
 * Keycloak answers the refusal with 400, as it does for its own read-only attributes.
 */
final class OperatorRecordGuard implements PreInsertEventListener, PreUpdateEventListener, PreDeleteEventListener {

    private static final Logger LOG = Logger.getLogger(OperatorRecordGuard.class);

    @Override
    public boolean onPreInsert(PreInsertEvent event) {
        if (event.getEntity() instanceof RealmAttributeEntity attribute && !isBlankFrontendUrl(attribute)) {
            check(attribute);
        }
        return false;
    }

    @Override
    public boolean onPreUpdate(PreUpdateEvent event) {
        if (event.getEntity() instanceof RealmAttributeEntity attribute) {
            check(attribute);
        } else if (event.getEntity() instanceof RealmEntity realm && isTenant(realm)) {
            String name = (String) previous(event, "name");
            if (!Objects.equals(name, realm.getName()) && !allowed()) {
                refuse(realm.getName(), "name", "Tenant realm " + name + " is renamed by the platform operator only, a"
                        + " holder of the master realm role " + Tenancy.PROVISIONER_ROLE + ": its name is in the"
                        + " operator's records and proxy routes; the name was left unchanged.");
            }
            if (!Objects.equals(previous(event, "enabled"), realm.isEnabled()) && !allowed()) {
                refuse(realm.getName(), "enabled", "Tenant realm " + realm.getName() + " is suspended and resumed by"
                        + " the platform operator only (POST /admin/realms/master/tenancy/tenants/" + realm.getName()
                        + "/suspend or /resume); it was left " + (realm.isEnabled() ? "disabled." : "enabled."));
            }
        }
        return false;
    }

    @Override
    public boolean onPreDelete(PreDeleteEvent event) {
        if (event.getEntity() instanceof RealmAttributeEntity attribute && !realmIsBeingDeleted(event, attribute)
                && !isBlankFrontendUrl(attribute)) {
            check(attribute);
        } else if (event.getEntity() instanceof RealmEntity realm && isTenant(realm) && !allowed()) {
            refuse(realm.getName(), "deletion", "Tenant realm " + realm.getName() + " is deleted by the platform"
                    + " operator only (DELETE /admin/realms/master/tenancy/tenants/" + realm.getName() + "): its name"
                    + " and hostname are in the operator's records and proxy routes; nothing was deleted.");
        }
        return false;
    }

    /** Removing a realm removes its attributes with it; whoever may delete the realm may do that. */
    private static boolean realmIsBeingDeleted(PreDeleteEvent event, RealmAttributeEntity attribute) {
        EntityEntry realm = event.getSession().getPersistenceContextInternal().getEntry(attribute.getRealm());
        return realm != null && (realm.getStatus() == Status.DELETED || realm.getStatus() == Status.GONE);
    }

    /** An empty frontend URL, as a settings form with the field left empty sends it, is no hostname: no change. */
    private static boolean isBlankFrontendUrl(RealmAttributeEntity attribute) {
        return Tenancy.FRONTEND_URL.equals(attribute.getName())
                && (attribute.getValue() == null || attribute.getValue().isBlank());
    }

    private static void check(RealmAttributeEntity attribute) {
        String name = attribute.getName();
        if (name == null || !(name.startsWith(Tenancy.LIMITS_PREFIX) || name.startsWith(Tenancy.TENANT_PREFIX)
                || name.equals(Tenancy.FRONTEND_URL) && isTenant(attribute.getRealm()))) {
            return;
        }
        if (allowed()) {
            return;
        }
        String realm = attribute.getRealm().getName();
        if (name.startsWith(Tenancy.LIMITS_PREFIX)) {
            refuse(realm, name, "The limits of realm " + realm + " are set by the platform operator, a holder of the"
                    + " master realm role " + Tenancy.PROVISIONER_ROLE + " (for a tenant: PUT /admin/realms/master/"
                    + "tenancy/tenants/" + realm + "/limits); " + name + " was left unchanged.");
        } else if (name.equals(Tenancy.FRONTEND_URL)) {
            refuse(realm, name, "The hostname of tenant realm " + realm + " is set by the platform operator, who routes"
                    + " it (PUT /admin/realms/master/tenancy/tenants/" + realm + "/hostname); the frontend URL was left"
                    + " unchanged.");
        } else {
            refuse(realm, name, "The tenant record of realm " + realm + " belongs to the platform operator, a holder of"
                    + " the master realm role " + Tenancy.PROVISIONER_ROLE + "; " + name + " was left unchanged.");
        }
    }

    private static boolean allowed() {
        KeycloakSession session = KeycloakSessionUtil.getKeycloakSession();
        return session == null || OperatorCheck.allows(session);
    }

    private static void refuse(String realm, String what, String message) {
        LOG.warnf("Refused a change of %s on realm %s: the caller does not hold the master realm role %s", what, realm,
                Tenancy.PROVISIONER_ROLE);
        throw new StorageRefusal(message);
    }

    /** Keycloak loaded the realm's attributes to change one of them, or to update the realm, so this queries nothing. */
    private static boolean isTenant(RealmEntity realm) {
        return realm.getAttributes().stream().anyMatch(held -> Tenancy.TENANT_TEMPLATE.equals(held.getName()));
    }

    private static Object previous(PreUpdateEvent event, String property) {
        int index = Arrays.asList(event.getPersister().getPropertyNames()).indexOf(property);
        return index < 0 || event.getOldState() == null ? null : event.getOldState()[index];
    }
}
