package dev.keycloaktenancy.keycloak;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.storage.adapter.InMemoryUserAdapter;

/** A user that exists only in memory, never stored: the addressee of an email to someone without an account. */
public final class TransientUsers {

    private TransientUsers() {
    }

    public static UserModel addressee(KeycloakSession session, RealmModel realm, String email, String firstName,
                                      String lastName) {
        UserModel user = new InMemoryUserAdapter(session, realm, null);
        user.setEmail(email);
        user.setFirstName(firstName);
        user.setLastName(lastName);
        return user;
    }
}
