package dev.keycloaktenancy.platform;

import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.TenancyException;
import dev.keycloaktenancy.keycloak.AdminAccess;
import org.keycloak.Config;
import org.keycloak.models.AdminRoles;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;

/**
 * The master realm role that allows provisioning tenants. It is created at start-up and included in the master
 * realm's admin role, so the server's own administrators have it; grant it alone to a back-office service account,
 * or take it out of the admin role to reserve provisioning to its holders.
 */
public final class ProvisionerRole {

    public static final String NAME = Tenancy.PROVISIONER_ROLE;

    private ProvisionerRole() {
    }

    /** Creates the role when missing; returns it. */
    public static RoleModel ensure(KeycloakSession session) {
        RealmModel master = session.realms().getRealmByName(Config.getAdminRealm());
        if (master == null) {
            return null;
        }
        RoleModel role = master.getRole(NAME);
        if (role == null) {
            role = master.addRole(NAME);
            role.setDescription("Create, suspend and delete tenant realms through /admin/realms/master/tenancy/tenants"
                    + " (keycloak-tenancy).");
            RoleModel admin = master.getRole(AdminRoles.ADMIN);
            if (admin != null) {
                admin.addCompositeRole(role);
            }
        }
        return role;
    }

    /** Refuses everyone but holders of the role, signed in to the master realm. */
    public static void require(KeycloakSession session, RealmModel realm, AdminAccess caller) {
        if (!Config.getAdminRealm().equals(realm.getName())) {
            throw TenancyException.notFound("Tenants are managed in the master realm: /admin/realms/"
                    + Config.getAdminRealm() + "/tenancy/tenants.");
        }
        RoleModel role = ensure(session);
        if (caller == null || caller.user() == null || role == null
                || !Config.getAdminRealm().equals(caller.callerRealm().getName()) || !caller.user().hasRole(role)) {
            throw TenancyException.forbidden("Managing tenants needs the master realm role " + NAME + ".");
        }
    }
}
