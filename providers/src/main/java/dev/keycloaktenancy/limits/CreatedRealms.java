package dev.keycloaktenancy.limits;

import org.keycloak.models.KeycloakSession;

import java.util.HashSet;
import java.util.Set;

/** The realms created in a session's transaction: their limits and users arrive with them, from the creator. */
final class CreatedRealms {

    private static final String ATTRIBUTE = "tenancy.created-realms";

    private CreatedRealms() {
    }

    static void add(KeycloakSession session, String realmId) {
        Set<String> realms = session.getAttributeOrDefault(ATTRIBUTE, null);
        if (realms == null) {
            realms = new HashSet<>();
            session.setAttribute(ATTRIBUTE, realms);
        }
        realms.add(realmId);
    }

    static boolean contains(KeycloakSession session, String realmId) {
        Set<String> realms = session.getAttributeOrDefault(ATTRIBUTE, null);
        return realms != null && realms.contains(realmId);
    }
}
