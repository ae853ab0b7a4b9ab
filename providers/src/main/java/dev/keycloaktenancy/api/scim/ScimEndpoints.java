package dev.keycloaktenancy.api.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keycloaktenancy.api.organization.OrganizationCaller;
import dev.keycloaktenancy.api.organization.MemberEndpoints;
import dev.keycloaktenancy.api.organization.ResourceTypes;
import dev.keycloaktenancy.api.organization.RoleEndpoints;
import dev.keycloaktenancy.roles.OrganizationRole;
import dev.keycloaktenancy.roles.RoleInput;
import dev.keycloaktenancy.roles.Permissions;
import dev.keycloaktenancy.scim.ScimError;
import dev.keycloaktenancy.scim.ScimGroups;
import dev.keycloaktenancy.scim.ScimSettings;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /realms/{realm}/tenancy/scim/v2/{org}}: the organization's SCIM 2.0 service provider (RFC 7643, RFC 7644)
 * for its directory. Discovery documents; Users: list with filter and paging, get, create, replace, PATCH, delete;
 * Groups (the organization's roles, {@link ScimGroups}) likewise, their changes made by the role operations of
 * {@link RoleEndpoints} and {@link MemberEndpoints}. Each change is recorded like any change of the organization (admin event and audit record, actor {@code scim}).
 */
public final class ScimEndpoints {

    /** The description of a role that a directory created as a group. */
    static final String GROUP_ROLE_DESCRIPTION = "Group of the organization's directory (SCIM)";

    private final KeycloakSession session;
    private final ScimDoor door;
    private final ScimSettings settings;

    public ScimEndpoints(KeycloakSession session, String organization, ScimSettings settings) {
        this.session = session;
        this.door = new ScimDoor(session, organization);
        this.settings = settings;
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
            ScimUsers.Provisioned provisioned = users.create(ScimDoor.body(body));
            UserModel user = provisioned.user();
            ObjectNode created = users.render(user);
            caller.changed(OperationType.CREATE, ResourceTypes.SCIM_USER, user.getId(), summary(created));
            accountChanged(caller, user, provisioned.account());
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
            return changed(caller, users, user, users.replace(user, ScimDoor.body(body)));
        });
    }

    @PATCH
    @Path("Users/{id}")
    public Response patchUser(@PathParam("id") String id, String body) {
        return door.answer((caller, base) -> {
            caller.requireToChange(Permissions.MEMBERS_MANAGE);
            ScimUsers users = users(caller, base);
            UserModel user = users.member(id);
            return changed(caller, users, user, users.patch(user, ScimDoor.body(body)));
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

    // ---- Groups: the organization's roles ---------------------------------------------------------------------------

    @GET
    @Path("Groups")
    public Response listGroups(@QueryParam("filter") String filter, @QueryParam("startIndex") String startIndex,
                               @QueryParam("count") String count,
                               @QueryParam("excludedAttributes") String excludedAttributes) {
        return door.answer((caller, base) -> {
            caller.requireToRead(Permissions.MEMBERS_READ);
            return ok(groups(caller, base).list(filter, number("startIndex", startIndex), number("count", count),
                    withMembers(excludedAttributes)).toJson());
        });
    }

    @GET
    @Path("Groups/{id}")
    public Response group(@PathParam("id") String id, @QueryParam("excludedAttributes") String excludedAttributes) {
        return door.answer((caller, base) -> {
            caller.requireToRead(Permissions.MEMBERS_READ);
            ScimGroups groups = groups(caller, base);
            return ok(groups.render(groups.group(id), withMembers(excludedAttributes)));
        });
    }

    /**
     * Creates a group: a new role of the organization's own, without permissions (its admins give it some in the
     * portal), held by the members given. A name the organization's roles already have is 409 {@code uniqueness}: a
     * directory finds an existing role with a filter on {@code displayName} and PATCHes its members.
     */
    @POST
    @Path("Groups")
    public Response createGroup(String body) {
        return door.answer((caller, base) -> {
            caller.requireToChange(Permissions.MEMBERS_MANAGE);
            ScimGroups groups = groups(caller, base);
            ScimGroups.GroupInput input = groups.read(ScimDoor.body(body));
            if (groups.named(input.displayName()) != null) {
                throw ScimError.uniqueness(caller.organization().getName() + " already has a role named '"
                        + input.displayName() + "': find its group with filter displayName eq \"" + input.displayName()
                        + "\" and change its members.");
            }
            ScimGroups.MemberChanges changes = groups.created(input);
            RoleEndpoints.createRole(caller, new RoleInput(input.displayName(), GROUP_ROLE_DESCRIPTION, List.of(),
                    false));
            OrganizationRole role = groups.named(input.displayName());
            applyMembers(caller, role, changes);
            ObjectNode created = groups.render(role, true);
            return new ScimDoor.ScimReply(201, created, URI.create(created.path("meta").path("location").asText()));
        });
    }

    /** Replaces the group's members with those given; its name stays. */
    @PUT
    @Path("Groups/{id}")
    public Response replaceGroup(@PathParam("id") String id, String body) {
        return door.answer((caller, base) -> {
            caller.requireToChange(Permissions.MEMBERS_MANAGE);
            ScimGroups groups = groups(caller, base);
            OrganizationRole role = groups.group(id);
            applyMembers(caller, role, groups.replace(role, groups.read(ScimDoor.body(body))));
            return ok(groups.render(role, true));
        });
    }

    /** Adds and removes members; answers the group, without members if {@code excludedAttributes=members}. */
    @PATCH
    @Path("Groups/{id}")
    public Response patchGroup(@PathParam("id") String id, @QueryParam("excludedAttributes") String excludedAttributes,
                               String body) {
        return door.answer((caller, base) -> {
            caller.requireToChange(Permissions.MEMBERS_MANAGE);
            ScimGroups groups = groups(caller, base);
            OrganizationRole role = groups.group(id);
            applyMembers(caller, role, groups.patch(role, ScimDoor.body(body)));
            return ok(groups.render(role, withMembers(excludedAttributes)));
        });
    }

    /** Deletes the organization's own role; a template role (owner, admin, member) is refused with 409. */
    @DELETE
    @Path("Groups/{id}")
    public Response deleteGroup(@PathParam("id") String id) {
        return door.answer((caller, base) -> {
            caller.requireToChange(Permissions.MEMBERS_MANAGE);
            RoleEndpoints.deleteRole(caller, groups(caller, base).group(id).name());
            return new ScimDoor.ScimReply(204, null, null);
        });
    }

    /**
     * Grants and revokes the group's role through the members' role operations, each under the role guards (a token
     * neither grants nor revokes owner, nor a role with permissions beyond provisioning) and recorded as a change of the
     * member's roles; one refusal rolls the whole request back.
     */
    private static void applyMembers(OrganizationCaller caller, OrganizationRole role,
                                     ScimGroups.MemberChanges changes) {
        for (String userId : changes.removed()) {
            MemberEndpoints.removeRole(caller, caller.member(userId), role.name());
        }
        for (String userId : changes.added()) {
            MemberEndpoints.addRoles(caller, caller.member(userId), List.of(role.name()));
        }
    }

    /** Whether to answer groups with their members: not when {@code excludedAttributes} names them. */
    private static boolean withMembers(String excludedAttributes) {
        if (excludedAttributes == null) {
            return true;
        }
        for (String attribute : excludedAttributes.split(",")) {
            String name = attribute.strip().toLowerCase(Locale.ROOT);
            if (name.equals("members") || name.equals(ScimGroups.GROUP_SCHEMA.toLowerCase(Locale.ROOT) + ":members")) {
                return false;
            }
        }
        return true;
    }

    private ScimGroups groups(OrganizationCaller caller, String base) {
        return new ScimGroups(session, caller.organization(), base);
    }

    private ScimUsers users(OrganizationCaller caller, String base) {
        return new ScimUsers(session, caller.organization(), base, settings);
    }

    private static ScimDoor.ScimReply changed(OrganizationCaller caller, ScimUsers users, UserModel user,
                                              ScimUsers.AccountChange account) {
        ObjectNode result = users.render(user);
        caller.changed(OperationType.UPDATE, ResourceTypes.SCIM_USER, user.getId(), summary(result));
        accountChanged(caller, user, account);
        return ok(result);
    }

    /**
     * A request that flipped {@code active} is also recorded as the account control an organization admin uses for
     * it ({@code account.suspended}, {@code account.restored}: admin event, audit record, webhook event), so that a
     * suspension reads the same whether the portal or the directory made it. Only a real flip counts: sending
     * {@code active: false} for a suspended account records nothing more.
     */
    private static void accountChanged(OrganizationCaller caller, UserModel user, ScimUsers.AccountChange account) {
        switch (account) {
            case SUSPENDED -> caller.accountControlled(user, "suspend");
            case RESTORED -> caller.accountControlled(user, "restore");
            case NONE -> {
            }
        }
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
