package dev.keycloaktenancy.roles;

import dev.keycloaktenancy.keycloak.CachedUsers;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.Collection;

/**
 * Keeps a user's {@link RolesByOrganization} with Keycloak's cached copy of the user, so that issuing a token reads
 * no table. Keycloak discards that copy, on every node of a cluster, whenever the user is evicted: the pack evicts a
 * user whose roles change, the holders of an organization's role whose permissions change, and all users of a realm
 * when a template role or an organization changes. A value loaded
 * while a change commits lands on a copy that the change's eviction (after commit) then discards, and a copy Keycloak
 * loads while an eviction is under way is never cached, so no stale value outlives a change.
 */
final class UserRoleCache {

    private static final String KEY = "keycloak-tenancy:roles-by-organization";

    private UserRoleCache() {
    }

    static RolesByOrganization read(UserModel user) {
        return CachedUsers.read(user, KEY, RolesByOrganization.class);
    }

    static void keep(UserModel user, RolesByOrganization roles) {
        CachedUsers.keep(user, KEY, roles);
    }

    /**
     * The user's roles changed. The eviction only sends the invalidation (the same one, on every node), without
     * loading the user's memberships again, so a write costs the same for any number of memberships.
     */
    static void evict(KeycloakSession session, RealmModel realm, UserModel user) {
        CachedUsers.evict(session, realm, user);
    }

    /** These users' roles changed; ids of users that no longer exist are skipped. */
    static void evictUsers(KeycloakSession session, RealmModel realm, Collection<String> userIds) {
        for (String userId : userIds) {
            evict(session, realm, session.users().getUserById(realm, userId));
        }
    }

    /** A role definition or an organization changed: any user of the realm may carry it. */
    static void evictRealm(KeycloakSession session, RealmModel realm) {
        CachedUsers.evictRealm(session, realm);
    }
}
