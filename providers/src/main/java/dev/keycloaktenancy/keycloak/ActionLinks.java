package dev.keycloaktenancy.keycloak;

import org.keycloak.authentication.actiontoken.execactions.ExecuteActionsActionToken;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.LoginActionsService;

import java.util.List;

/** Keycloak's signed action links (action tokens), as its admin API's "send actions email" builds them. */
public final class ActionLinks {

    private ActionLinks() {
    }

    /**
     * A link by which the user performs the given required actions (such as setting a password) and then lands at the
     * redirect URI of the client.
     *
     * @param expiresAt when the link stops working, in seconds since the epoch (Keycloak's clock)
     */
    public static String requiredActions(KeycloakSession session, RealmModel realm, UserModel user, int expiresAt,
                                         List<String> actions, String redirectUri, String clientId) {
        ExecuteActionsActionToken token = new ExecuteActionsActionToken(user.getId(), user.getEmail(), expiresAt,
                actions, redirectUri, clientId);
        return LoginActionsService.actionTokenProcessor(session.getContext().getUri())
                .queryParam("key", token.serialize(session, realm, session.getContext().getUri()))
                .queryParam(Constants.CLIENT_ID, clientId)
                .build(realm.getName()).toString();
    }
}
