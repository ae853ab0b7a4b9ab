package dev.keycloaktenancy.audit;

import dev.keycloaktenancy.Tenancy;
import org.keycloak.models.RealmModel;

import java.util.concurrent.TimeUnit;

/**
 * How long a realm keeps audit records: realm attribute {@code tenancy.audit.retention-days}, a whole number of days
 * from 1 to 3650, default 90. A value that is not one keeps the default (and never purges everything).
 */
public final class AuditRetention {

    public static final int DEFAULT_DAYS = 90;
    public static final int MAX_DAYS = 3650;

    private AuditRetention() {
    }

    public static int days(RealmModel realm) {
        return days(realm.getAttribute(Tenancy.AUDIT_RETENTION_DAYS));
    }

    static int days(String value) {
        if (value == null || value.isBlank() || value.trim().length() > 4 || !value.trim().chars().allMatch(Character::isDigit)) {
            return DEFAULT_DAYS;
        }
        int days = Integer.parseInt(value.trim());
        return days < 1 || days > MAX_DAYS ? DEFAULT_DAYS : days;
    }

    /** Records older than this instant (milliseconds) are purged. */
    static long cutoff(long nowMillis, int days) {
        return nowMillis - TimeUnit.DAYS.toMillis(days);
    }
}
