package dev.keycloaktenancy.api.admin;

import dev.keycloaktenancy.api.JsonBody;
import dev.keycloaktenancy.keycloak.AdminEvents;
import dev.keycloaktenancy.webhooks.DeliveryView;
import dev.keycloaktenancy.webhooks.WebhookInput;
import dev.keycloaktenancy.webhooks.WebhookView;
import dev.keycloaktenancy.webhooks.Webhooks;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
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

import java.util.List;
import java.util.Set;

/**
 * {@code /admin/realms/{realm}/tenancy/webhooks}: the realm's own webhooks, which hear the events of every
 * organization of the realm; for realm administrators (manage-realm, checked by the parent resource).
 */
@Produces(MediaType.APPLICATION_JSON)
public final class RealmWebhooksResource {

    static final String RESOURCE_WEBHOOK = "TENANCY_WEBHOOK";

    private final KeycloakSession session;
    private final Webhooks webhooks;
    private final AdminEvents events;

    RealmWebhooksResource(KeycloakSession session, Webhooks webhooks, AdminEvents events) {
        this.session = session;
        this.webhooks = webhooks;
        this.events = events;
    }

    @GET
    @Path("")
    public List<WebhookView> list() {
        return webhooks.list();
    }

    @POST
    @Path("")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(String body) {
        WebhookView created = webhooks.create(JsonBody.read(body, WebhookInput.class, JsonBody.SMALL));
        events.changed(OperationType.CREATE, RESOURCE_WEBHOOK, null, created.withoutSecret());
        return Response.created(session.getContext().getUri().getAbsolutePathBuilder().path(created.id()).build())
                .entity(created).build();
    }

    @GET
    @Path("{id}")
    public WebhookView webhook(@PathParam("id") String id) {
        return webhooks.get(id);
    }

    /** Replaces url, events and enabled (all three given). */
    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public WebhookView replace(@PathParam("id") String id, String body) {
        WebhookInput input = JsonBody.readWhole(body, WebhookInput.class, JsonBody.SMALL, WebhookInput.FIELDS);
        return updated(id, input, Set.of(WebhookInput.FIELDS));
    }

    /** Changes the fields given. */
    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public WebhookView change(@PathParam("id") String id, String body) {
        return updated(id, JsonBody.read(body, WebhookInput.class, JsonBody.SMALL), JsonBody.fieldsOf(body));
    }

    private WebhookView updated(String id, WebhookInput input, Set<String> given) {
        WebhookView webhook = webhooks.update(id, input, given);
        events.changed(OperationType.UPDATE, RESOURCE_WEBHOOK, null, webhook);
        return webhook;
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        events.changed(OperationType.DELETE, RESOURCE_WEBHOOK, null, webhooks.delete(id));
        return Response.noContent().build();
    }

    /** The webhook's delivery log, newest first: {@code first} (default 0) and {@code max} (1 to 200, default 50). */
    @GET
    @Path("{id}/deliveries")
    public List<DeliveryView> deliveries(@PathParam("id") String id, @QueryParam("first") String first,
                                         @QueryParam("max") String max) {
        return webhooks.deliveries(id, JsonBody.first(first), JsonBody.max(max, 50, Webhooks.MAX_DELIVERIES_PAGE));
    }

    /** Sends a message again, with its own {@code webhook-id}. */
    @POST
    @Path("{id}/deliveries/{delivery}/redeliver")
    public DeliveryView redeliver(@PathParam("id") String id, @PathParam("delivery") String deliveryId) {
        DeliveryView delivery = webhooks.redeliver(id, deliveryId);
        events.changed(OperationType.ACTION, RESOURCE_WEBHOOK, null, delivery);
        return delivery;
    }
}
