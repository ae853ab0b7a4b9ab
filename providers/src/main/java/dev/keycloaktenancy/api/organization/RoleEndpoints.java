package dev.keycloaktenancy.api.organization;

import dev.keycloaktenancy.api.JsonBody;
import dev.keycloaktenancy.api.Reply;
import dev.keycloaktenancy.roles.OrganizationRole;
import dev.keycloaktenancy.roles.Permissions;
import dev.keycloaktenancy.roles.RoleInput;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.keycloak.events.admin.OperationType;

import java.util.Map;

/**
 * {@code …/organizations/{org}/roles}: the roles available in the organization (the realm's template roles, read-only
 * here, and the organization's own), each with whether the caller may grant it; the organization's own roles are
 * created, replaced (PUT), changed (PATCH) and deleted here.
 */
@Produces(MediaType.APPLICATION_JSON)
public final class RoleEndpoints {

    private final OrganizationDoor door;

    RoleEndpoints(OrganizationDoor door) {
        this.door = door;
    }

    @GET
    @Path("")
    public Response list() {
        return door.answer(caller -> {
            caller.requireToRead(Permissions.MEMBERS_READ);
            return Reply.ok(RoleRepresentation.of(caller.roleDefinitions().rolesAvailableIn(caller.organization()),
                    caller.actor()));
        });
    }

    @GET
    @Path("{name}")
    public Response role(@PathParam("name") String name) {
        return door.answer(caller -> {
            caller.requireToRead(Permissions.MEMBERS_READ);
            OrganizationRole role = caller.roleDefinitions().roleIn(caller.organization(), name);
            return Reply.ok(RoleRepresentation.of(role, caller.actor()));
        });
    }

    @POST
    @Path("")
    public Response create(String body) {
        return door.answer(caller -> {
            caller.requireToChange(Permissions.ROLES_MANAGE);
            RoleRepresentation role = createRole(caller, JsonBody.read(body, RoleInput.class, JsonBody.SMALL));
            return Reply.created(UriBuilder.fromUri(caller.session().getContext().getUri().getAbsolutePath())
                    .path(role.name()).build(), role);
        });
    }

    /**
     * Creates one of the organization's own roles, under the role guards, and records it: the operation of
     * {@code POST …/roles}, also run by a SCIM client creating a group. The caller's right to do so is checked here.
     */
    public static RoleRepresentation createRole(OrganizationCaller caller, RoleInput input) {
        caller.requireToChange(Permissions.ROLES_MANAGE);
        RoleRepresentation role = RoleRepresentation.of(caller.roleDefinitions().createOrganizationRole(
                caller.organization(), input, caller.actor()), caller.actor());
        caller.changed(OperationType.CREATE, ResourceTypes.ROLE, role.name(), role);
        return role;
    }

    /** Replaces the role: description, permissions and default must all be given. */
    @PUT
    @Path("{name}")
    public Response replace(@PathParam("name") String name, String body) {
        return door.answer(caller -> {
            caller.requireToChange(Permissions.ROLES_MANAGE);
            caller.roleDefinitions().organizationOwnRole(caller.organization(), name);
            return update(caller, name, JsonBody.readWhole(body, RoleInput.class, JsonBody.SMALL, RoleInput.FIELDS));
        });
    }

    /** Changes the fields given; the others stay. */
    @PATCH
    @Path("{name}")
    public Response change(@PathParam("name") String name, String body) {
        return door.answer(caller -> {
            caller.requireToChange(Permissions.ROLES_MANAGE);
            OrganizationRole existing = caller.roleDefinitions().organizationOwnRole(caller.organization(), name);
            RoleInput input = JsonBody.read(body, RoleInput.class, JsonBody.SMALL);
            return update(caller, name, input.over(existing, JsonBody.fieldsOf(body)));
        });
    }

    private static Reply update(OrganizationCaller caller, String name, RoleInput input) {
        RoleRepresentation role = RoleRepresentation.of(caller.roleDefinitions().updateOrganizationRole(
                caller.organization(), name, input, caller.actor()), caller.actor());
        caller.changed(OperationType.UPDATE, ResourceTypes.ROLE, role.name(), role);
        return Reply.ok(role);
    }

    @DELETE
    @Path("{name}")
    public Response delete(@PathParam("name") String name) {
        return door.answer(caller -> {
            deleteRole(caller, name);
            return Reply.noContent();
        });
    }

    /**
     * Deletes one of the organization's own roles (a template role is refused), under the role guards, and records it:
     * the operation of {@code DELETE …/roles/{name}}, also run by a SCIM client deleting a group.
     */
    public static void deleteRole(OrganizationCaller caller, String name) {
        caller.requireToChange(Permissions.ROLES_MANAGE);
        caller.roleDefinitions().deleteOrganizationRole(caller.organization(), name, caller.actor());
        caller.changed(OperationType.DELETE, ResourceTypes.ROLE, name, Map.of("name", name));
    }
}
