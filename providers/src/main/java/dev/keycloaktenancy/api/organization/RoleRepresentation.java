package dev.keycloaktenancy.api.organization;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.keycloaktenancy.roles.Actor;
import dev.keycloaktenancy.roles.OrganizationRole;

import java.util.List;

/**
 * A role as the API shows it. {@code template} tells a template role (read-only inside an organization);
 * {@code grantable}, inside an organization, whether the caller may grant and revoke it.
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

    /** The role with whether this actor may grant and revoke it (the same guard the changes run). */
    public static RoleRepresentation of(OrganizationRole role, Actor actor) {
        return new RoleRepresentation(role.name(), role.description(), List.copyOf(role.permissions()),
                role.defaultRole(), role.isTemplate(), actor.mayGrantOrRevoke(role));
    }

    public static List<RoleRepresentation> of(List<OrganizationRole> roles, Actor actor) {
        return roles.stream().map(role -> of(role, actor)).toList();
    }

    public static List<RoleRepresentation> of(List<OrganizationRole> roles) {
        return roles.stream().map(RoleRepresentation::of).toList();
    }
}
