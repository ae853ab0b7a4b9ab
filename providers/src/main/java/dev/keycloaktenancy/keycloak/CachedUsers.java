package dev.keycloaktenancy.keycloak;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.cache.CachedUserModel;
import org.keycloak.models.cache.UserCache;
import org.keycloak.models.utils.UserModelDelegate;

/**
 * Values kept with Keycloak's cached copy of a user, and evictions from Keycloak's user cache. Keycloak discards a
 * cached copy, with what is kept on it, on every node of a cluster whenever the user is evicted; a copy Keycloak loads
 * while an eviction is under way is never cached.
 */
public final class CachedUsers {

    private CachedUsers() {
    }

    /**
     * The value kept under the key with the user's cached copy, or null: the user is not a cached copy (no cache, or
     * loaded in a transaction that changed it), is marked for eviction, or holds no value of that type.
     */
    public static <T> T read(UserModel user, String key, Class<T> type) {
        if (!(user instanceof CachedUserModel cached) || cached.isMarkedForEviction()) {
            return null;
        }
        Object value = cached.getCachedWith().get(key);
        return type.isInstance(value) ? type.cast(value) : null;
    }

    /** Keeps the value with the user's cached copy until the user is evicted; nothing when there is no such copy. */
    public static void keep(UserModel user, String key, Object value) {
        if (user instanceof CachedUserModel cached && !cached.isMarkedForEviction()) {
            cached.getCachedWith().put(key, value);
        }
    }

    /**
     * Evicts the user, on every node. Keycloak evicts a cached user by first loading it again from the database,
     * which for a member of many organizations costs a query per organization; handed a plain view of the user, it
     * only sends the invalidation (the same one, on every node), so this costs the same for any user.
     */
    public static void evict(KeycloakSession session, RealmModel realm, UserModel user) {
        UserCache cache = session.getProvider(UserCache.class);
        if (cache != null && realm != null && user != null) {
            cache.evict(realm, user instanceof CachedUserModel ? new UserModelDelegate(user) : user);
        }
    }

    /** Evicts every user of the realm, on every node. */
    public static void evictRealm(KeycloakSession session, RealmModel realm) {
        UserCache cache = session.getProvider(UserCache.class);
        if (cache != null && realm != null) {
            cache.evict(realm);
        }
    }
}
