package dev.keycloaktenancy.api.selfservice;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.keycloaktenancy.roles.HeldRoles;
import dev.keycloaktenancy.roles.Permissions;
import org.keycloak.models.OrganizationModel;

import java.util.List;
import java.util.TreeSet;

/**
 * One of the caller's organizations: the caller's roles and permissions there, and whether the caller administers it
 * through Keycloak's own permissions (then the API grants every built-in permission in it).
 */
record MyOrganization(@JsonProperty("id") String id,
                      @JsonProperty("alias") String alias,
                      @JsonProperty("name") String name,
                      @JsonProperty("roles") List<String> roles,
                      @JsonProperty("permissions") List<String> permissions,
                      @JsonProperty("administrator") boolean administrator) {

    static MyOrganization of(OrganizationModel organization, HeldRoles held, boolean administrator) {
        TreeSet<String> permissions = new TreeSet<>(held.permissions());
        if (administrator) {
            permissions.addAll(Permissions.BUILT_IN);
        }
        return new MyOrganization(organization.getId(), organization.getAlias(), organization.getName(),
                List.copyOf(held.names()), List.copyOf(permissions), administrator);
    }
}
