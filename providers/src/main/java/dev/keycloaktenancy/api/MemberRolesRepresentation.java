package dev.keycloaktenancy.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.keycloaktenancy.roles.OrganizationRole;
import org.keycloak.models.UserModel;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** A member of an organization with the roles they hold there and the permissions those roles give. */
public record MemberRolesRepresentation(@JsonProperty("id") String id,
                                        @JsonProperty("username") String username,
                                        @JsonProperty("email") String email,
                                        @JsonProperty("firstName") String firstName,
                                        @JsonProperty("lastName") String lastName,
                                        @JsonProperty("roles") List<String> roles,
                                        @JsonProperty("permissions") List<String> permissions) {

    public static MemberRolesRepresentation of(UserModel user, List<OrganizationRole> roles) {
        Set<String> permissions = new TreeSet<>();
        roles.forEach(r -> permissions.addAll(r.permissions()));
        return new MemberRolesRepresentation(user.getId(), user.getUsername(), user.getEmail(), user.getFirstName(),
                user.getLastName(), roles.stream().map(OrganizationRole::name).sorted().toList(), List.copyOf(permissions));
    }
}
