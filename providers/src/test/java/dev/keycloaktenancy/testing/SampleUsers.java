package dev.keycloaktenancy.testing;

import jakarta.ws.rs.core.Response;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Creating users for a test: email as username, verified, with a password. */
public final class SampleUsers {

    private SampleUsers() {
    }

    /** Creates the user and returns its id. */
    public static String create(RealmResource realm, String email, String password) {
        UserRepresentation user = new UserRepresentation();
        user.setUsername(email);
        user.setEmail(email);
        user.setEmailVerified(true);
        user.setEnabled(true);
        user.setFirstName(email.substring(0, email.indexOf('@')));
        user.setLastName("Test");
        CredentialRepresentation credential = new CredentialRepresentation();
        credential.setType(CredentialRepresentation.PASSWORD);
        credential.setValue(password);
        credential.setTemporary(false);
        user.setCredentials(List.of(credential));
        try (Response created = realm.users().create(user)) {
            assertEquals(201, created.getStatus(), () -> "creating " + email);
        }
        return realm.users().search(email, true).get(0).getId();
    }

    /** Creates the user and makes them a member of the organization. */
    public static String createMember(RealmResource realm, String organizationAlias, String email, String password) {
        String id = create(realm, email, password);
        try (Response added = AdminLookups.organizationResource(realm, organizationAlias).members().addMember(id)) {
            assertEquals(201, added.getStatus(), () -> "adding " + email + " to " + organizationAlias);
        }
        return id;
    }

    public static String id(RealmResource realm, String username) {
        return realm.users().search(username, true).get(0).getId();
    }
}
