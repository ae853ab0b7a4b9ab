package dev.keycloaktenancy.keycloak;

import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventStoreProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.AuthDetails;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.util.JsonSerialization;

import java.io.IOException;
import java.util.Map;

/**
 * Admin events of changes the server makes by itself (a background job, no request, no admin token): stored when
 * the realm keeps admin events and handed to the realm's event listeners, as Keycloak does with its own.
 */
public final class SystemAdminEvents {

    private SystemAdminEvents() {
    }

    public static void changed(KeycloakSession session, RealmModel realm, OperationType operation, String resourceType,
                               String resourcePath, Object representation, Map<String, String> details) {
        AdminEvent event = new AdminEvent();
        event.setId(KeycloakModelUtils.generateId());
        event.setTime(System.currentTimeMillis());
        event.setRealmId(realm.getId());
        event.setRealmName(realm.getName());
        AuthDetails auth = new AuthDetails();
        auth.setRealmId(realm.getId());
        auth.setRealmName(realm.getName());
        event.setAuthDetails(auth);
        event.setOperationType(operation);
        event.setResourceTypeAsString(resourceType);
        event.setResourcePath(resourcePath);
        event.setDetails(details);
        boolean withRepresentation = realm.isAdminEventsDetailsEnabled();
        if (withRepresentation && representation != null) {
            try {
                event.setRepresentation(JsonSerialization.writeValueAsString(representation));
            } catch (IOException e) {
                throw new IllegalArgumentException("The event's representation cannot be written as JSON", e);
            }
        }
        if (realm.isAdminEventsEnabled()) {
            session.getProvider(EventStoreProvider.class).onEvent(event, withRepresentation);
        }
        realm.getEventsListenersStream()
                .map(id -> session.getProvider(EventListenerProvider.class, id))
                .filter(listener -> listener != null)
                .forEach(listener -> listener.onEvent(event, withRepresentation));
    }
}
