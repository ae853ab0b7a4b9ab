package dev.keycloaktenancy.api.organization;

import dev.keycloaktenancy.OrganizationNames;
import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.TenancyException;
import dev.keycloaktenancy.keycloak.DomainTable;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;

/**
 * An organization's admins (and a user creating one) may not give it a name or display name that reads like another
 * organization's of the realm, or the realm's own ({@link OrganizationNames}).
 */
final class OwnName {

    private OwnName() {
    }

    static void require(KeycloakSession session, OrganizationModel organization, String name) {
        RealmModel realm = session.getContext().getRealm();
        if (OrganizationNames.readsLikeAnother(name, realm, DomainTable.of(session).namesOfOthers(realm.getId(),
                organization.getId(), Tenancy.BRAND_DISPLAY_NAME))) {
            throw TenancyException.conflict("name_taken", "Another organization of this realm is already called '" + name
                    + "' (or something that reads the same); choose a name of your own.");
        }
    }
}
