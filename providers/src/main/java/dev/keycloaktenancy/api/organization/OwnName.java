package dev.keycloaktenancy.api.organization;

import dev.keycloaktenancy.OrganizationNames;
import dev.keycloaktenancy.TenancyException;
import dev.keycloaktenancy.keycloak.OrganizationNameKeys;
import dev.keycloaktenancy.keycloak.RowLocks;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;

/**
 * An organization's admins (and a user creating one) may not give it a name or display name that reads like another
 * organization's of the realm, or the realm's own ({@link OrganizationNames}). The realm's row is locked first, as
 * creations do, so two look-alike names chosen at once queue up and the second is refused; the other organizations'
 * names are one indexed look-up ({@link OrganizationNameKeys}).
 */
final class OwnName {

    private OwnName() {
    }

    static void require(KeycloakSession session, OrganizationModel organization, String name) {
        RealmModel realm = session.getContext().getRealm();
        RowLocks.of(session).lockRealm(realm.getId());
        if (OrganizationNames.readsLikeRealm(name, realm)
                || OrganizationNameKeys.of(session).readsLikeAnother(realm.getId(), organization.getId(), name)) {
            throw TenancyException.conflict("name_taken", "Another organization of this realm is already called '" + name
                    + "' (or something that reads the same); choose a name of your own.");
        }
    }
}
