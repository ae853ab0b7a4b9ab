package dev.keycloaktenancy.keycloak;

import org.keycloak.models.KeycloakSession;

/**
 * Counts of what a realm or an organization holds, for its limits, by native SQL on Keycloak's tables. The
 * {@code lockAnd…} counts first lock the realm's (or organization's) row until the transaction ends, so concurrent
 * writers queue up behind each other, and then count the latest committed rows, so the second of two racing writers
 * counts the first one's row.
 */
public interface UsageCounts {

    static UsageCounts of(KeycloakSession session) {
        return new JpaUsageCounts(session);
    }

    /** The realm's users, service accounts left out, after locking the realm's row. */
    long lockAndCountUsers(String realmId);

    /** The realm's users, service accounts left out, read without locking anything. */
    long countUsers(String realmId);

    /** The realm's organizations, read without locking anything. */
    long countOrganizations(String realmId);

    /**
     * The realm's organizations other than the one whose internal group this is (an organization being created: its
     * group exists, its own row may not yet), after locking the realm's row.
     */
    long lockAndCountOrganizationsOtherThan(String realmId, String groupId);

    /** The organization's members after locking its row; 0 when the organization is gone. */
    long lockAndCountMembers(String organizationId);
}
