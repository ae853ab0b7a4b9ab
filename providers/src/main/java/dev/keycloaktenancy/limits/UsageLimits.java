package dev.keycloaktenancy.limits;

import dev.keycloaktenancy.LimitValue;
import dev.keycloaktenancy.OrganizationSettings;
import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.TenancyException;
import dev.keycloaktenancy.TenancyMetrics;
import dev.keycloaktenancy.keycloak.UsageCounts;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;

/**
 * Enforces a realm's {@code tenancy.limits.max-users} and {@code tenancy.limits.max-organizations}, and an
 * organization's {@code tenancy.limits.max-members}. A check locks the realm's (or organization's) row until the
 * transaction ends, then counts, so concurrent requests queue up and cannot overshoot: the second of two racing
 * requests counts the first one's user.
 */
public final class UsageLimits {

    private UsageLimits() {
    }

    /** What a realm uses of its limits. */
    public record Usage(long users, long organizations) {
    }

    /**
     * How far below its limit a realm counts users without locking its row: a registration form shown to anyone must
     * not make every submission queue on the realm's row (the exact check happens anyway when the user row is
     * written, see {@link NewUserCheck}).
     */
    static final int UNLOCKED_MARGIN = 50;

    /**
     * Before a user is added to the realm: refuses when the realm already holds its maximum. Far below the limit a
     * plain count decides; near it, the realm's row is locked and counted again, so parallel sign-ups queue only
     * where one of them could be one too many.
     */
    public static void checkRoomForUser(KeycloakSession session, RealmModel realm) {
        Integer max = maxUsers(realm);
        if (max == null) {
            return;
        }
        UsageCounts counts = UsageCounts.of(session);
        if (counts.countUsers(realm.getId()) + UNLOCKED_MARGIN < max) {
            // NewUserCheck counts again as the row is written, and locks there when it comes near the limit.
            return;
        }
        if (counts.lockAndCountUsers(realm.getId()) >= max) {
            TenancyMetrics.limitRefused(realm, "users");
            throw TenancyException.conflict("limit_reached", userLimitMessage(realm, max));
        }
    }

    /** Once users were added (they are in the transaction): refuses when that made too many. */
    static void checkUserCount(KeycloakSession session, RealmModel realm) {
        Integer max = maxUsers(realm);
        if (max != null && UsageCounts.of(session).lockAndCountUsers(realm.getId()) > max) {
            TenancyMetrics.limitRefused(realm, "users");
            throw TenancyException.conflict("limit_reached", userLimitMessage(realm, max));
        }
    }

    private static Integer maxUsers(RealmModel realm) {
        return LimitValue.read(realm.getAttribute(Tenancy.MAX_USERS), realm, "realm " + realm.getName(), Tenancy.MAX_USERS);
    }

    /** What the realm uses of its limits now, read without locking anything. */
    public static Usage usage(KeycloakSession session, RealmModel realm) {
        UsageCounts counts = UsageCounts.of(session);
        return new Usage(counts.countUsers(realm.getId()), counts.countOrganizations(realm.getId()));
    }

    public static String userLimitMessage(RealmModel realm, int max) {
        return userLimitMessage(realm.getDisplayName() != null ? realm.getDisplayName() : realm.getName(), max);
    }

    static String userLimitMessage(String realmLabel, int max) {
        return realmLabel + " has reached its limit of " + max + " users; no new account can be created. Contact its administrator.";
    }

    /** After a member joined (the join is in the transaction): refuses when that made one too many. */
    public static void checkMemberCount(KeycloakSession session, OrganizationModel organization) {
        Integer max = OrganizationSettings.of(organization).maxMembers();
        if (max != null && UsageCounts.of(session).lockAndCountMembers(organization.getId()) > max) {
            TenancyMetrics.limitRefused(session.getContext().getRealm(), "members");
            throw TenancyException.conflict("limit_reached", organization.getName() + " has reached its limit of " + max
                    + " members. Remove a member or ask the administrator to raise the limit.");
        }
    }

    /** Before an automatic join (by email domain): whether one more member fits. Takes the same lock. */
    public static boolean hasRoomForMember(KeycloakSession session, OrganizationModel organization) {
        Integer max = OrganizationSettings.of(organization).maxMembers();
        return max == null || UsageCounts.of(session).lockAndCountMembers(organization.getId()) < max;
    }

    /** How many organizations one user may own when the realm sets no {@link Tenancy#MAX_ORGANIZATIONS_PER_USER}. */
    public static final int DEFAULT_MAX_ORGANIZATIONS_PER_USER = 5;

    /** How many organizations one user of the realm may own (hold {@code owner} in). */
    public static int maxOrganizationsPerUser(RealmModel realm) {
        Integer max = LimitValue.read(realm.getAttribute(Tenancy.MAX_ORGANIZATIONS_PER_USER), realm,
                "realm " + realm.getName(), Tenancy.MAX_ORGANIZATIONS_PER_USER);
        return max == null ? DEFAULT_MAX_ORGANIZATIONS_PER_USER : max;
    }

    /** The realm's organization limit, or null for none. */
    public static Integer maxOrganizations(RealmModel realm) {
        return LimitValue.read(realm.getAttribute(Tenancy.MAX_ORGANIZATIONS), realm, "realm " + realm.getName(),
                Tenancy.MAX_ORGANIZATIONS);
    }

    /**
     * While an organization is being created (its internal group exists, its own row may not yet): refuses when the
     * realm already holds its maximum of other organizations.
     */
    public static void checkRoomForOrganization(KeycloakSession session, RealmModel realm, String newGroupId) {
        Integer max = maxOrganizations(realm);
        if (max == null) {
            return;
        }
        long others = UsageCounts.of(session).lockAndCountOrganizationsOtherThan(realm.getId(), newGroupId);
        if (others >= max) {
            TenancyMetrics.limitRefused(realm, "organizations");
            String name = realm.getDisplayName() != null ? realm.getDisplayName() : realm.getName();
            throw TenancyException.conflict("limit_reached", name + " has reached its limit of " + max
                    + " organizations. Delete one or ask the administrator to raise the limit.");
        }
    }
}
