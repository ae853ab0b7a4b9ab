package dev.keycloaktenancy.keycloak;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.cache.UserCache;
import org.keycloak.models.cache.infinispan.UserCacheSession;
import org.keycloak.models.cache.infinispan.entities.AbstractRevisioned;
import org.keycloak.models.cache.infinispan.entities.InRealm;

import java.util.function.Supplier;

/**
 * Values of the pack kept as entries of their own in Keycloak's user cache, next to (not inside) Keycloak's cached
 * users, the way Keycloak keeps a user's organization memberships there. An entry belongs to a realm, so a realm-wide
 * user cache invalidation drops it too. Changing or dropping an entry never loads or evicts a user.
 * <p>
 * Freshness follows Keycloak's revisions: a value is loaded after taking the key's revision and added only if no
 * invalidation of the key happened since (on any node), and an invalidation runs after the transaction commits, on
 * every node of a cluster. So a value read before a change commits is never kept after it.
 */
public final class UserCacheEntries {

    private UserCacheEntries() {
    }

    /**
     * The value kept under the key, or null: there is no Keycloak user cache, no entry, one of another type, or this
     * transaction invalidated the key.
     */
    public static <T> T read(KeycloakSession session, String key, Class<T> type) {
        UserCacheSession cache = cacheOf(session);
        if (cache == null || cache.isInvalid(key)) {
            return null;
        }
        Entry entry = cache.getCache().get(key, Entry.class);
        return entry != null && type.isInstance(entry.value) ? type.cast(entry.value) : null;
    }

    /**
     * Loads the value and keeps it under the key for the realm, unless the key was invalidated while it loaded (here
     * or on another node) or earlier in this transaction. Returns the loaded value either way.
     */
    public static <T> T load(KeycloakSession session, RealmModel realm, String key, Supplier<T> loader) {
        UserCacheSession cache = cacheOf(session);
        if (cache == null || cache.isInvalid(key)) {
            return loader.get();
        }
        long revision = cache.getCache().getCurrentRevision(key);
        T value = loader.get();
        cache.getCache().addRevisioned(new Entry(revision, key, realm.getId(), value), cache.getStartupRevision());
        return value;
    }

    /** Drops the value kept under the key, on every node, once this transaction commits. */
    public static void invalidate(KeycloakSession session, String key) {
        UserCacheSession cache = cacheOf(session);
        if (cache != null) {
            cache.registerInvalidation(key);
        }
    }

    /** Evicts every user of the realm and drops every entry of the realm, on every node. */
    public static void invalidateRealm(KeycloakSession session, RealmModel realm) {
        UserCache cache = session.getProvider(UserCache.class);
        if (cache != null && realm != null) {
            cache.evict(realm);
        }
    }

    private static UserCacheSession cacheOf(KeycloakSession session) {
        return session.getProvider(UserCache.class) instanceof UserCacheSession cache ? cache : null;
    }

    /** One value in Keycloak's (local, per-node) user cache; never sent over the network. */
    private static final class Entry extends AbstractRevisioned implements InRealm {

        private final String realmId;
        private final Object value;

        Entry(long revision, String key, String realmId, Object value) {
            super(revision, key);
            this.realmId = realmId;
            this.value = value;
        }

        @Override
        public String getRealm() {
            return realmId;
        }
    }
}
