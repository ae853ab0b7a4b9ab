package dev.keycloaktenancy.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.keycloaktenancy.roles.OrganizationRole;

import java.util.List;

/** A role as the API shows it. {@code template} tells a template role (read-only inside an organization). */
public record RoleRepresentation(@JsonProperty("name") String name,
                                 @JsonProperty("description") String description,
                                 @JsonProperty("permissions") List<String> permissions,
                                 @JsonProperty("default") boolean defaultRole,
                                 @JsonProperty("template") boolean template) {

    public static RoleRepresentation of(OrganizationRole role) {
        return new RoleRepresentation(role.name(), role.description(), List.copyOf(role.permissions()),
                role.defaultRole(), role.isTemplate());
    }

    public static List<RoleRepresentation> of(List<OrganizationRole> roles) {
        return roles.stream().map(RoleRepresentation::of).toList();
    }
}
