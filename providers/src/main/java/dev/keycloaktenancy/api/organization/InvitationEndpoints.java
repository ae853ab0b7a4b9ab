package dev.keycloaktenancy.api.organization;

import dev.keycloaktenancy.TenancyException;
import dev.keycloaktenancy.api.JsonBody;
import dev.keycloaktenancy.api.Reply;
import dev.keycloaktenancy.invitations.InvitationInput;
import dev.keycloaktenancy.invitations.InvitationRepresentation;
import dev.keycloaktenancy.invitations.Invitations;
import dev.keycloaktenancy.roles.OrganizationRole;
import dev.keycloaktenancy.roles.Permissions;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.keycloak.events.admin.OperationType;

import java.util.Map;
import java.util.Set;

/**
 * {@code …/organizations/{org}/invitations}: Keycloak's own invitations with the roles they promise. A caller can only
 * promise roles they could grant themselves.
 */
@Produces(MediaType.APPLICATION_JSON)
public final class InvitationEndpoints {

    private final OrganizationDoor door;

    InvitationEndpoints(OrganizationDoor door) {
        this.door = door;
    }

    @GET
    @Path("")
    public Response list(@QueryParam("first") String first, @QueryParam("max") String max) {
        return door.answer(caller -> {
            caller.requireToRead(Permissions.INVITATIONS_MANAGE);
            return Reply.ok(invitations(caller).list(JsonBody.first(first), JsonBody.max(max, 20, 100)));
        });
    }

    @GET
    @Path("{id}")
    public Response invitation(@PathParam("id") String id) {
        return door.answer(caller -> {
            caller.requireToRead(Permissions.INVITATIONS_MANAGE);
            return Reply.ok(invitations(caller).get(id));
        });
    }

    @POST
    @Path("")
    public Response invite(String body) {
        return door.answer(caller -> {
            caller.requireToChange(Permissions.INVITATIONS_MANAGE);
            InvitationInput input = JsonBody.read(body, InvitationInput.class, JsonBody.SMALL).validated();
            Set<OrganizationRole> promised = caller.roleDefinitions().resolve(caller.organization(), input.roles());
            for (OrganizationRole role : promised) {
                if (!caller.actor().mayGrantOrRevoke(role)) {
                    throw TenancyException.forbidden("You cannot invite with role '" + role.name()
                            + "': you could not grant it yourself.");
                }
            }
            InvitationRepresentation invitation = invitations(caller).send(input, promised);
            caller.changed(OperationType.CREATE, ResourceTypes.INVITATION, invitation.id(), invitation);
            return Reply.created(UriBuilder.fromUri(caller.session().getContext().getUri().getAbsolutePath())
                    .path(invitation.id()).build(), invitation);
        });
    }

    @POST
    @Path("{id}/resend")
    public Response resend(@PathParam("id") String id) {
        return door.answer(caller -> {
            caller.requireToChange(Permissions.INVITATIONS_MANAGE);
            InvitationRepresentation invitation = invitations(caller).resend(id);
            caller.changed(OperationType.ACTION, ResourceTypes.INVITATION, invitation.id(), invitation);
            return Reply.ok(invitation);
        });
    }

    @DELETE
    @Path("{id}")
    public Response revoke(@PathParam("id") String id) {
        return door.answer(caller -> {
            caller.requireToChange(Permissions.INVITATIONS_MANAGE);
            invitations(caller).revoke(id);
            caller.changed(OperationType.DELETE, ResourceTypes.INVITATION, id, Map.of("id", id));
            return Reply.noContent();
        });
    }

    private static Invitations invitations(OrganizationCaller caller) {
        return new Invitations(caller.session(), caller.realm(), caller.organization());
    }
}
