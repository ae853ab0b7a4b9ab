package dev.keycloaktenancy;

import org.jboss.logging.Logger;
import org.keycloak.models.RealmModel;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A limit as stored in an attribute ({@code tenancy.limits.*}): a whole number from 0 to {@value #HIGHEST}, digits
 * only. Where the pack writes limits it refuses anything else; a value written past it (the admin console's
 * Attributes tab) that does not read as a limit is taken at its strictest, 0, never as "no limit": a typo must not
 * open a realm to unlimited sign-ups. That is logged once per value and counted in metrics.
 */
public final class LimitValue {

    public static final int HIGHEST = 10_000_000;
    private static final Pattern DIGITS = Pattern.compile("\\s*\\d{1,8}\\s*");
    private static final Logger LOG = Logger.getLogger(LimitValue.class);
    private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();
    private static final int MAX_REPORTED = 1000;

    private LimitValue() {
    }

    /** Whether a value reads as a limit (blank means no limit, which is valid too). */
    public static boolean isValid(String value) {
        return value == null || value.isBlank() || DIGITS.matcher(value).matches() && Integer.parseInt(value.trim()) <= HIGHEST;
    }

    /** The sentence for a value that is not a limit. */
    public static String expected(String key) {
        return key + " takes a whole number from 0 to " + HIGHEST + ", digits only (like 5000; no separators, units or"
                + " exponents), or no value for no limit";
    }

    /**
     * The limit in a stored value: null when none is set, the number when it reads as one, and 0 (nothing more is
     * allowed) when it does not.
     *
     * @param owner how a log line names the realm or organization, e.g. "realm acme" or "organization globex"
     */
    public static Integer read(String value, RealmModel realm, String owner, String key) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (isValid(value)) {
            return Integer.valueOf(value.trim());
        }
        if (REPORTED.size() < MAX_REPORTED && REPORTED.add(owner + "|" + key + "|" + value)) {
            LOG.warnf("%s has %s = '%s', which is not a limit, so it is read as 0 (nothing more allowed) until it is"
                    + " fixed: %s.", owner, key, InputText.shorten(value), expected(key));
        }
        TenancyMetrics.unreadableLimit(realm, key);
        return 0;
    }
}
