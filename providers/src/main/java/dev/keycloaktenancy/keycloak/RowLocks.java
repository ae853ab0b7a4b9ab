package dev.keycloaktenancy.keycloak;

import org.keycloak.models.KeycloakSession;

/**
 * Rows of Keycloak's tables to serialize on: a writer locks the row first, so writers of the same realm-wide or
 * organization-wide data queue up behind each other until the transaction ends.
 */
public interface RowLocks {

    static RowLocks of(KeycloakSession session) {
        return new JpaRowLocks(session);
    }

    /** Locks the realm's row until the transaction ends. */
    void lockRealm(String realmId);

    /** Locks the organization's row until the transaction ends; answers false when the organization is gone. */
    boolean lockOrganization(String organizationId);
}
