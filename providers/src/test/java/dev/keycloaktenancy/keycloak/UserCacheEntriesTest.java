package dev.keycloaktenancy.keycloak;

import org.infinispan.configuration.cache.ConfigurationBuilder;
import org.infinispan.configuration.global.GlobalConfigurationBuilder;
import org.infinispan.manager.DefaultCacheManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakTransaction;
import org.keycloak.models.KeycloakTransactionManager;
import org.keycloak.models.RealmModel;
import org.keycloak.models.cache.UserCache;
import org.keycloak.models.cache.infinispan.UserCacheManager;
import org.keycloak.models.cache.infinispan.UserCacheSession;
import org.keycloak.spi.infinispan.impl.embedded.CacheConfigurator;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The pack's entries in Keycloak's user cache, on Keycloak's own cache classes over real (local) Infinispan caches:
 * kept between sessions, dropped after the invalidating transaction commits, never kept when loaded while an
 * invalidation commits, dropped with their realm, and loaded every time without a user cache.
 */
class UserCacheEntriesTest {

    private static DefaultCacheManager infinispan;
    private UserCacheManager cache;
    private final RealmModel acme = realm("acme-id");
    private final RealmModel globex = realm("globex-id");

    @BeforeAll
    static void startInfinispan() {
        infinispan = new DefaultCacheManager(new GlobalConfigurationBuilder().nonClusteredDefault().build());
    }

    @AfterAll
    static void stopInfinispan() throws Exception {
        infinispan.close();
    }

    @BeforeEach
    void freshCaches() {
        String suffix = String.valueOf(System.nanoTime());
        ConfigurationBuilder users = CacheConfigurator.createCacheConfigurationBuilder();
        infinispan.defineConfiguration("users" + suffix, users.build());
        infinispan.defineConfiguration("revisions" + suffix, CacheConfigurator.getRevisionCacheConfig(10_000).build());
        cache = new UserCacheManager(infinispan.getCache("users" + suffix), infinispan.getCache("revisions" + suffix));
    }

    @Test
    void aLoadedValueIsReadByTheNextSessions() {
        Transaction first = session();
        assertEquals("roles-1", UserCacheEntries.load(first.session, acme, "k", () -> "roles-1"));
        first.commit();
        assertEquals("roles-1", UserCacheEntries.read(session().session, "k", String.class));
        assertNull(UserCacheEntries.read(session().session, "k", Integer.class), "another type reads as nothing");
    }

    @Test
    void anInvalidationDropsTheValueOnceItsTransactionCommits() {
        keep("k", acme, "roles-1");
        Transaction change = session();
        UserCacheEntries.invalidate(change.session, "k");
        assertNull(UserCacheEntries.read(change.session, "k", String.class), "the changing transaction reads the database");
        assertEquals("roles-1", UserCacheEntries.read(session().session, "k", String.class), "others until commit");
        change.commit();
        assertNull(UserCacheEntries.read(session().session, "k", String.class));
    }

    @Test
    void aValueLoadedWhileAChangeCommitsIsNotKept() {
        Transaction reader = session();
        String loaded = UserCacheEntries.load(reader.session, acme, "k", () -> {
            Transaction change = session();
            UserCacheEntries.invalidate(change.session, "k");
            change.commit();
            return "read-before-the-change";
        });
        assertEquals("read-before-the-change", loaded, "the reader still gets what it read");
        reader.commit();
        assertNull(UserCacheEntries.read(session().session, "k", String.class));
    }

    @Test
    void aValueLoadedInTheTransactionThatInvalidatedItIsNotKept() {
        Transaction change = session();
        UserCacheEntries.invalidate(change.session, "k");
        assertEquals("new", UserCacheEntries.load(change.session, acme, "k", () -> "new"));
        change.commit();
        assertNull(UserCacheEntries.read(session().session, "k", String.class));
    }

    @Test
    void aRealmInvalidationDropsThatRealmsEntriesOnly() {
        keep("in-acme", acme, "a");
        keep("in-globex", globex, "g");
        Transaction change = session();
        UserCacheEntries.invalidateRealm(change.session, acme);
        change.commit();
        assertNull(UserCacheEntries.read(session().session, "in-acme", String.class));
        assertEquals("g", UserCacheEntries.read(session().session, "in-globex", String.class));
    }

    @Test
    void withoutAUserCacheEveryReadLoads() {
        KeycloakSession noCache = keycloakSession(null, null);
        AtomicInteger loads = new AtomicInteger();
        UserCacheEntries.load(noCache, acme, "k", loads::incrementAndGet);
        UserCacheEntries.load(noCache, acme, "k", loads::incrementAndGet);
        UserCacheEntries.invalidate(noCache, "k");
        UserCacheEntries.invalidateRealm(noCache, acme);
        assertNull(UserCacheEntries.read(noCache, "k", Integer.class));
        assertEquals(2, loads.get());
    }

    private void keep(String key, RealmModel realm, String value) {
        Transaction transaction = session();
        UserCacheEntries.load(transaction.session, realm, key, () -> value);
        transaction.commit();
    }

    /** A Keycloak session whose user cache is Keycloak's own, over this test's caches, in a begun transaction. */
    private Transaction session() {
        List<KeycloakTransaction> enlisted = new ArrayList<>();
        UserCacheSession[] userCache = new UserCacheSession[1];
        KeycloakSession session = keycloakSession(() -> userCache[0], enlisted);
        userCache[0] = new UserCacheSession(cache, session);
        enlisted.forEach(KeycloakTransaction::begin);
        return new Transaction(session, enlisted);
    }

    private record Transaction(KeycloakSession session, List<KeycloakTransaction> enlisted) {
        void commit() {
            enlisted.forEach(KeycloakTransaction::commit);
        }
    }

    /** Answers only what the user cache asks of a session: itself, a transaction manager, a silent cluster. */
    private static KeycloakSession keycloakSession(java.util.function.Supplier<UserCache> userCache,
                                                   List<KeycloakTransaction> enlisted) {
        KeycloakTransactionManager transactions = proxy(KeycloakTransactionManager.class, (name, args) -> {
            if (name.equals("enlistAfterCompletion")) {
                enlisted.add((KeycloakTransaction) args[0]);
                return null;
            }
            throw new UnsupportedOperationException(name);
        });
        ClusterProvider cluster = proxy(ClusterProvider.class, (name, args) -> null);
        return proxy(KeycloakSession.class, (name, args) -> switch (name) {
            case "getTransactionManager" -> transactions;
            case "getProvider" -> args[0] == UserCache.class ? (userCache == null ? null : userCache.get())
                    : args[0] == ClusterProvider.class ? cluster : null;
            default -> throw new UnsupportedOperationException(name);
        });
    }

    private static RealmModel realm(String id) {
        return proxy(RealmModel.class, (name, args) -> {
            if (name.equals("getId")) {
                return id;
            }
            throw new UnsupportedOperationException(name);
        });
    }

    private interface Answer {
        Object answer(String method, Object[] args);
    }

    private static <T> T proxy(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type},
                (proxy, method, args) -> switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> type.getSimpleName();
                    default -> answer.answer(method.getName(), args);
                }));
    }
}
