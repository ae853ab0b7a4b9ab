package dev.keycloaktenancy.api.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keycloaktenancy.InputText;
import dev.keycloaktenancy.TenancyException;
import dev.keycloaktenancy.api.JsonBody;
import dev.keycloaktenancy.keycloak.AdminEvents;
import dev.keycloaktenancy.platform.TenantLimits;
import dev.keycloaktenancy.platform.TenantProvisioner;
import dev.keycloaktenancy.platform.TenantRequest;
import dev.keycloaktenancy.platform.TenantTemplates;
import dev.keycloaktenancy.platform.TenantView;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /admin/realms/master/tenancy/tenants}: tenant realms made from templates. Only holders of the master realm
 * role {@code tenancy-provisioner} get here (checked by the parent resource). Admin events are recorded in master.
 */
public final class TenantsResource {

    static final String RESOURCE_TENANT = "TENANCY_TENANT";

    private final KeycloakSession session;
    private final TenantProvisioner provisioner;
    private final AdminEvents events;

    TenantsResource(KeycloakSession session, TenantTemplates templates, AdminEvents events) {
        this.session = session;
        this.provisioner = new TenantProvisioner(session, templates);
        this.events = events;
    }

    @POST
    @Path("")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(String body) {
        TenantProvisioner.Outcome outcome = provisioner.create(JsonBody.read(body, TenantRequest.class, JsonBody.SMALL));
        if (!outcome.created()) {
            return Response.ok(outcome.tenant()).build();
        }
        TenantView tenant = outcome.tenant();
        event(OperationType.CREATE, tenant.realm(), Map.of("realm", tenant.realm(), "template", tenant.template()));
        return Response.status(Response.Status.CREATED)
                .location(session.getContext().getUri().getAbsolutePathBuilder().path(tenant.realm()).build())
                .entity(tenant).build();
    }

    @GET
    @Path("")
    @Produces(MediaType.APPLICATION_JSON)
    public List<TenantView> list() {
        return provisioner.list();
    }

    @GET
    @Path("{realm}")
    @Produces(MediaType.APPLICATION_JSON)
    public TenantView get(@PathParam("realm") String name) {
        return provisioner.view(tenant(name));
    }

    /** Replaces the tenant's limits: both must be given, null for no limit. */
    @PUT
    @Path("{realm}/limits")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public TenantView replaceLimits(@PathParam("realm") String name, String body) {
        RealmModel realm = tenant(name);
        return limitsChanged(realm, JsonBody.readWhole(body, TenantLimits.class, JsonBody.SMALL, "maxUsers",
                "maxOrganizations"));
    }

    /** Changes the limits given (null removes one); the other stays. */
    @PATCH
    @Path("{realm}/limits")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public TenantView changeLimits(@PathParam("realm") String name, String body) {
        RealmModel realm = tenant(name);
        TenantLimits given = JsonBody.read(body, TenantLimits.class, JsonBody.SMALL);
        Set<String> fields = JsonBody.fieldsOf(body);
        TenantLimits current = provisioner.view(realm).limits();
        return limitsChanged(realm, new TenantLimits(
                fields.contains("maxUsers") ? given.maxUsers() : current.maxUsers(),
                fields.contains("maxOrganizations") ? given.maxOrganizations() : current.maxOrganizations()));
    }

    private TenantView limitsChanged(RealmModel realm, TenantLimits limits) {
        TenantView tenant = provisioner.setLimits(realm, limits);
        event(OperationType.UPDATE, realm.getName(), Map.of("realm", realm.getName(), "limits", tenant.limits()));
        return tenant;
    }

    @PUT
    @Path("{realm}/hostname")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public TenantView setHostname(@PathParam("realm") String name, String body) {
        RealmModel realm = tenant(name);
        TenantView tenant = provisioner.setHostname(realm, hostnameOf(JsonBody.read(body, JsonNode.class, JsonBody.SMALL)));
        Map<String, Object> change = new HashMap<>();
        change.put("realm", name);
        change.put("hostname", tenant.hostname());
        event(OperationType.UPDATE, name, change);
        return tenant;
    }

    /**
     * The body of {@code PUT …/tenants/{realm}/hostname}: {@code {"hostname": "login.north.example"}}, or null to return
     * the tenant to the platform's hostname. The field must be there: removing a hostname signs the tenant's users out.
     */
    private static String hostnameOf(JsonNode body) {
        if (body == null || !body.isObject() || !body.has("hostname")) {
            throw TenancyException.badRequest("Give {\"hostname\": \"login.example.com\"}, or {\"hostname\": null} to"
                    + " serve the tenant on the platform's hostname again.");
        }
        body.fieldNames().forEachRemaining(field -> {
            if (!field.equals("hostname")) {
                throw TenancyException.badRequest("Unknown field '" + field + "'.");
            }
        });
        JsonNode hostname = body.get("hostname");
        if (!hostname.isNull() && !hostname.isTextual()) {
            throw TenancyException.badRequest("hostname: a text such as login.example.com, or null.");
        }
        return hostname.isNull() ? null : hostname.asText();
    }

    @POST
    @Path("{realm}/suspend")
    @Produces(MediaType.APPLICATION_JSON)
    public TenantView suspend(@PathParam("realm") String name) {
        TenantView tenant = provisioner.setEnabled(tenant(name), false);
        event(OperationType.UPDATE, name, Map.of("realm", name, "enabled", false));
        return tenant;
    }

    @POST
    @Path("{realm}/resume")
    @Produces(MediaType.APPLICATION_JSON)
    public TenantView resume(@PathParam("realm") String name) {
        TenantView tenant = provisioner.setEnabled(tenant(name), true);
        event(OperationType.UPDATE, name, Map.of("realm", name, "enabled", true));
        return tenant;
    }

    @DELETE
    @Path("{realm}")
    public Response delete(@PathParam("realm") String name) {
        provisioner.delete(tenant(name));
        event(OperationType.DELETE, name, Map.of("realm", name));
        return Response.noContent().build();
    }

    private RealmModel tenant(String name) {
        return (InputText.isSafeKey(name) ? provisioner.find(name) : Optional.<RealmModel>empty()).orElseThrow(() ->
                TenancyException.notFound("There is no tenant realm named '" + InputText.shorten(name) + "'."));
    }

    private void event(OperationType operation, String realm, Object representation) {
        events.changedAt(operation, RESOURCE_TENANT, representation, "tenancy", "tenants", realm);
    }
}
