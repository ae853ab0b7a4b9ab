package dev.keycloaktenancy.roles.token;

import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.roles.RolesByOrganization;

import java.util.Locale;
import java.util.Map;

/**
 * What the {@code organization} claim carries for each organization: {@code native} (the pack adds nothing: the claim
 * stays as Keycloak's own mapper writes it, a list of aliases by default), {@code full} (id, roles and permissions),
 * {@code roles} (id and roles) or {@code ids} (the id only, as Keycloak's own mapper writes it with "Add organization
 * id"). A client opts in with its attribute {@value #KEY}; otherwise the realm's attribute {@value #REALM_DEFAULT}
 * decides, then the mapper's configuration. Enabling tenancy installs the mapper with {@code native}, so applications
 * that read Keycloak's own claim keep working; a mapper installed by 0.1, without the setting, keeps {@code full}.
 * The active-organization claims ({@code org_*}) keep their full form: they name one organization.
 */
enum ClaimForm {
    NATIVE, FULL, ROLES, IDS;

    static final String KEY = "tenancy.claim.form";
    /** Realm attribute: the form for clients that chose none. */
    static final String REALM_DEFAULT = Tenancy.CLAIM_DEFAULT_FORM;

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

    /** The client's choice if it made one, else the realm's, else the mapper's. */
    static ClaimForm of(String clientAttribute, String realmDefault, String mapperConfig) {
        for (String choice : new String[]{clientAttribute, realmDefault}) {
            if (choice != null && !choice.isBlank()) {
                return of(choice);
            }
        }
        return of(mapperConfig);
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
