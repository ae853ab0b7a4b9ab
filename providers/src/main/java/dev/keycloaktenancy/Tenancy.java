package dev.keycloaktenancy;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.organization.OrganizationProvider;

/** Shared look-ups and attribute keys of the pack: the one place every capability goes for them. */
public final class Tenancy {

    /** Realm attribute: "true" once tenancy is enabled (role template created, token mapper installed). */
    public static final String ENABLED_ATTRIBUTE = "tenancy.enabled";

    /**
     * Realm attribute read once when a realm is created or imported: tenancy data (the JSON of the export
     * endpoint) to load into the new realm. It is removed after loading.
     */
    public static final String IMPORT_ATTRIBUTE = "tenancy.import";

    private Tenancy() {
    }

    public static boolean isEnabled(RealmModel realm) {
        return realm != null && Boolean.parseBoolean(realm.getAttribute(ENABLED_ATTRIBUTE));
    }

    /** The organization named by an id or an alias, or null; an {@code {org}} path segment accepts either. */
    public static OrganizationModel findOrganization(KeycloakSession session, String idOrAlias) {
        if (!InputText.isSafeKey(idOrAlias)) {
            return null;
        }
        OrganizationProvider organizations = session.getProvider(OrganizationProvider.class);
        if (organizations == null) {
            return null;
        }
        OrganizationModel byId = organizations.getById(idOrAlias);
        return byId != null ? byId : organizations.getByAlias(idOrAlias);
    }
}
