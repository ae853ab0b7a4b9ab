package dev.keycloaktenancy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.keycloak.models.RealmModel;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What operators watch, on Keycloak's metrics endpoint ({@code --metrics-enabled=true}), through the Micrometer
 * registry Keycloak ships. Names start with {@code keycloak_tenancy_}; labels are short fixed words, never a user or
 * an organization. Series are summed over all realms unless the operator asks for a {@code realm} label
 * ({@link #labelRealms}): a platform with thousands of realms would otherwise publish thousands of series per meter.
 * Counting never fails a request. Meters are registered once and kept: building and registering one per call cost
 * about 3 % of token throughput.
 */
public final class TenancyMetrics {

    /**
     * The timers' histogram buckets, in seconds published as {@code le}: fine below a millisecond, where the token
     * mapper and the MFA policy check usually are, coarser up to the second a user in a thousand organizations can take.
     */
    public static final List<Duration> TIMER_BUCKETS = List.of(Duration.ofNanos(50_000),
            Duration.ofNanos(100_000), Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1),
            Duration.ofNanos(2_500_000), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofSeconds(1));

    private static final String PREFIX = "keycloak.tenancy.";
    private static final Map<Series, Counter> COUNTERS = new ConcurrentHashMap<>();
    private static final Map<Series, Timer> TIMERS = new ConcurrentHashMap<>();
    private static volatile boolean realmLabel;

    private TenancyMetrics() {
    }

    /**
     * Whether every series also carries the realm's name as label {@code realm} (the SPI option
     * {@code --spi-admin-realm-restapi-extension--tenancy--metrics-realm-label=true}). Off by default. Set once at
     * start-up, before anything is counted.
     */
    public static void labelRealms(boolean enabled) {
        realmLabel = enabled;
    }

    /** The username step's decision: sent to an identity provider, shown a choice of them, or left to Keycloak. */
    public static void routed(RealmModel realm, String outcome) {
        count("routing.decisions", "How the username step routed a sign-in", realm, "outcome", outcome);
    }

    /** A local sign-in, password grant, password reset or registration refused because the organization requires SSO. */
    public static void ssoRefused(RealmModel realm, String path) {
        count("sso.refusals", "Sign-ins refused because the organization requires single sign-on", realm, "path", path);
    }

    /** Someone joined an organization without an administrator: by verified email domain, or through its IdP. */
    public static void joined(RealmModel realm, String path) {
        count("jit.joins", "Members who joined an organization by themselves", realm, "path", path);
    }

    /** A user, organization or member refused because a limit is reached. */
    public static void limitRefused(RealmModel realm, String limit) {
        count("limit.refusals", "Requests refused because a limit is reached", realm, "limit", limit);
    }

    /** A limit attribute whose value is not a whole number was read at its strictest (0). */
    public static void unreadableLimit(RealmModel realm, String key) {
        count("limit.unreadable", "Limit attributes read as 0 because their value is not a whole number", realm, "key", key);
    }

    /** A self-service API call: ok, refused (4xx with a sentence), or unauthorized (no usable token). */
    public static void selfService(RealmModel realm, String outcome) {
        count("selfservice.requests", "Self-service API requests by outcome", realm, "outcome", outcome);
    }

    /** Times the organization roles claim of one token, into a histogram from which p99 can be computed. */
    public static <T> T timeTokenMapper(RealmModel realm, Supplier<T> work) {
        return time("token.mapper", "Time the organization roles mapper takes per token", realm, work);
    }

    /** Times one evaluation of the organizations' MFA policies for a login (the user's organizations, their policies). */
    public static <T> T timeMfaPolicy(RealmModel realm, Supplier<T> work) {
        return time("mfa.policy", "Time one check of the organizations' MFA policies takes in a login", realm, work);
    }

    private static <T> T time(String name, String description, RealmModel realm, Supplier<T> work) {
        return TIMERS.computeIfAbsent(Series.of(name, realm, "", ""), series -> Timer
                        .builder(PREFIX + series.meter())
                        .description(description)
                        .tags(series.tags())
                        .serviceLevelObjectives(TIMER_BUCKETS.toArray(Duration[]::new))
                        .register(Metrics.globalRegistry))
                .record(work);
    }

    private static void count(String name, String description, RealmModel realm, String key, String value) {
        COUNTERS.computeIfAbsent(Series.of(name, realm, key, value), series -> Counter.builder(PREFIX + series.meter())
                        .description(description)
                        .tags(series.tags())
                        .register(Metrics.globalRegistry))
                .increment();
    }

    /** One series of a meter: its realm when realms are labelled ({@code null} when they are not), and one label. */
    private record Series(String meter, String realm, String key, String value) {

        static Series of(String meter, RealmModel realm, String key, String value) {
            return new Series(meter, !realmLabel ? null : realm == null ? "" : realm.getName(), key, value);
        }

        Tags tags() {
            Tags tags = realm == null ? Tags.empty() : Tags.of("realm", realm);
            return key.isEmpty() ? tags : tags.and(key, value);
        }
    }
}
