package dev.keycloaktenancy.api.selfservice;

import dev.keycloaktenancy.Branding;
import dev.keycloaktenancy.OrganizationSettings;
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
import dev.keycloaktenancy.portal.PortalResource;
import dev.keycloaktenancy.roles.HeldRoles;
import dev.keycloaktenancy.roles.OrganizationRoles;
import dev.keycloaktenancy.roles.OrganizationRole;
import dev.keycloaktenancy.roles.Permissions;
import dev.keycloaktenancy.roles.RoleInput;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.OPTIONS;
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
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import java.net.URI;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /realms/{realm}/tenancy}: members administer their own organization with their own access token. Each
 * operation states the built-in permission it needs; permissions come from the caller's roles in the database.
 * Requests bodies are read as text so that bad input always gets a JSON 400 (see {@link JsonBody}).
 */
@Produces(MediaType.APPLICATION_JSON)
public final class SelfServiceResource {

    static final String RESOURCE_ORGANIZATION = "TENANCY_ORGANIZATION";
    static final String RESOURCE_SIGN_IN = "TENANCY_SIGN_IN";
    static final String RESOURCE_MEMBER = "TENANCY_MEMBER";
    static final String RESOURCE_MEMBER_ROLES = "TENANCY_MEMBER_ROLES";
    static final String RESOURCE_ROLE = "TENANCY_ROLE";
    static final String RESOURCE_INVITATION = "TENANCY_INVITATION";
    static final String RESOURCE_DOMAIN = "TENANCY_DOMAIN";

    private final KeycloakSession session;

    SelfServiceResource(KeycloakSession session) {
        this.session = session;
    }

    @OPTIONS
    @Path("{any:.*}")
    public Response preflight() {
        return Caller.preflight();
    }

    // ---- the caller ------------------------------------------------------------------------------------------------

    /**
     * The enabled organizations the caller belongs to; with {@code administered=true}, instead the organizations the
     * caller administers through Keycloak's own permissions (searched and paged, disabled ones included).
     */
    @GET
    @Path("me/organizations")
    public Response myOrganizations(@QueryParam("administered") boolean administered, @QueryParam("search") String search,
                                    @QueryParam("first") String first, @QueryParam("max") String max) {
        return Caller.answer(session, caller -> {
            OrganizationProvider provider = session.getProvider(OrganizationProvider.class);
            AdminPermissionEvaluator permissions = caller.adminPermissions();
            Map<String, HeldRoles> roles = new OrganizationRoles(session, caller.realm()).rolesOfUser(caller.user());
            List<OrganizationModel> organizations = administered
                    ? administered(provider, permissions, caller, JsonBody.search(search), JsonBody.first(first),
                            JsonBody.max(max, 20, 100))
                    : provider.getByMember(caller.user()).filter(OrganizationModel::isEnabled).toList();
            return Reply.ok(organizations.stream()
                    .map(o -> MyOrganization.of(o, roles.getOrDefault(o.getId(), HeldRoles.NONE),
                            administered || permissions.orgs().canManage(o)))
                    .sorted(Comparator.comparing(MyOrganization::alias)).toList());
        });
    }

    /**
     * Who may manage every organization is answered by one page of the database; only fine-grained admin permissions,
     * which are per organization, make the realm's organizations be read and checked one by one.
     */
    private static List<OrganizationModel> administered(OrganizationProvider provider, AdminPermissionEvaluator permissions,
                                                        Caller caller, String search, int first, int max) {
        if (permissions.orgs().canManage()) {
            return provider.getAllStream(search, false, first, max).toList();
        }
        if (!caller.realm().isAdminPermissionsEnabled()) {
            return List.of();
        }
        return provider.getAllStream(search, false, null, null).filter(o -> permissions.orgs().canManage(o))
                .skip(first).limit(max).toList();
    }

    // ---- profile and branding --------------------------------------------------------------------------------------

    @GET
    @Path("organizations/{org}")
    public Response organization(@PathParam("org") String org) {
        return Caller.answer(session, caller -> Reply.ok(OrganizationView.of(Membership.of(session, caller, org).organization())));
    }

    @PUT
    @Path("organizations/{org}")
    public Response updateOrganization(@PathParam("org") String org, String body) {
        return Caller.answer(session, caller -> {
            OrganizationModel organization = Membership.of(session, caller, org).require(Permissions.PROFILE_MANAGE).organization();
            ProfileInput input = JsonBody.read(body, ProfileInput.class, JsonBody.SMALL).validated();
            if (input.name() != null && !input.name().equals(organization.getName())) {
                OrganizationNames.requireOwnName(session, organization, input.name());
                rename(organization, input.name());
            }
            if (input.description() != null) {
                organization.setDescription(input.description().isEmpty() ? null : input.description());
            }
            Map<String, List<String>> attributes = organization.getAttributes();
            if (input.branding() != null) {
                String displayName = input.branding().displayName();
                if (displayName != null && !displayName.isEmpty()) {
                    OrganizationNames.requireOwnName(session, organization, displayName);
                }
                attributes = applyBranding(organization, input.branding());
            }
            OrganizationView view = OrganizationView.of(organization, attributes);
            caller.event(OperationType.UPDATE, RESOURCE_ORGANIZATION, organization, view);
            return Reply.ok(view);
        });
    }

    // ---- sign-in settings ------------------------------------------------------------------------------------------

    @GET
    @Path("organizations/{org}/sign-in")
    public Response signInSettings(@PathParam("org") String org) {
        return Caller.answer(session, caller -> Reply.ok(SignInSettings.of(
                Membership.of(session, caller, org).require(Permissions.SSO_MANAGE).organization())));
    }

    /** Turns SSO enforcement and joining by email domain on or off; both only ever reach the verified domains. */
    @PUT
    @Path("organizations/{org}/sign-in")
    public Response updateSignInSettings(@PathParam("org") String org, String body) {
        return Caller.answer(session, caller -> {
            OrganizationModel organization = Membership.of(session, caller, org).require(Permissions.SSO_MANAGE).organization();
            SignInSettings settings = SignInSettings.update(organization,
                    JsonBody.read(body, SignInSettings.Input.class, JsonBody.SMALL));
            caller.event(OperationType.UPDATE, RESOURCE_SIGN_IN, organization, settings);
            return Reply.ok(settings);
        });
    }

    /** Members and pending invitations against the organization's member limit, for whoever may see its members. */
    @GET
    @Path("organizations/{org}/usage")
    public Response usage(@PathParam("org") String org) {
        return Caller.answer(session, caller -> {
            Membership membership = Membership.of(session, caller, org).require(Permissions.MEMBERS_READ);
            OrganizationModel organization = membership.organization();
            return Reply.ok(new OrganizationUsage(
                    session.getProvider(OrganizationProvider.class).getMembersCount(organization),
                    OrganizationSettings.of(organization).maxMembers(),
                    invitationsOf(caller, membership).pendingCount()));
        });
    }

    // ---- the portal ------------------------------------------------------------------------------------------------

    /** The organization admin portal's page and scripts, which call this API from the browser. */
    @Path("portal")
    public PortalResource portal() {
        return new PortalResource(session);
    }

    // ---- members ---------------------------------------------------------------------------------------------------

    @GET
    @Path("organizations/{org}/members")
    public Response members(@PathParam("org") String org, @QueryParam("search") String search,
                            @QueryParam("first") String first, @QueryParam("max") String max) {
        return Caller.answer(session, caller -> {
            Membership membership = Membership.of(session, caller, org).require(Permissions.MEMBERS_READ);
            List<UserModel> page = session.getProvider(OrganizationProvider.class)
                    .getMembersStream(membership.organization(), JsonBody.search(search), false, JsonBody.first(first),
                            JsonBody.max(max, 20, 100))
                    .toList();
            Map<String, HeldRoles> roles = membership.roles().rolesOfMembers(membership.organization(),
                    page.stream().map(UserModel::getId).toList());
            return Reply.ok(page.stream()
                    .map(u -> MemberRolesRepresentation.of(u, roles.getOrDefault(u.getId(), HeldRoles.NONE))).toList());
        });
    }

    /**
     * Removes a member. A member the organization manages (created through its identity provider or by registering
     * through its invitation) is deleted, as in Keycloak, so such an account that another organization also holds
     * is refused: only a realm administrator may delete it. The caller must be able to revoke each of the member's
     * roles, and the last owner stays.
     */
    @DELETE
    @Path("organizations/{org}/members/{userId}")
    public Response removeMember(@PathParam("org") String org, @PathParam("userId") String userId) {
        return Caller.answer(session, caller -> {
            Membership membership = Membership.of(session, caller, org).require(Permissions.MEMBERS_MANAGE);
            OrganizationModel organization = membership.organization();
            UserModel member = membership.member(session, userId);
            membership.roles().guardMemberRemoval(organization, member, membership.actor());
            OrganizationProvider organizations = session.getProvider(OrganizationProvider.class);
            if (organizations.isManagedMember(organization, member) && !caller.administersUsers()
                    && organizations.getByMember(member).anyMatch(other -> !other.getId().equals(organization.getId()))) {
                throw TenancyException.conflict("This account was created through " + organization.getName()
                        + ", so removing it from the organization would delete it, but another organization also"
                        + " counts it as a member. Ask a realm administrator.");
            }
            organizations.removeMember(organization, member);
            caller.event(OperationType.DELETE, RESOURCE_MEMBER, organization, Map.of("id", member.getId()));
            return Reply.noContent();
        });
    }

    @GET
    @Path("organizations/{org}/members/{userId}/roles")
    public Response memberRoles(@PathParam("org") String org, @PathParam("userId") String userId) {
        return Caller.answer(session, caller -> {
            Membership membership = Membership.of(session, caller, org).require(Permissions.MEMBERS_READ);
            UserModel member = membership.member(session, userId);
            return Reply.ok(MemberRolesRepresentation.of(member, membership.roles().rolesOf(membership.organization(), member)));
        });
    }

    @PUT
    @Path("organizations/{org}/members/{userId}/roles")
    public Response replaceMemberRoles(@PathParam("org") String org, @PathParam("userId") String userId, String body) {
        return Caller.answer(session, caller -> {
            Membership membership = Membership.of(session, caller, org).require(Permissions.MEMBERS_MANAGE);
            UserModel member = membership.member(session, userId);
            RoleNamesInput input = JsonBody.read(body, RoleNamesInput.class, JsonBody.SMALL);
            MemberRolesRepresentation result = MemberRolesRepresentation.of(member, membership.roles()
                    .replaceRoles(membership.organization(), member, input.roles(), membership.actor()));
            caller.event(OperationType.UPDATE, RESOURCE_MEMBER_ROLES, membership.organization(), result);
            return Reply.ok(result);
        });
    }

    // ---- roles -----------------------------------------------------------------------------------------------------

    @GET
    @Path("organizations/{org}/roles")
    public Response roles(@PathParam("org") String org) {
        return Caller.answer(session, caller -> {
            Membership membership = Membership.of(session, caller, org).require(Permissions.MEMBERS_READ);
            return Reply.ok(RoleRepresentation.of(membership.roles().rolesAvailableIn(membership.organization()),
                    membership.actor()));
        });
    }

    @POST
    @Path("organizations/{org}/roles")
    public Response createRole(@PathParam("org") String org, String body) {
        return Caller.answer(session, caller -> {
            Membership membership = Membership.of(session, caller, org).require(Permissions.ROLES_MANAGE);
            RoleRepresentation role = RoleRepresentation.of(membership.roles().createOrganizationRole(
                    membership.organization(), JsonBody.read(body, RoleInput.class, JsonBody.SMALL), membership.actor()));
            caller.event(OperationType.CREATE, RESOURCE_ROLE, membership.organization(), role);
            return Reply.created(child(role.name()), role);
        });
    }

    @PUT
    @Path("organizations/{org}/roles/{name}")
    public Response updateRole(@PathParam("org") String org, @PathParam("name") String name, String body) {
        return Caller.answer(session, caller -> {
            Membership membership = Membership.of(session, caller, org).require(Permissions.ROLES_MANAGE);
            RoleRepresentation role = RoleRepresentation.of(membership.roles().updateOrganizationRole(
                    membership.organization(), name, JsonBody.read(body, RoleInput.class, JsonBody.SMALL), membership.actor()));
            caller.event(OperationType.UPDATE, RESOURCE_ROLE, membership.organization(), role);
            return Reply.ok(role);
        });
    }

    @DELETE
    @Path("organizations/{org}/roles/{name}")
    public Response deleteRole(@PathParam("org") String org, @PathParam("name") String name) {
        return Caller.answer(session, caller -> {
            Membership membership = Membership.of(session, caller, org).require(Permissions.ROLES_MANAGE);
            membership.roles().deleteOrganizationRole(membership.organization(), name, membership.actor());
            caller.event(OperationType.DELETE, RESOURCE_ROLE, membership.organization(), Map.of("name", name));
            return Reply.noContent();
        });
    }

    // ---- invitations -----------------------------------------------------------------------------------------------

    @GET
    @Path("organizations/{org}/invitations")
    public Response invitations(@PathParam("org") String org, @QueryParam("first") String first,
                                @QueryParam("max") String max) {
        return Caller.answer(session, caller -> {
            Membership membership = Membership.of(session, caller, org).require(Permissions.INVITATIONS_MANAGE);
            return Reply.ok(invitationsOf(caller, membership).list(JsonBody.first(first), JsonBody.max(max, 20, 100)));
        });
    }

    /** Invites by email; the caller can only promise roles they could grant themselves. */
    @POST
    @Path("organizations/{org}/invitations")
    public Response invite(@PathParam("org") String org, String body) {
        return Caller.answer(session, caller -> {
            Membership membership = Membership.of(session, caller, org).require(Permissions.INVITATIONS_MANAGE);
            InvitationInput input = JsonBody.read(body, InvitationInput.class, JsonBody.SMALL).validated();
            var promised = membership.roles().resolve(membership.organization(), input.roles());
            for (OrganizationRole role : promised) {
                if (!membership.actor().mayGrantOrRevoke(role)) {
                    throw TenancyException.forbidden("You cannot invite with role '" + role.name()
                            + "': you could not grant it yourself.");
                }
            }
            InvitationRepresentation invitation = invitationsOf(caller, membership).send(input, promised);
            caller.event(OperationType.CREATE, RESOURCE_INVITATION, membership.organization(), invitation);
            return Reply.created(child(invitation.id()), invitation);
        });
    }

    @POST
    @Path("organizations/{org}/invitations/{id}/resend")
    public Response resendInvitation(@PathParam("org") String org, @PathParam("id") String id) {
        return Caller.answer(session, caller -> {
            Membership membership = Membership.of(session, caller, org).require(Permissions.INVITATIONS_MANAGE);
            InvitationRepresentation invitation = invitationsOf(caller, membership).resend(id);
            caller.event(OperationType.ACTION, RESOURCE_INVITATION, membership.organization(), invitation);
            return Reply.ok(invitation);
        });
    }

    @DELETE
    @Path("organizations/{org}/invitations/{id}")
    public Response revokeInvitation(@PathParam("org") String org, @PathParam("id") String id) {
        return Caller.answer(session, caller -> {
            Membership membership = Membership.of(session, caller, org).require(Permissions.INVITATIONS_MANAGE);
            invitationsOf(caller, membership).revoke(id);
            caller.event(OperationType.DELETE, RESOURCE_INVITATION, membership.organization(), Map.of("id", id));
            return Reply.noContent();
        });
    }

    // ---- domains ---------------------------------------------------------------------------------------------------

    @GET
    @Path("organizations/{org}/domains")
    public Response domains(@PathParam("org") String org) {
        return Caller.answer(session, caller -> Reply.ok(domainsOf(
                Membership.of(session, caller, org).require(Permissions.DOMAINS_MANAGE)).list()));
    }

    /** Claims a domain: it is added unverified, with the TXT record that will prove control of it. */
    @POST
    @Path("organizations/{org}/domains")
    public Response claimDomain(@PathParam("org") String org, String body) {
        return Caller.answer(session, caller -> {
            Membership membership = Membership.of(session, caller, org).require(Permissions.DOMAINS_MANAGE);
            DomainRepresentation domain = domainsOf(membership)
                    .claim(JsonBody.read(body, DomainNameInput.class, JsonBody.SMALL).name());
            caller.event(OperationType.CREATE, RESOURCE_DOMAIN, membership.organization(), domain);
            return Reply.created(child(domain.name()), domain);
        });
    }

    @POST
    @Path("organizations/{org}/domains/{name}/verify")
    public Response verifyDomain(@PathParam("org") String org, @PathParam("name") String name) {
        return Caller.answer(session, caller -> {
            Membership membership = Membership.of(session, caller, org).require(Permissions.DOMAINS_MANAGE);
            return Reply.ok(DomainVerification.verify(session, membership.organization(), name,
                    (in, organization, domain) -> caller.event(in, OperationType.ACTION, RESOURCE_DOMAIN, organization, domain)));
        });
    }

    @DELETE
    @Path("organizations/{org}/domains/{name}")
    public Response removeDomain(@PathParam("org") String org, @PathParam("name") String name) {
        return Caller.answer(session, caller -> {
            Membership membership = Membership.of(session, caller, org).require(Permissions.DOMAINS_MANAGE);
            domainsOf(membership).remove(name);
            caller.event(OperationType.DELETE, RESOURCE_DOMAIN, membership.organization(), Map.of("name", name));
            return Reply.noContent();
        });
    }

    private OrganizationDomains domainsOf(Membership membership) {
        return new OrganizationDomains(session, membership.organization());
    }

    private Invitations invitationsOf(Caller caller, Membership membership) {
        return new Invitations(session, caller.realm(), membership.organization());
    }

    private void rename(OrganizationModel organization, String name) {
        try {
            organization.setName(name);
        } catch (ModelDuplicateException e) {
            throw TenancyException.conflict("Another organization is already named '" + name + "'.");
        }
    }

    /** Sets the branding values given (an empty value removes one); returns the attributes as they are now. */
    private static Map<String, List<String>> applyBranding(OrganizationModel organization, Branding branding) {
        Map<String, List<String>> attributes = new HashMap<>(organization.getAttributes());
        branding.byAttribute().forEach((key, value) -> {
            if (value == null) {
                return;
            }
            if (value.isEmpty()) {
                attributes.remove(key);
            } else {
                attributes.put(key, List.of(value));
            }
        });
        organization.setAttributes(attributes);
        return attributes;
    }

    private URI child(String segment) {
        return session.getContext().getUri().getAbsolutePathBuilder().path(segment).build();
    }
}
