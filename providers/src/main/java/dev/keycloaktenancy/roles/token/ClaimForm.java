package dev.keycloaktenancy.roles.token;

import dev.keycloaktenancy.roles.RolesByOrganization;

import java.util.Locale;
import java.util.Map;

/**
 * What the {@code organization} claim carries for each organization, chosen per client (client attribute
 * {@value #KEY}) or per mapper (the same key in its configuration): {@code full} (id, roles and permissions, the
 * default), {@code roles} (id and roles) or {@code ids} (the id only, as Keycloak's own mapper writes it with "Add
 * organization id"). The active-organization claims ({@code org_*}) keep their full form: they name one organization.
 */
enum ClaimForm {
    FULL, ROLES, IDS;

    static final String KEY = "tenancy.claim.form";

    /** The form a value names; blank or unknown values give the default, so a typo never drops a claim. */
    static ClaimForm of(String value) {
        if (value != null) {
            for (ClaimForm form : values()) {
                if (form.name().equalsIgnoreCase(value.trim())) {
                    return form;
                }
            }
        }
        return FULL;
    }

    /** The client's choice if it made one, else the mapper's. */
    static ClaimForm of(String clientAttribute, String mapperConfig) {
        return clientAttribute != null && !clientAttribute.isBlank() ? of(clientAttribute) : of(mapperConfig);
    }

    /** Puts this form's fields of one organization into its claim value. */
    void fill(Map<String, Object> value, RolesByOrganization.Membership membership) {
        value.put("id", membership.organizationId());
        if (this != IDS) {
            value.put("roles", membership.roleNames());
        }
        if (this == FULL) {
            value.put("permissions", membership.permissions());
        }
    }

    String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
