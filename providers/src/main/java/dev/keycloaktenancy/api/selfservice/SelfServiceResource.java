package dev.keycloaktenancy.api.selfservice;

import dev.keycloaktenancy.api.JsonBody;
import dev.keycloaktenancy.api.Reply;
import dev.keycloaktenancy.api.organization.JoinRequestEndpoints;
import dev.keycloaktenancy.api.organization.OrganizationEndpoints;
import dev.keycloaktenancy.api.organization.SelfServeOrganizations;
import dev.keycloaktenancy.api.scim.ScimEndpoints;
import dev.keycloaktenancy.jit.JoinRequests;
import dev.keycloaktenancy.keycloak.AdminAccess;
import dev.keycloaktenancy.portal.PortalResource;
import dev.keycloaktenancy.roles.HeldRoles;
import dev.keycloaktenancy.roles.RoleAssignments;
import dev.keycloaktenancy.scim.ScimSettings;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.organization.OrganizationProvider;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@code /realms/{realm}/tenancy}: members administer their own organization with their own access token. The
 * operations on one organization are the same as the admin API's ({@link OrganizationEndpoints}), entered through
 * the {@link SelfServiceDoor}; this resource adds what only a member asks: their own organizations, and the portal.
 */
@Produces(MediaType.APPLICATION_JSON)
public final class SelfServiceResource {

    private final KeycloakSession session;
    private final ScimSettings scimSettings;

    SelfServiceResource(KeycloakSession session, ScimSettings scimSettings) {
        this.session = session;
        this.scimSettings = scimSettings;
    }

    @OPTIONS
    @Path("{any:.*}")
    public Response preflight() {
        return Caller.preflight();
    }

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
            AdminAccess admin = caller.adminAccess();
            Map<String, HeldRoles> roles = new RoleAssignments(session, caller.realm()).rolesOfUser(caller.user());
            List<OrganizationModel> organizations = administered
                    ? administered(provider, admin, JsonBody.search(search), JsonBody.first(first),
                            JsonBody.max(max, 20, 100))
                    : provider.getByMember(caller.user()).filter(OrganizationModel::isEnabled).toList();
            return Reply.ok(organizations.stream()
                    .map(o -> MyOrganization.of(o, roles.getOrDefault(o.getId(), HeldRoles.NONE),
                            administered || admin.mayManage(o)))
                    .sorted(Comparator.comparing(MyOrganization::alias)).toList());
        });
    }

    /**
     * Who may manage every organization is answered by one page of the database; only fine-grained admin permissions,
     * which are per organization, make the realm's organizations be read and checked one by one, and only for a caller
     * who may see organizations at all (a plain member cannot make the server check every organization).
     */
    private static List<OrganizationModel> administered(OrganizationProvider provider, AdminAccess admin, String search,
                                                        int first, int max) {
        if (admin.mayManageAllOrganizations()) {
            return provider.getAllStream(search, false, first, max).toList();
        }
        if (!admin.perOrganizationPermissions() || !admin.mayQueryOrganizations()) {
            return List.of();
        }
        return provider.getAllStream(search, false, null, null).filter(admin::mayManage)
                .skip(first).limit(max).toList();
    }

    /** Creates an organization, where the realm allows it, with the caller as its owner. */
    @POST
    @Path("organizations")
    public Response createOrganization(String body) {
        return Caller.answer(session, caller -> {
            OrganizationModel created = SelfServeOrganizations.create(session, caller.user(), body);
            return SelfServeOrganizations.created(Membership.of(session, caller, created.getId()));
        });
    }

    /** Whether the caller may create an organization now, and if not why, for pages that offer it. */
    @GET
    @Path("me/organization-creation")
    public Response organizationCreation() {
        return Caller.answer(session, caller -> Reply.ok(SelfServeOrganizations.creation(session, caller.user())));
    }

    /** The caller leaves one of their organizations. */
    @DELETE
    @Path("me/organizations/{org}")
    public Response leave(@PathParam("org") String org) {
        return Caller.answer(session, caller -> SelfServeOrganizations.leave(Membership.of(session, caller, org),
                caller.user()));
    }

    /** The organizations the caller may ask to join: at most the one their verified email's verified domain designates. */
    @GET
    @Path("me/suggestions")
    public Response suggestions() {
        return Caller.answer(session, caller -> Reply.ok(new JoinRequests(session, caller.realm())
                .suggestions(caller.user())));
    }

    /** The caller's join requests and their outcome, newest first. */
    @GET
    @Path("me/join-requests")
    public Response myJoinRequests() {
        return Caller.answer(session, caller -> Reply.ok(new JoinRequests(session, caller.realm())
                .ofUser(caller.user())));
    }

    /**
     * Asking to join an organization the caller does not belong to. Declared here because the organization's own
     * resources admit members only; the list for its admins is the door's, like every operation of the organization.
     */
    @POST
    @Path("organizations/{org}/join-requests")
    public Response askToJoin(@PathParam("org") String org) {
        return Caller.answer(session, caller -> JoinRequestEndpoints.ask(session, caller.user(), org,
                organization -> Membership.stranger(session, caller, organization)));
    }

    @GET
    @Path("organizations/{org}/join-requests")
    public Response joinRequests(@PathParam("org") String org) {
        return organization(org).joinRequests().list();
    }

    /** One of the caller's organizations: the same operations as the admin API, with the caller's roles there. */
    @Path("organizations/{org}")
    public OrganizationEndpoints organization(@PathParam("org") String org) {
        return new OrganizationEndpoints(new SelfServiceDoor(session, org));
    }

    /** The organization's SCIM 2.0 endpoint for its directory, authenticated by the organization's SCIM tokens. */
    @Path("scim/v2/{org}")
    public ScimEndpoints scim(@PathParam("org") String org) {
        return new ScimEndpoints(session, org, scimSettings);
    }

    /** The organization admin portal's page and scripts, which call this API from the browser. */
    @Path("portal")
    public PortalResource portal() {
        return new PortalResource(session);
    }
}
