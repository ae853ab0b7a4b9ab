package dev.keycloaktenancy.keycloak;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.services.managers.RealmManager;

/**
 * Creating a realm from its representation and deleting one, as Keycloak's admin API does it (Keycloak's
 * {@code RealmManager}): with its default clients and roles, its import of everything the representation holds, and
 * its realm events.
 */
public final class Realms {

    private Realms() {
    }

    /** Creates the realm in the session's transaction. */
    public static RealmModel importRealm(KeycloakSession session, RealmRepresentation representation) {
        return new RealmManager(session).importRealm(representation);
    }

    /** Deletes the realm with everything in it. */
    public static void remove(KeycloakSession session, RealmModel realm) {
        new RealmManager(session).removeRealm(realm);
    }
}
