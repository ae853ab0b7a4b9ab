package dev.keycloaktenancy.limits;

import dev.keycloaktenancy.InputText;
import dev.keycloaktenancy.LimitValue;
import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.keycloak.StorageEvents;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.utils.KeycloakSessionUtil;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Keeps what the platform operator decides about a realm in the operator's hands: its {@code tenancy.limits.*}
 * attributes, the {@code tenancy.tenant.*} record that the operators' API keeps of a tenant, and a tenant realm's
 * name, frontend URL (its own hostname, which the operator routes in DNS and the proxy), enabled flag (suspension)
 * and existence. A tenant's own administrators hold {@code realm-admin} of their realm and could otherwise change
 * them through Keycloak's realm update or delete the realm; a master user who may only create realms could give a
 * new realm limits of its choosing or pass it off as a tenant. Allowed: the operator (see {@link OperatorCheck}).
 * Keycloak answers the refusal with 400, as it does for its own read-only attributes.
 */
final class OperatorRecordGuard implements StorageEvents.RealmRows {

    private static final Logger LOG = Logger.getLogger(OperatorRecordGuard.class);

    /** Whether the operator (or work outside a request) makes the change; asked only when a rule would refuse. */
    private final BooleanSupplier operatorCalling;

    OperatorRecordGuard(BooleanSupplier operatorCalling) {
        this.operatorCalling = operatorCalling;
    }

    /** The guard of this server: the caller is the request's, through Keycloak's session of the running thread. */
    static OperatorRecordGuard ofRequests() {
        return new OperatorRecordGuard(() -> {
            KeycloakSession session = KeycloakSessionUtil.getKeycloakSession();
            return session == null || OperatorCheck.allows(session);
        });
    }

    @Override
    public void attributeWritten(StorageEvents.RealmAttributeWrite write) {
        switch (write.write()) {
            case INSERT -> {
                if (!isBlankFrontendUrl(write)) {
                    check(write);
                }
            }
            case UPDATE -> check(write);
            case DELETE -> {
                // Removing a realm removes its attributes with it; whoever may delete the realm may do that.
                if (!write.realmBeingDeleted() && !isBlankFrontendUrl(write)) {
                    check(write);
                }
            }
        }
    }

    @Override
    public void updated(StorageEvents.RealmUpdate update) {
        StorageEvents.StoredRealm realm = update.realm();
        if (!isTenant(realm)) {
            return;
        }
        String name = update.previousName();
        if (!Objects.equals(name, realm.name()) && !allowed()) {
            refuse(realm.name(), "name", "Tenant realm " + name + " is renamed by the platform operator only, a"
                    + " holder of the master realm role " + Tenancy.PROVISIONER_ROLE + ": its name is in the"
                    + " operator's records and proxy routes; the name was left unchanged.");
        }
        if (!Objects.equals(update.previousEnabled(), update.enabled()) && !allowed()) {
            refuse(realm.name(), "enabled", "Tenant realm " + realm.name() + " is suspended and resumed by"
                    + " the platform operator only (POST /admin/realms/master/tenancy/tenants/" + realm.name()
                    + "/suspend or /resume); it was left " + (update.enabled() ? "disabled." : "enabled."));
        }
    }

    @Override
    public void deleted(StorageEvents.StoredRealm realm) {
        if (isTenant(realm) && !allowed()) {
            refuse(realm.name(), "deletion", "Tenant realm " + realm.name() + " is deleted by the platform"
                    + " operator only (DELETE /admin/realms/master/tenancy/tenants/" + realm.name() + "): its name"
                    + " and hostname are in the operator's records and proxy routes; nothing was deleted.");
        }
    }

    /** An empty frontend URL, as a settings form with the field left empty sends it, is no hostname: no change. */
    private static boolean isBlankFrontendUrl(StorageEvents.RealmAttributeWrite write) {
        return Tenancy.FRONTEND_URL.equals(write.name()) && (write.value() == null || write.value().isBlank());
    }

    private void check(StorageEvents.RealmAttributeWrite write) {
        String name = write.name();
        if (name != null && name.startsWith(Tenancy.LIMITS_PREFIX)
                && write.write() != StorageEvents.Write.DELETE && !LimitValue.isValid(write.value())) {
            LOG.warnf("Refused %s = '%s' on realm %s: not a limit", name, InputText.shorten(write.value()),
                    write.realm().name());
            throw new StorageRefusal(LimitValue.expected(name) + "; '" + InputText.shorten(write.value())
                    + "' was not stored.");
        }
        if (name == null || !(name.startsWith(Tenancy.LIMITS_PREFIX) || name.startsWith(Tenancy.TENANT_PREFIX)
                || name.equals(Tenancy.FRONTEND_URL) && isTenant(write.realm()))) {
            return;
        }
        if (allowed()) {
            return;
        }
        String realm = write.realm().name();
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

    private boolean allowed() {
        return operatorCalling.getAsBoolean();
    }

    private static void refuse(String realm, String what, String message) {
        LOG.warnf("Refused a change of %s on realm %s: the caller does not hold the master realm role %s", what, realm,
                Tenancy.PROVISIONER_ROLE);
        throw new StorageRefusal(message);
    }

    private static boolean isTenant(StorageEvents.StoredRealm realm) {
        return realm.hasAttribute(Tenancy.TENANT_TEMPLATE);
    }
}
