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
 * Admin events of a SCIM client's changes. A SCIM token is neither a user nor a client of the realm, which Keycloak's
 * own event builder requires, so the event is written here: to the realm's event store when admin events are on,
 * and to the realm's event listeners. It names the token's creator as user and carries the token's id as detail
 * {@code scim_token}.
 */
final class ScimAdminEvents implements AdminEvents {

    private final KeycloakSession session;
    private final String tokenId;
    private final String creatorId;

    ScimAdminEvents(KeycloakSession session, String tokenId, String creatorId) {
        this.session = session;
        this.tokenId = tokenId;
        this.creatorId = creatorId;
    }

    @Override
    public void changed(OperationType operation, String resourceType, OrganizationModel organization,
                        Object representation) {
        String path = session.getContext().getUri().getPath();
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
        auth.setUserId(creatorId);
        auth.setIpAddress(session.getContext().getConnection().getRemoteAddr());
        event.setAuthDetails(auth);
        event.setOperationType(operation);
        event.setResourceTypeAsString(resourceType);
        event.setResourcePath(path);
        Map<String, String> details = new HashMap<>();
        details.put("scim_token", tokenId);
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
        return creatorId;
    }

    @Override
    public String clientId() {
        return null;
    }

    @Override
    public AdminEvents in(KeycloakSession other) {
        return new ScimAdminEvents(other, tokenId, creatorId);
    }
}
