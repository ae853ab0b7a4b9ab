package dev.keycloaktenancy.keycloak;

import jakarta.ws.rs.core.UriInfo;
import org.keycloak.common.ClientConnection;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.AdminEventBuilder;

/** {@link AdminEvents} through Keycloak's {@link AdminEventBuilder}. */
final class KeycloakAdminEvents implements AdminEvents {

    private final KeycloakSession session;
    private final AdminAuth auth;
    private final ClientConnection connection;
    private final UriInfo uri;

    KeycloakAdminEvents(KeycloakSession session, AdminAuth auth) {
        this(session, auth, session.getContext().getConnection(), session.getContext().getUri());
    }

    private KeycloakAdminEvents(KeycloakSession session, AdminAuth auth, ClientConnection connection, UriInfo uri) {
        this.session = session;
        this.auth = auth;
        this.connection = connection;
        this.uri = uri;
    }

    @Override
    public void changed(OperationType operation, String resourceType, OrganizationModel organization,
                        Object representation) {
        RealmModel realm = session.getContext().getRealm();
        AdminEventBuilder event = new AdminEventBuilder(realm, auth, session, connection)
                .operation(operation).resource(resourceType).resourcePath(uri).representation(representation);
        if (organization != null) {
            event.detail("organization_id", organization.getId()).detail("organization", organization.getAlias());
        }
        event.success();
    }

    @Override
    public void changedAt(OperationType operation, String resourceType, Object representation, String... pathSegments) {
        new AdminEventBuilder(session.getContext().getRealm(), auth, session, connection)
                .operation(operation).resource(resourceType).resourcePath(pathSegments).representation(representation)
                .success();
    }

    @Override
    public String userId() {
        return auth.getUser() == null ? null : auth.getUser().getId();
    }

    @Override
    public String clientId() {
        return auth.getClient() == null ? null : auth.getClient().getClientId();
    }

    @Override
    public AdminEvents in(KeycloakSession other) {
        return new KeycloakAdminEvents(other, auth, connection, uri);
    }
}
