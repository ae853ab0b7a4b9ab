package dev.keycloaktenancy.invitations;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.keycloaktenancy.roles.OrganizationRole;
import org.keycloak.models.OrganizationInvitationModel;

import java.util.List;

/** A native invitation with the roles the pack will grant when it is accepted. */
public record InvitationRepresentation(@JsonProperty("id") String id,
                                       @JsonProperty("email") String email,
                                       @JsonProperty("firstName") String firstName,
                                       @JsonProperty("lastName") String lastName,
                                       @JsonProperty("status") String status,
                                       @JsonProperty("createdAt") int createdAt,
                                       @JsonProperty("expiresAt") int expiresAt,
                                       @JsonProperty("roles") List<String> roles) {

    public static InvitationRepresentation of(OrganizationInvitationModel invitation, List<OrganizationRole> roles) {
        return new InvitationRepresentation(invitation.getId(), invitation.getEmail(), invitation.getFirstName(),
                invitation.getLastName(), invitation.getStatus().name(), invitation.getCreatedAt(),
                invitation.getExpiresAt(), roles.stream().map(OrganizationRole::name).sorted().toList());
    }
}
