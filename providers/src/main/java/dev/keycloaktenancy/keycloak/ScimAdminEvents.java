package dev.keycloaktenancy.keycloak;

import org.keycloak.common.util.Time;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventStoreProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.AuthDetails;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.util.JsonSerialization;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Admin events of changes made by a caller without an admin token, which Keycloak's own event builder requires, so
 * the event is written here: to the realm's event store when admin events are on, and to the realm's event listeners.
 * A SCIM client's (a SCIM token is neither a user nor a client of the realm) names the token's creator as user and
 * carries the token's id as detail {@code scim_token}; a user's on a login page names the user and the login's
 * client, with detail {@code login}.
 */
final class ScimAdminEvents implements AdminEvents {

    /** The detail of events of a user acting on a login page. */
    static final String LOGIN = "login";

    private final KeycloakSession session;
    private final String userId;
    private final String clientId;
    private final Map<String, String> callerDetails;

    ScimAdminEvents(KeycloakSession session, String tokenId, String creatorId) {
        this(session, creatorId, null, Map.of("scim_token", tokenId));
    }

    ScimAdminEvents(KeycloakSession session, String userId, String clientId, Map<String, String> callerDetails) {
        this.session = session;
        this.userId = userId;
        this.clientId = clientId;
        this.callerDetails = callerDetails;
    }

    @Override
    public void changed(OperationType operation, String resourceType, OrganizationModel organization,
                        Object representation) {
        String path;
        if (callerDetails.containsKey(LOGIN)) {
            // a login page's URL names no resource: the organization's place in the admin API does
            path = "organizations" + (organization == null ? "" : "/" + organization.getId());
        } else {
            path = session.getContext().getUri().getPath();
        }
        send(operation, resourceType, representation, path.startsWith("/") ? path.substring(1) : path, organization);
    }

    @Override
    public void changedAt(OperationType operation, String resourceType, Object representation, String... pathSegments) {
        send(operation, resourceType, representation, String.join("/", pathSegments), null);
    }

    private void send(OperationType operation, String resourceType, Object representation, String path,
                      OrganizationModel organization) {
        RealmModel realm = session.getContext().getRealm();
        AdminEvent event = new AdminEvent();
        event.setId(UUID.randomUUID().toString());
        event.setTime(Time.currentTimeMillis());
        event.setRealmId(realm.getId());
        event.setRealmName(realm.getName());
        AuthDetails auth = new AuthDetails();
        auth.setRealmId(realm.getId());
        auth.setRealmName(realm.getName());
        auth.setUserId(userId);
        if (session.getContext().getConnection() != null) {
            auth.setIpAddress(session.getContext().getConnection().getRemoteAddr());
        }
        event.setAuthDetails(auth);
        event.setOperationType(operation);
        event.setResourceTypeAsString(resourceType);
        event.setResourcePath(path);
        Map<String, String> details = new HashMap<>();
        details.putAll(callerDetails);
        if (organization != null) {
            details.put("organization_id", organization.getId());
            details.put("organization", organization.getAlias());
        }
        event.setDetails(details);
        boolean withRepresentation = realm.isAdminEventsDetailsEnabled();
        if (withRepresentation && representation != null) {
            try {
                event.setRepresentation(JsonSerialization.writeValueAsString(representation));
            } catch (IOException e) {
                event.setRepresentation(null);
            }
        }
        if (realm.isAdminEventsEnabled()) {
            EventStoreProvider store = session.getProvider(EventStoreProvider.class);
            if (store != null) {
                store.onEvent(event, withRepresentation);
            }
        }
        realm.getEventsListenersStream().forEach(id -> {
            EventListenerProvider listener = session.getProvider(EventListenerProvider.class, id);
            if (listener != null) {
                listener.onEvent(event, withRepresentation);
            }
        });
    }

    @Override
    public String userId() {
        return userId;
    }

    @Override
    public String clientId() {
        return clientId;
    }

    @Override
    public AdminEvents in(KeycloakSession other) {
        return new ScimAdminEvents(other, userId, clientId, callerDetails);
    }
}
