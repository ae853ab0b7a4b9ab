package dev.keycloaktenancy.api.organization;

import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.TenancyException;
import dev.keycloaktenancy.api.Reply;
import dev.keycloaktenancy.jit.JoinRequests;
import dev.keycloaktenancy.roles.Permissions;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.function.Function;

/**
 * {@code …/organizations/{org}/join-requests}: the organization's admins list pending requests to join, and approve
 * (the requester joins with the default roles) or decline them. Asking to join is the requester's, who is not a
 * member yet: see {@link #ask}.
 */
@Produces(MediaType.APPLICATION_JSON)
public final class JoinRequestEndpoints {

    private final OrganizationDoor door;

    JoinRequestEndpoints(OrganizationDoor door) {
        this.door = door;
    }

    @GET
    @Path("")
    public Response list() {
        return door.answer(caller -> {
            caller.requireToRead(Permissions.MEMBERS_MANAGE);
            return Reply.ok(requests(caller).pending(caller.organization()));
        });
    }

    @POST
    @Path("{id}/approve")
    public Response approve(@PathParam("id") String id) {
        return door.answer(caller -> {
            caller.requireToChange(Permissions.MEMBERS_MANAGE);
            JoinRequests.JoinRequest approved = requests(caller).approve(caller.organization(), id);
            caller.changed(OperationType.ACTION, ResourceTypes.JOIN_REQUEST, approved.id(), approved);
            return Reply.ok(approved);
        });
    }

    @POST
    @Path("{id}/decline")
    public Response decline(@PathParam("id") String id) {
        return door.answer(caller -> {
            caller.requireToChange(Permissions.MEMBERS_MANAGE);
            JoinRequests.JoinRequest declined = requests(caller).decline(caller.organization(), id);
            caller.changed(OperationType.DELETE, ResourceTypes.JOIN_REQUEST, declined.id(), declined);
            return Reply.ok(declined);
        });
    }

    /**
     * A user asks to join the organization of the path. This is not an operation of the organization's doors: the
     * requester is not a member. {@code requesterIn} gives the requester acting in the organization, with no
     * permission there, so that the request is recorded (admin event and audit record) like every other change.
     */
    public static Reply ask(KeycloakSession session, UserModel user, String named,
                            Function<OrganizationModel, OrganizationCaller> requesterIn) {
        RealmModel realm = session.getContext().getRealm();
        if (!Tenancy.isEnabled(realm)) {
            throw TenancyException.notEnabled(realm.getName());
        }
        OrganizationModel organization = Tenancy.findOrganization(session, named);
        JoinRequests.JoinRequest asked = new JoinRequests(session, realm).ask(organization, user, named);
        requesterIn.apply(organization).changed(OperationType.CREATE, ResourceTypes.JOIN_REQUEST, asked.id(), asked);
        return Reply.ok(asked);
    }

    private static JoinRequests requests(OrganizationCaller caller) {
        return new JoinRequests(caller.session(), caller.realm());
    }
}
