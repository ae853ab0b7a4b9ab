package dev.keycloaktenancy.api.admin;

import dev.keycloaktenancy.InputText;
import dev.keycloaktenancy.TenancyException;
import dev.keycloaktenancy.api.InvitationInput;
import dev.keycloaktenancy.api.InvitationRepresentation;
import dev.keycloaktenancy.api.Invitations;
import dev.keycloaktenancy.api.JsonBody;
import dev.keycloaktenancy.api.MemberRolesRepresentation;
import dev.keycloaktenancy.api.RoleNamesInput;
import dev.keycloaktenancy.api.RoleRepresentation;
import dev.keycloaktenancy.api.SignInSettings;
import dev.keycloaktenancy.domains.DomainNameInput;
import dev.keycloaktenancy.domains.DomainRepresentation;
import dev.keycloaktenancy.domains.DomainVerification;
import dev.keycloaktenancy.domains.OrganizationDomains;
import dev.keycloaktenancy.roles.Actor;
import dev.keycloaktenancy.roles.HeldRoles;
import dev.keycloaktenancy.roles.OrganizationRole;
import dev.keycloaktenancy.roles.OrganizationRoles;
import dev.keycloaktenancy.roles.RoleInput;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import java.util.List;
import java.util.Map;

/**
 * {@code /admin/realms/{realm}/tenancy/organizations/{org}}: the organization's roles and its members' roles.
 * Reading needs view rights on the organization, changing needs manage rights; administrators act without the
 * member guards except the last-owner rule.
 */
public final class OrganizationAdminResource {

    static final String RESOURCE_MEMBER_ROLES = "TENANCY_MEMBER_ROLES";
    static final String RESOURCE_INVITATION = "TENANCY_INVITATION";
    static final String RESOURCE_DOMAIN = "TENANCY_DOMAIN";
    static final String RESOURCE_SIGN_IN = "TENANCY_SIGN_IN";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final OrganizationModel organization;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;
    private final OrganizationRoles roles;

    OrganizationAdminResource(KeycloakSession session, RealmModel realm, OrganizationModel organization,
                              AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.organization = organization;
        this.auth = auth;
        this.adminEvent = adminEvent;
        this.roles = new OrganizationRoles(session, realm);
    }

    // ---- roles -----------------------------------------------------------------------------------------------------

    @GET
    @Path("roles")
    @Produces(MediaType.APPLICATION_JSON)
    public List<RoleRepresentation> roles() {
        return RoleRepresentation.of(roles.rolesAvailableIn(organization));
    }

    @POST
    @Path("roles")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response createRole(String body) {
        auth.orgs().requireManage(organization);
        OrganizationRole role = roles.createOrganizationRole(organization,
                JsonBody.read(body, RoleInput.class, JsonBody.SMALL), Actor.administrator());
        RoleRepresentation representation = RoleRepresentation.of(role);
        event(OperationType.CREATE, TenancyAdminResource.RESOURCE_ROLE, representation);
        return Response.created(session.getContext().getUri().getAbsolutePathBuilder().path(role.name()).build())
                .entity(representation).build();
    }

    @GET
    @Path("roles/{name}")
    @Produces(MediaType.APPLICATION_JSON)
    public RoleRepresentation role(@PathParam("name") String name) {
        return RoleRepresentation.of(roles.roleIn(organization, name));
    }

    @PUT
    @Path("roles/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public RoleRepresentation updateRole(@PathParam("name") String name, String body) {
        auth.orgs().requireManage(organization);
        RoleRepresentation representation = RoleRepresentation.of(roles.updateOrganizationRole(organization, name,
                JsonBody.read(body, RoleInput.class, JsonBody.SMALL), Actor.administrator()));
        event(OperationType.UPDATE, TenancyAdminResource.RESOURCE_ROLE, representation);
        return representation;
    }

    @DELETE
    @Path("roles/{name}")
    public Response deleteRole(@PathParam("name") String name) {
        auth.orgs().requireManage(organization);
        roles.deleteOrganizationRole(organization, name, Actor.administrator());
        event(OperationType.DELETE, TenancyAdminResource.RESOURCE_ROLE, null);
        return Response.noContent().build();
    }

    // ---- members ---------------------------------------------------------------------------------------------------

    @GET
    @Path("members")
    @Produces(MediaType.APPLICATION_JSON)
    public List<MemberRolesRepresentation> members(@QueryParam("search") String search,
                                                   @QueryParam("exact") Boolean exact,
                                                   @QueryParam("first") String first,
                                                   @QueryParam("max") String max) {
        List<UserModel> page = session.getProvider(OrganizationProvider.class)
                .getMembersStream(organization, JsonBody.search(search), Boolean.TRUE.equals(exact), JsonBody.first(first),
                        JsonBody.max(max, 20, 100))
                .toList();
        Map<String, HeldRoles> rolesByUser = roles.rolesOfMembers(organization, page.stream().map(UserModel::getId).toList());
        return page.stream()
                .map(user -> MemberRolesRepresentation.of(user, rolesByUser.getOrDefault(user.getId(), HeldRoles.NONE)))
                .toList();
    }

    @GET
    @Path("members/{userId}/roles")
    @Produces(MediaType.APPLICATION_JSON)
    public MemberRolesRepresentation memberRoles(@PathParam("userId") String userId) {
        UserModel member = member(userId);
        return MemberRolesRepresentation.of(member, roles.rolesOf(organization, member));
    }

    @PUT
    @Path("members/{userId}/roles")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public MemberRolesRepresentation replaceMemberRoles(@PathParam("userId") String userId, String body) {
        auth.orgs().requireManage(organization);
        UserModel member = member(userId);
        RoleNamesInput input = JsonBody.read(body, RoleNamesInput.class, JsonBody.SMALL);
        MemberRolesRepresentation result = MemberRolesRepresentation.of(member,
                roles.replaceRoles(organization, member, input.roles(), Actor.administrator()));
        event(OperationType.UPDATE, RESOURCE_MEMBER_ROLES, result);
        return result;
    }

    @POST
    @Path("members/{userId}/roles")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public MemberRolesRepresentation addMemberRoles(@PathParam("userId") String userId, String body) {
        auth.orgs().requireManage(organization);
        UserModel member = member(userId);
        RoleNamesInput input = JsonBody.read(body, RoleNamesInput.class, JsonBody.SMALL);
        MemberRolesRepresentation result = MemberRolesRepresentation.of(member,
                roles.addRoles(organization, member, input.roles(), Actor.administrator()));
        event(OperationType.UPDATE, RESOURCE_MEMBER_ROLES, result);
        return result;
    }

    @DELETE
    @Path("members/{userId}/roles/{role}")
    @Produces(MediaType.APPLICATION_JSON)
    public MemberRolesRepresentation removeMemberRole(@PathParam("userId") String userId, @PathParam("role") String role) {
        auth.orgs().requireManage(organization);
        UserModel member = member(userId);
        MemberRolesRepresentation result = MemberRolesRepresentation.of(member,
                roles.removeRole(organization, member, role, Actor.administrator()));
        event(OperationType.UPDATE, RESOURCE_MEMBER_ROLES, result);
        return result;
    }

    // ---- invitations -----------------------------------------------------------------------------------------------

    /** Sends Keycloak's own invitation email and records the roles to grant on acceptance. */
    @POST
    @Path("invitations")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response invite(String body) {
        auth.orgs().requireManage(organization);
        InvitationInput input = JsonBody.read(body, InvitationInput.class, JsonBody.SMALL).validated();
        InvitationRepresentation result = invitations().send(input, roles.resolve(organization, input.roles()));
        event(OperationType.CREATE, RESOURCE_INVITATION, result);
        return Response.created(session.getContext().getUri().getAbsolutePathBuilder().path(result.id()).build())
                .entity(result).build();
    }

    @GET
    @Path("invitations")
    @Produces(MediaType.APPLICATION_JSON)
    public List<InvitationRepresentation> invitationList(@QueryParam("first") String first, @QueryParam("max") String max) {
        return invitations().list(JsonBody.first(first), JsonBody.max(max, 20, 100));
    }

    @POST
    @Path("invitations/{id}/resend")
    @Produces(MediaType.APPLICATION_JSON)
    public InvitationRepresentation resendInvitation(@PathParam("id") String id) {
        auth.orgs().requireManage(organization);
        InvitationRepresentation result = invitations().resend(id);
        event(OperationType.ACTION, RESOURCE_INVITATION, result);
        return result;
    }

    @DELETE
    @Path("invitations/{id}")
    public Response revokeInvitation(@PathParam("id") String id) {
        auth.orgs().requireManage(organization);
        invitations().revoke(id);
        event(OperationType.DELETE, RESOURCE_INVITATION, null);
        return Response.noContent().build();
    }

    // ---- sign-in settings ------------------------------------------------------------------------------------------

    @GET
    @Path("sign-in")
    @Produces(MediaType.APPLICATION_JSON)
    public SignInSettings signInSettings() {
        return SignInSettings.of(organization);
    }

    @PUT
    @Path("sign-in")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public SignInSettings updateSignInSettings(String body) {
        auth.orgs().requireManage(organization);
        SignInSettings settings = SignInSettings.update(organization, JsonBody.read(body, SignInSettings.Input.class, JsonBody.SMALL));
        event(OperationType.UPDATE, RESOURCE_SIGN_IN, settings);
        return settings;
    }

    // ---- domains ---------------------------------------------------------------------------------------------------

    @GET
    @Path("domains")
    @Produces(MediaType.APPLICATION_JSON)
    public List<DomainRepresentation> domains() {
        return domainsOf().list();
    }

    @POST
    @Path("domains")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response claimDomain(String body) {
        auth.orgs().requireManage(organization);
        DomainRepresentation domain = domainsOf().claim(JsonBody.read(body, DomainNameInput.class, JsonBody.SMALL).name());
        event(OperationType.CREATE, RESOURCE_DOMAIN, domain);
        return Response.created(session.getContext().getUri().getAbsolutePathBuilder().path(domain.name()).build())
                .entity(domain).build();
    }

    @POST
    @Path("domains/{name}/verify")
    @Produces(MediaType.APPLICATION_JSON)
    public DomainRepresentation verifyDomain(@PathParam("name") String name) {
        auth.orgs().requireManage(organization);
        return DomainVerification.verify(session, organization, name, (in, verified, domain) ->
                new AdminEventBuilder(in.getContext().getRealm(), auth.adminAuth(), in, session.getContext().getConnection())
                        .operation(OperationType.ACTION).resource(RESOURCE_DOMAIN)
                        .resourcePath(session.getContext().getUri()).representation(domain).success());
    }

    @DELETE
    @Path("domains/{name}")
    public Response removeDomain(@PathParam("name") String name) {
        auth.orgs().requireManage(organization);
        domainsOf().remove(name);
        event(OperationType.DELETE, RESOURCE_DOMAIN, null);
        return Response.noContent().build();
    }

    private OrganizationDomains domainsOf() {
        return new OrganizationDomains(session, organization);
    }

    private Invitations invitations() {
        return new Invitations(session, realm, organization);
    }

    private UserModel member(String userId) {
        UserModel user = InputText.isSafeKey(userId) ? session.users().getUserById(realm, userId) : null;
        if (user == null || !organization.isMember(user)) {
            throw TenancyException.notFound("Organization " + organization.getAlias() + " has no member with id '"
                    + userId + "'.");
        }
        return user;
    }

    private void event(OperationType operation, String resource, Object representation) {
        adminEvent.operation(operation).resource(resource).resourcePath(session.getContext().getUri())
                .representation(representation).success();
    }
}
