package dev.keycloaktenancy.api.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keycloaktenancy.api.organization.OrganizationCaller;
import dev.keycloaktenancy.api.organization.ResourceTypes;
import dev.keycloaktenancy.roles.Permissions;
import dev.keycloaktenancy.scim.ScimError;
import dev.keycloaktenancy.scim.ScimUsers;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;

import java.net.URI;
import java.util.Map;

/**
 * {@code /realms/{realm}/tenancy/scim/v2/{org}}: the organization's SCIM 2.0 service provider (RFC 7643, RFC 7644)
 * for its directory. Discovery documents, and Users: list with filter and paging, get, create, replace, PATCH, delete.
 * Each change is recorded like any change of the organization (admin event and audit record, actor {@code scim}).
 */
public final class ScimEndpoints {

    private final KeycloakSession session;
    private final ScimDoor door;

    public ScimEndpoints(KeycloakSession session, String organization) {
        this.session = session;
        this.door = new ScimDoor(session, organization);
    }

    @GET
    @Path("ServiceProviderConfig")
    public Response serviceProviderConfig() {
        return door.answer((caller, base) -> ok(ScimDiscovery.serviceProviderConfig(base)));
    }

    @GET
    @Path("ResourceTypes")
    public Response resourceTypes() {
        return door.answer((caller, base) -> ok(ScimDiscovery.resourceTypes(base)));
    }

    @GET
    @Path("ResourceTypes/{name}")
    public Response resourceType(@PathParam("name") String name) {
        return door.answer((caller, base) -> ok(ScimDiscovery.resourceType(base, name)));
    }

    @GET
    @Path("Schemas")
    public Response schemas() {
        return door.answer((caller, base) -> ok(ScimDiscovery.schemas(base)));
    }

    @GET
    @Path("Schemas/{id}")
    public Response schema(@PathParam("id") String id) {
        return door.answer((caller, base) -> ok(ScimDiscovery.schema(base, id)));
    }

    // ---- Users ------------------------------------------------------------------------------------------------------

    @GET
    @Path("Users")
    public Response listUsers(@QueryParam("filter") String filter, @QueryParam("startIndex") String startIndex,
                              @QueryParam("count") String count) {
        return door.answer((caller, base) -> {
            caller.requireToRead(Permissions.MEMBERS_READ);
            return ok(users(caller, base).list(filter, number("startIndex", startIndex), number("count", count))
                    .toJson());
        });
    }

    @GET
    @Path("Users/{id}")
    public Response user(@PathParam("id") String id) {
        return door.answer((caller, base) -> {
            caller.requireToRead(Permissions.MEMBERS_READ);
            ScimUsers users = users(caller, base);
            return ok(users.render(users.member(id)));
        });
    }

    @POST
    @Path("Users")
    public Response createUser(String body) {
        return door.answer((caller, base) -> {
            caller.requireToChange(Permissions.MEMBERS_MANAGE);
            ScimUsers users = users(caller, base);
            UserModel user = users.create(ScimDoor.body(body));
            ObjectNode created = users.render(user);
            caller.changed(OperationType.CREATE, ResourceTypes.SCIM_USER, user.getId(), summary(created));
            return new ScimDoor.ScimReply(201, created, URI.create(created.path("meta").path("location").asText()));
        });
    }

    @PUT
    @Path("Users/{id}")
    public Response replaceUser(@PathParam("id") String id, String body) {
        return door.answer((caller, base) -> {
            caller.requireToChange(Permissions.MEMBERS_MANAGE);
            ScimUsers users = users(caller, base);
            UserModel user = users.member(id);
            users.replace(user, ScimDoor.body(body));
            return changed(caller, users, user);
        });
    }

    @PATCH
    @Path("Users/{id}")
    public Response patchUser(@PathParam("id") String id, String body) {
        return door.answer((caller, base) -> {
            caller.requireToChange(Permissions.MEMBERS_MANAGE);
            ScimUsers users = users(caller, base);
            UserModel user = users.member(id);
            users.patch(user, ScimDoor.body(body));
            return changed(caller, users, user);
        });
    }

    @DELETE
    @Path("Users/{id}")
    public Response deleteUser(@PathParam("id") String id) {
        return door.answer((caller, base) -> {
            caller.requireToChange(Permissions.MEMBERS_MANAGE);
            ScimUsers users = users(caller, base);
            UserModel user = users.member(id);
            String userName = user.getUsername();
            boolean accountDeleted = users.delete(user, caller.actor());
            Map<String, Object> summary = Map.of("id", id, "userName", userName, "accountDeleted", accountDeleted);
            caller.changed(OperationType.DELETE, ResourceTypes.SCIM_USER, id, summary);
            return new ScimDoor.ScimReply(204, null, null);
        });
    }

    private ScimUsers users(OrganizationCaller caller, String base) {
        return new ScimUsers(session, caller.organization(), base);
    }

    private static ScimDoor.ScimReply changed(OrganizationCaller caller, ScimUsers users, UserModel user) {
        ObjectNode result = users.render(user);
        caller.changed(OperationType.UPDATE, ResourceTypes.SCIM_USER, user.getId(), summary(result));
        return ok(result);
    }

    /** What the admin event and audit record keep of a user: who, not their whole profile. */
    private static Map<String, Object> summary(JsonNode user) {
        return Map.of("id", user.path("id").asText(), "userName", user.path("userName").asText(),
                "active", user.path("active").asBoolean());
    }

    private static ScimDoor.ScimReply ok(JsonNode body) {
        return new ScimDoor.ScimReply(200, body, null);
    }

    private static Integer number(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw ScimError.invalidValue("Parameter '" + name + "' must be a whole number.");
        }
    }
}
