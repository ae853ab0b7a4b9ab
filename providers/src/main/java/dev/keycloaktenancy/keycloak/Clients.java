package dev.keycloaktenancy.keycloak;

import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.services.managers.ClientManager;

/** Creating a client as Keycloak's admin API does (Keycloak's {@code ClientManager}). */
public final class Clients {

    private Clients() {
    }

    /** Creates the client from its representation, with its protocol's defaults (default scopes and mappers). */
    public static ClientModel create(KeycloakSession session, RealmModel realm, ClientRepresentation representation) {
        return ClientManager.createClient(session, realm, representation);
    }
}
