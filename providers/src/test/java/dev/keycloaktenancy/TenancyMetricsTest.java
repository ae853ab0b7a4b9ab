package dev.keycloaktenancy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.models.RealmModel;

import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Series summed over realms unless realms are labelled, and the token mapper's histogram buckets. */
class TenancyMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void register() {
        Metrics.addRegistry(registry);
    }

    @AfterEach
    void unregister() {
        TenancyMetrics.labelRealms(false);
        Metrics.removeRegistry(registry);
    }

    @Test
    void byDefaultOneSeriesSumsAllRealms() {
        TenancyMetrics.routed(realm("north"), "keycloak");
        TenancyMetrics.routed(realm("south"), "keycloak");

        List<Counter> series = List.copyOf(registry.find("keycloak.tenancy.routing.decisions")
                .tag("outcome", "keycloak").counters());
        assertEquals(1, series.size(), "one series for both realms");
        assertEquals(List.of(Tag.of("outcome", "keycloak")), series.get(0).getId().getTags());
        assertEquals(2, series.get(0).count());
    }

    @Test
    void withRealmLabelsEachRealmHasItsSeries() {
        TenancyMetrics.labelRealms(true);
        TenancyMetrics.ssoRefused(realm("north"), "password");
        TenancyMetrics.ssoRefused(realm("north"), "password");
        TenancyMetrics.ssoRefused(realm("south"), "password");

        assertEquals(2, registry.get("keycloak.tenancy.sso.refusals").tags("realm", "north", "path", "password")
                .counter().count());
        assertEquals(1, registry.get("keycloak.tenancy.sso.refusals").tags("realm", "south", "path", "password")
                .counter().count());
    }

    @Test
    void theTokenMapperPublishesHistogramBuckets() {
        String claim = TenancyMetrics.timeTokenMapper(realm("north"), () -> "claim");
        assertEquals("claim", claim);

        Timer timer = registry.get("keycloak.tenancy.token.mapper").timer();
        assertTrue(timer.getId().getTags().isEmpty(), "no realm label by default");
        CountAtBucket[] buckets = timer.takeSnapshot().histogramCounts();
        assertEquals(TenancyMetrics.TIMER_BUCKETS.stream().map(d -> d.toNanos() / 1e9).toList(),
                Arrays.stream(buckets).map(b -> b.bucket(TimeUnit.SECONDS)).toList());
        CountAtBucket largest = buckets[buckets.length - 1];
        assertEquals(1, largest.count(), "the one timing falls below the largest bucket");
    }

    @Test
    void theMfaPolicyCheckIsTimedApartFromTheTokenMapper() {
        assertEquals("pass", TenancyMetrics.timeMfaPolicy(realm("north"), () -> "pass"));
        assertEquals("pass", TenancyMetrics.timeMfaPolicy(realm("south"), () -> "pass"));

        Timer timer = registry.get("keycloak.tenancy.mfa.policy").timer();
        assertEquals(2, timer.count(), "one series for all realms by default");
        assertEquals(TenancyMetrics.TIMER_BUCKETS.size(), timer.takeSnapshot().histogramCounts().length);
    }

    /** A realm that only has a name, which is all the metrics read of it. */
    private static RealmModel realm(String name) {
        return (RealmModel) Proxy.newProxyInstance(RealmModel.class.getClassLoader(), new Class<?>[]{RealmModel.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getName")) {
                        return name;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
