package dev.keycloaktenancy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.keycloaktenancy.roles.Actor;
import dev.keycloaktenancy.roles.OrganizationRole;

import java.util.List;

/**
 * A role as the API shows it. {@code template} tells a template role (read-only inside an organization);
 * {@code grantable}, only in the self-service API's list, whether the caller may grant and revoke it.
 */
public record RoleRepresentation(@JsonProperty("name") String name,
                                 @JsonProperty("description") String description,
                                 @JsonProperty("permissions") List<String> permissions,
                                 @JsonProperty("default") boolean defaultRole,
                                 @JsonProperty("template") boolean template,
                                 @JsonProperty("grantable") @JsonInclude(JsonInclude.Include.NON_NULL) Boolean grantable) {

    public static RoleRepresentation of(OrganizationRole role) {
        return new RoleRepresentation(role.name(), role.description(), List.copyOf(role.permissions()),
                role.defaultRole(), role.isTemplate(), null);
    }

    /** The roles with whether this actor may grant and revoke each (the same guard the changes run). */
    public static List<RoleRepresentation> of(List<OrganizationRole> roles, Actor actor) {
        return roles.stream().map(role -> {
            RoleRepresentation shown = of(role);
            return new RoleRepresentation(shown.name(), shown.description(), shown.permissions(), shown.defaultRole(),
                    shown.template(), actor.mayGrantOrRevoke(role));
        }).toList();
    }

    public static List<RoleRepresentation> of(List<OrganizationRole> roles) {
        return roles.stream().map(RoleRepresentation::of).toList();
    }
}
