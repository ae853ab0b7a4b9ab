package dev.keycloaktenancy.roles;

import dev.keycloaktenancy.keycloak.UserCacheEntries;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.util.Collection;
import java.util.function.Supplier;

/**
 * Keeps a user's {@link RolesByOrganization} in Keycloak's user cache as an entry of its own, beside Keycloak's
 * cached user, so that issuing a token reads no table and changing roles never loads or evicts the user (which for a
 * member of many organizations costs Keycloak a query per organization). The pack drops the entry, on every node of
 * a cluster once the change commits, for a user whose roles or memberships change, for the holders of an
 * organization's role whose permissions change, and for all users of a realm when a template role or an organization
 * changes. A value loaded while a change commits is not kept (Keycloak's revisions), so no stale value outlives a
 * change.
 */
final class UserRoleCache {

    private static final String KEY_PREFIX = "tenancy.roles.";

    private UserRoleCache() {
    }

    static RolesByOrganization read(KeycloakSession session, String userId) {
        return UserCacheEntries.read(session, KEY_PREFIX + userId, RolesByOrganization.class);
    }

    /** Loads the user's roles and keeps them, unless they changed meanwhile. */
    static RolesByOrganization load(KeycloakSession session, RealmModel realm, String userId,
                                    Supplier<RolesByOrganization> loader) {
        return UserCacheEntries.load(session, realm, KEY_PREFIX + userId, loader);
    }

    /** The user's roles or memberships changed. */
    static void evict(KeycloakSession session, String userId) {
        UserCacheEntries.invalidate(session, KEY_PREFIX + userId);
    }

    /** These users' roles changed. */
    static void evictUsers(KeycloakSession session, Collection<String> userIds) {
        userIds.forEach(userId -> evict(session, userId));
    }

    /** A role definition or an organization changed: any user of the realm may carry it. */
    static void evictRealm(KeycloakSession session, RealmModel realm) {
        UserCacheEntries.invalidateRealm(session, realm);
    }
}
