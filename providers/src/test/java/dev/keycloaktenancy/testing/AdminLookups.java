package dev.keycloaktenancy.testing;

import org.keycloak.admin.client.resource.OrganizationResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.OrganizationRepresentation;

/** Look-ups through the admin client that tests need often. */
public final class AdminLookups {

    private AdminLookups() {
    }

    /** The organization with this alias (the native search matches names, not aliases). */
    public static OrganizationRepresentation organization(RealmResource realm, String alias) {
        return realm.organizations().list(0, 1000).stream()
                .filter(o -> alias.equals(o.getAlias()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No organization " + alias + " in realm "
                        + realm.toRepresentation().getRealm()));
    }

    public static OrganizationResource organizationResource(RealmResource realm, String alias) {
        return realm.organizations().get(organization(realm, alias).getId());
    }
}
