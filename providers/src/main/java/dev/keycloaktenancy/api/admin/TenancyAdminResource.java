package dev.keycloaktenancy.api.admin;

import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.TenancyException;
import dev.keycloaktenancy.InputText;
import dev.keycloaktenancy.api.JsonBody;
import dev.keycloaktenancy.audit.AuditEntry;
import dev.keycloaktenancy.audit.AuditLog;
import dev.keycloaktenancy.audit.AuditQuery;
import dev.keycloaktenancy.api.organization.OrganizationEndpoints;
import dev.keycloaktenancy.api.organization.RoleRepresentation;
import dev.keycloaktenancy.keycloak.AdminAccess;
import dev.keycloaktenancy.keycloak.AdminEvents;
import dev.keycloaktenancy.keycloak.DomainTable;
import dev.keycloaktenancy.keycloak.OrganizationNameKeys;
import dev.keycloaktenancy.platform.ProvisionerRole;
import dev.keycloaktenancy.platform.TenantTemplates;
import dev.keycloaktenancy.roles.OrganizationRole;
import dev.keycloaktenancy.roles.RoleCleanup;
import dev.keycloaktenancy.roles.RoleDefinitions;
import dev.keycloaktenancy.roles.RoleInput;
import dev.keycloaktenancy.roles.transfer.TenancyData;
import dev.keycloaktenancy.roles.transfer.TenancyTransfer;
import dev.keycloaktenancy.webhooks.Webhooks;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.Config;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionTaskWithResult;
import org.keycloak.models.utils.KeycloakModelUtils;
import dev.keycloaktenancy.keycloak.RowLocks;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /admin/realms/{realm}/tenancy}: enabling tenancy, the role template, export and import, and (below
 * {@code organizations/{org}}) organization roles and member roles. Keycloak's own admin permissions decide:
 * realm management for realm-wide changes, organization management (also when delegated to one organization)
 * for organization changes. In the master realm, {@code tenants} provisions tenant realms.
 */
public final class TenancyAdminResource {

    static final String RESOURCE_TENANCY = "TENANCY";
    static final String RESOURCE_ROLE = "TENANCY_ROLE";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminAccess admin;
    private final TenantTemplates tenantTemplates;
    private final RealmSetup realmSetup;

    public TenancyAdminResource(KeycloakSession session, RealmModel realm, AdminAccess admin,
                                TenantTemplates tenantTemplates, RealmSetup realmSetup) {
        this.session = session;
        this.realm = realm;
        this.admin = admin;
        this.tenantTemplates = tenantTemplates;
        this.realmSetup = realmSetup;
    }

    /** Enables tenancy (idempotent); answers what it set up. */
    @POST
    @Path("enable")
    @Produces(MediaType.APPLICATION_JSON)
    public Object enable() {
        admin.requireManageRealm();
        boolean alreadyEnabled = Tenancy.isEnabled(realm);
        Object outcome = realmSetup.enable(session, realm);
        event(alreadyEnabled ? OperationType.UPDATE : OperationType.CREATE, RESOURCE_TENANCY, outcome);
        return outcome;
    }

    @GET
    @Path("status")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> status() {
        admin.requireViewOrganizations();
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("enabled", Tenancy.isEnabled(realm));
        status.put("organizationsEnabled", realm.isOrganizationsEnabled());
        status.put("templateRoles", roles().templateRoles().stream().map(OrganizationRole::name).toList());
        return status;
    }

    /**
     * Row counts of the pack's tables for this realm, rows left behind by removed users or organizations (which should
     * always be 0), the organizations nobody owns, and domain names that two organizations hold (claims that raced
     * before claims were serialized; such a name designates nobody until a realm administrator removes one). On the
     * master realm it also counts rows of removed realms.
     */
    @GET
    @Path("diagnostics")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> diagnostics() {
        admin.requireViewRealm();
        Map<String, Object> diagnostics = RoleCleanup.diagnostics(session, realm);
        diagnostics.put("duplicateDomains", DomainTable.of(session).duplicateNames(realm.getId()));
        OrganizationNameKeys nameKeys = OrganizationNameKeys.of(session);
        diagnostics.put("orphanNameKeys", nameKeys.orphans(realm.getId()));
        if (Config.getAdminRealm().equals(realm.getName())) {
            diagnostics.put("rowsOfRemovedRealms", RoleCleanup.rowsOfRemovedRealms(session)
                    + nameKeys.rowsOfRemovedRealms());
        }
        return diagnostics;
    }

    // ---- audit log -------------------------------------------------------------------------------------------------

    /**
     * Every organization's audit records (or one organization's, by id or alias), newest first, a page at a time.
     * Records of removed organizations stay until the retention purges them.
     */
    @GET
    @Path("audit")
    @Produces(MediaType.APPLICATION_JSON)
    public List<AuditEntry> audit(@QueryParam("organization") String organization, @QueryParam("first") String first,
                                  @QueryParam("max") String max, @QueryParam("action") String action,
                                  @QueryParam("actor") String actor, @QueryParam("from") String from,
                                  @QueryParam("to") String to) {
        admin.requireViewRealm();
        admin.requireViewOrganizations();
        AuditQuery query = AuditQuery.of(JsonBody.first(first),
                JsonBody.max(max, AuditQuery.DEFAULT_MAX, AuditQuery.MAX_MAX), action, actor, from, to);
        String organizationId = null;
        if (organization != null && !organization.isEmpty()) {
            OrganizationModel found = realm.isOrganizationsEnabled()
                    ? Tenancy.findOrganization(session, organization) : null;
            // A removed organization is named by its id, which stays in its records.
            organizationId = found != null ? found.getId() : InputText.isSafeKey(organization) ? organization : "";
        }
        return new AuditLog(session).page(realm.getId(), organizationId, query);
    }

    // ---- role template ---------------------------------------------------------------------------------------------

    @GET
    @Path("roles")
    @Produces(MediaType.APPLICATION_JSON)
    public List<RoleRepresentation> templateRoles() {
        admin.requireViewOrganizations();
        return RoleRepresentation.of(roles().templateRoles());
    }

    @POST
    @Path("roles")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response createTemplateRole(String body) {
        admin.requireManageOrganizations();
        OrganizationRole role = roles().createTemplateRole(JsonBody.read(body, RoleInput.class, JsonBody.SMALL));
        RoleRepresentation representation = RoleRepresentation.of(role);
        event(OperationType.CREATE, RESOURCE_ROLE, representation);
        return Response.created(session.getContext().getUri().getAbsolutePathBuilder().path(role.name()).build())
                .entity(representation).build();
    }

    @GET
    @Path("roles/{name}")
    @Produces(MediaType.APPLICATION_JSON)
    public RoleRepresentation templateRole(@PathParam("name") String name) {
        admin.requireViewOrganizations();
        return RoleRepresentation.of(roles().templateRole(name));
    }

    /** Replaces a template role: description, permissions and default must all be given. */
    @PUT
    @Path("roles/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public RoleRepresentation replaceTemplateRole(@PathParam("name") String name, String body) {
        admin.requireManageOrganizations();
        roles().templateRole(name);
        return templateRoleChanged(name, JsonBody.readWhole(body, RoleInput.class, JsonBody.SMALL, RoleInput.FIELDS));
    }

    /** Changes the fields of a template role given; the others stay. */
    @PATCH
    @Path("roles/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public RoleRepresentation changeTemplateRole(@PathParam("name") String name, String body) {
        admin.requireManageOrganizations();
        OrganizationRole existing = roles().templateRole(name);
        RoleInput input = JsonBody.read(body, RoleInput.class, JsonBody.SMALL);
        return templateRoleChanged(name, input.over(existing, JsonBody.fieldsOf(body)));
    }

    private RoleRepresentation templateRoleChanged(String name, RoleInput input) {
        RoleRepresentation representation = RoleRepresentation.of(roles().updateTemplateRole(name, input));
        event(OperationType.UPDATE, RESOURCE_ROLE, representation);
        return representation;
    }

    @DELETE
    @Path("roles/{name}")
    public Response deleteTemplateRole(@PathParam("name") String name) {
        admin.requireManageOrganizations();
        roles().deleteTemplateRole(name);
        event(OperationType.DELETE, RESOURCE_ROLE, null);
        return Response.noContent().build();
    }

    // ---- export / import -------------------------------------------------------------------------------------------

    @GET
    @Path("export")
    @Produces(MediaType.APPLICATION_JSON)
    public TenancyData export() {
        admin.requireViewRealm();
        admin.requireViewOrganizations();
        return new TenancyTransfer(session, realm, new SecurityPolicies(session)).export();
    }

    @POST
    @Path("import")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public TenancyTransfer.Summary importData(String body) {
        admin.requireManageRealm();
        TenancyTransfer.Summary summary = new TenancyTransfer(session, realm, new SecurityPolicies(session),
                new DocumentWebhooks(session, realm)).importData(document(body));
        event(OperationType.CREATE, RESOURCE_TENANCY, summary);
        return summary;
    }

    // ---- configuration as code ---------------------------------------------------------------------------------------

    /** The realm's declarative tenancy state, in the format {@code PUT config} and {@code tenancy.import} read. */
    @GET
    @Path("config")
    @Produces(MediaType.APPLICATION_JSON)
    public TenancyData configuration() {
        admin.requireViewRealm();
        admin.requireViewOrganizations();
        // webhooks (whose URLs may carry a receiver's token) only for those who may manage them, as …/webhooks
        return new TenancyTransfer(session, realm, new SecurityPolicies(session),
                admin.mayManageRealm() ? new DocumentWebhooks(session, realm) : null).configuration();
    }

    /**
     * Applies a configuration document: creates and changes what differs, deletes only with {@code "prune": true};
     * {@code ?dryRun=true} answers the same plan and changes nothing.
     */
    @PUT
    @Path("config")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public TenancyTransfer.Applied applyConfiguration(@QueryParam("dryRun") boolean dryRun, String body) {
        admin.requireManageRealm();
        TenancyData document = document(body);
        AdminEvents events = admin.events();
        return inOwnTransaction(job -> {
            RealmModel jobRealm = job.realms().getRealm(realm.getId());
            TenancyTransfer.Applied applied = new TenancyTransfer(job, jobRealm, new SecurityPolicies(job),
                    new DocumentWebhooks(job, jobRealm)).applyConfiguration(document, dryRun);
            // in the apply's transaction: the event is kept exactly when the changes it tells of are
            if (applied.changed() && !dryRun) {
                events.in(job).changed(OperationType.UPDATE, RESOURCE_TENANCY, null, applied);
            }
            return applied;
        });
    }

    /**
     * Runs an apply in a transaction of its own whose first statement locks the realm's row, and answers its result:
     * on a database whose transactions read a snapshot (MariaDB's repeatable read), the snapshot then starts after
     * the lock, so an apply that waited for another sees what the other committed, as on PostgreSQL and H2. The
     * request's own transaction has read already (the caller's token, their admin rights), so its snapshot could be
     * older than the lock, and a second concurrent apply would create roles the first had just created (409).
     * The job's context carries the realm and the caller's token, for the audit records of what the apply changes.
     */
    private <T> T inOwnTransaction(KeycloakSessionTaskWithResult<T> apply) {
        return KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(), job -> {
            RowLocks.of(job).lockRealm(realm.getId());
            job.getContext().setRealm(job.realms().getRealm(realm.getId()));
            job.getContext().setBearerToken(session.getContext().getBearerToken());
            return apply.run(job);
        });
    }

    private static TenancyData document(String body) {
        if (body == null || body.isBlank()) {
            throw TenancyException.badRequest("The request needs the JSON of a tenancy document.");
        }
        if (body.length() > JsonBody.LARGE) {
            throw TenancyException.badRequest("The document is larger than " + (JsonBody.LARGE / 1024 / 1024) + " MB.");
        }
        return TenancyTransfer.parse(body);
    }

    // ---- realm-level webhooks ----------------------------------------------------------------------------------------

    @Path("webhooks")
    public RealmWebhooksResource webhooks() {
        admin.requireManageRealm();
        return new RealmWebhooksResource(session, Webhooks.ofRealm(session, realm), admin.events());
    }

    // ---- tenant realms (master only) ---------------------------------------------------------------------------------

    @Path("tenants")
    public TenantsResource tenants() {
        ProvisionerRole.require(session, realm, admin);
        return new TenantsResource(session, tenantTemplates, admin.events());
    }

    @GET
    @Path("tenant-templates")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> tenantTemplates() {
        ProvisionerRole.require(session, realm, admin);
        return Map.of("templates", tenantTemplates.names());
    }

    // ---- one organization ------------------------------------------------------------------------------------------

    @Path("organizations/{org}")
    public OrganizationEndpoints organization(@PathParam("org") String idOrAlias) {
        OrganizationModel organization = realm.isOrganizationsEnabled() ? Tenancy.findOrganization(session, idOrAlias) : null;
        if (organization == null) {
            // Like Keycloak's own organization API: only administrators who may list organizations learn which exist.
            if (!admin.mayQueryOrganizations()) {
                throw TenancyException.forbidden("You may not administer organizations of realm " + realm.getName() + ".");
            }
            throw TenancyException.notFound(realm.isOrganizationsEnabled()
                    ? "Realm " + realm.getName() + " has no organization '" + idOrAlias + "'."
                    : "Organizations are not enabled on realm " + realm.getName() + ".");
        }
        admin.requireView(organization);
        return new OrganizationEndpoints(new AdminDoor(session, organization, admin));
    }

    private RoleDefinitions roles() {
        return new RoleDefinitions(session, realm);
    }

    private void event(OperationType operation, String resource, Object representation) {
        admin.events().changed(operation, resource, null, representation);
    }
}
