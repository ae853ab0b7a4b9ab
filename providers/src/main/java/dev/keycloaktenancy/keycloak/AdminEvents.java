package dev.keycloaktenancy.keycloak;

import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;

/**
 * Keycloak admin events of one caller's changes: who (user, client, realm), what (operation, resource type, the
 * request's path, the representation) and, for a change inside an organization, which one.
 */
public interface AdminEvents {

    /** Events of a SCIM client, which authenticates with an organization's token rather than as a user. */
    static AdminEvents ofScimToken(KeycloakSession session, String tokenId, String creatorId) {
        return new ScimAdminEvents(session, tokenId, creatorId);
    }

    /** Events of a user acting on a login page (no token yet), through the login's client. */
    static AdminEvents ofLoginPage(KeycloakSession session, String userId, String clientId) {
        return new ScimAdminEvents(session, userId, clientId, java.util.Map.of(ScimAdminEvents.LOGIN, "true"));
    }

    /** Records a successful change; {@code organization} is null for realm-wide changes. */
    void changed(OperationType operation, String resourceType, OrganizationModel organization, Object representation);

    /** Records a successful change of a resource at the given path (segments below the realm's admin URL). */
    void changedAt(OperationType operation, String resourceType, Object representation, String... pathSegments);

    /** The acting user's id. */
    String userId();

    /** The client id of the client the caller's token was issued to. */
    String clientId();

    /** The same caller's events in another session's transaction (after the request's own was committed early). */
    AdminEvents in(KeycloakSession session);
}
