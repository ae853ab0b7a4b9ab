package dev.keycloaktenancy.roles;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.cache.CachedUserModel;
import org.keycloak.models.cache.UserCache;

/**
 * Keeps a user's {@link RolesByOrganization} with Keycloak's cached copy of the user, so that issuing a token reads
 * no table. Keycloak discards that copy, on every node of a cluster, whenever the user is evicted: the pack evicts a
 * user whose roles change, and all users of a realm when a role definition or an organization changes. A value loaded
 * while a change commits lands on a copy that the change's eviction (after commit) then discards, and a copy Keycloak
 * loads while an eviction is under way is never cached, so no stale value outlives a change.
 */
final class UserRoleCache {

    private static final String KEY = "keycloak-tenancy:roles-by-organization";

    private UserRoleCache() {
    }

    static RolesByOrganization read(UserModel user) {
        if (user instanceof CachedUserModel cached && !cached.isMarkedForEviction()
                && cached.getCachedWith().get(KEY) instanceof RolesByOrganization roles) {
            return roles;
        }
        return null;
    }

    static void keep(UserModel user, RolesByOrganization roles) {
        if (user instanceof CachedUserModel cached && !cached.isMarkedForEviction()) {
            cached.getCachedWith().put(KEY, roles);
        }
    }

    /** The user's roles changed. */
    static void evict(KeycloakSession session, RealmModel realm, UserModel user) {
        UserCache cache = session.getProvider(UserCache.class);
        if (cache != null && realm != null && user != null) {
            cache.evict(realm, user);
        }
    }

    /** A role definition or an organization changed: any user of the realm may carry it. */
    static void evictRealm(KeycloakSession session, RealmModel realm) {
        UserCache cache = session.getProvider(UserCache.class);
        if (cache != null && realm != null) {
            cache.evict(realm);
        }
    }
}
