package dev.keycloaktenancy.api.organization;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.keycloaktenancy.roles.HeldRoles;
import org.keycloak.models.UserModel;

import java.util.List;

/** A member of an organization with the roles they hold there and the permissions those roles give. */
public record MemberRolesRepresentation(@JsonProperty("id") String id,
                                        @JsonProperty("username") String username,
                                        @JsonProperty("email") String email,
                                        @JsonProperty("firstName") String firstName,
                                        @JsonProperty("lastName") String lastName,
                                        @JsonProperty("roles") List<String> roles,
                                        @JsonProperty("permissions") List<String> permissions) {

    public static MemberRolesRepresentation of(UserModel user, HeldRoles held) {
        return new MemberRolesRepresentation(user.getId(), user.getUsername(), user.getEmail(), user.getFirstName(),
                user.getLastName(), List.copyOf(held.names()), List.copyOf(held.permissions()));
    }
}
