package dev.keycloaktenancy.api.organization;

import dev.keycloaktenancy.api.JsonBody;
import dev.keycloaktenancy.api.Reply;
import dev.keycloaktenancy.roles.Permissions;
import dev.keycloaktenancy.webhooks.DeliveryView;
import dev.keycloaktenancy.webhooks.WebhookInput;
import dev.keycloaktenancy.webhooks.WebhookView;
import dev.keycloaktenancy.webhooks.Webhooks;
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
import jakarta.ws.rs.core.UriBuilder;
import org.keycloak.events.admin.OperationType;

import java.util.Set;

/**
 * {@code …/organizations/{org}/webhooks}: the organization's webhooks (they hear its own events only), their delivery
 * log and redelivery, for admins with {@code org:webhooks:manage}. The signing secret is in the creation's answer only.
 */
@Produces(MediaType.APPLICATION_JSON)
public final class WebhookEndpoints {

    private final OrganizationDoor door;

    WebhookEndpoints(OrganizationDoor door) {
        this.door = door;
    }

    @GET
    @Path("")
    public Response list() {
        return door.answer(caller -> {
            caller.requireToRead(Permissions.WEBHOOKS_MANAGE);
            return Reply.ok(webhooks(caller).list());
        });
    }

    @POST
    @Path("")
    public Response create(String body) {
        return door.answer(caller -> {
            caller.requireToChange(Permissions.WEBHOOKS_MANAGE);
            WebhookView created = webhooks(caller).create(JsonBody.read(body, WebhookInput.class, JsonBody.SMALL));
            caller.changed(OperationType.CREATE, ResourceTypes.WEBHOOK, created.id(), created.withoutSecret());
            return Reply.created(UriBuilder.fromUri(caller.session().getContext().getUri().getAbsolutePath())
                    .path(created.id()).build(), created);
        });
    }

    @GET
    @Path("{id}")
    public Response webhook(@PathParam("id") String id) {
        return door.answer(caller -> {
            caller.requireToRead(Permissions.WEBHOOKS_MANAGE);
            return Reply.ok(webhooks(caller).get(id));
        });
    }

    /** Replaces url, events and enabled (all three given). */
    @PUT
    @Path("{id}")
    public Response replace(@PathParam("id") String id, String body) {
        return door.answer(caller -> {
            caller.requireToChange(Permissions.WEBHOOKS_MANAGE);
            WebhookInput input = JsonBody.readWhole(body, WebhookInput.class, JsonBody.SMALL, WebhookInput.FIELDS);
            return updated(caller, id, input, Set.of(WebhookInput.FIELDS));
        });
    }

    /** Changes the fields given. */
    @PATCH
    @Path("{id}")
    public Response change(@PathParam("id") String id, String body) {
        return door.answer(caller -> {
            caller.requireToChange(Permissions.WEBHOOKS_MANAGE);
            WebhookInput input = JsonBody.read(body, WebhookInput.class, JsonBody.SMALL);
            return updated(caller, id, input, JsonBody.fieldsOf(body));
        });
    }

    private static Reply updated(OrganizationCaller caller, String id, WebhookInput input, Set<String> given) {
        WebhookView webhook = webhooks(caller).update(id, input, given);
        caller.changed(OperationType.UPDATE, ResourceTypes.WEBHOOK, webhook.id(), webhook);
        return Reply.ok(webhook);
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        return door.answer(caller -> {
            caller.requireToChange(Permissions.WEBHOOKS_MANAGE);
            WebhookView deleted = webhooks(caller).delete(id);
            caller.changed(OperationType.DELETE, ResourceTypes.WEBHOOK, deleted.id(), deleted);
            return Reply.noContent();
        });
    }

    /** The webhook's delivery log, newest first: {@code first} (default 0) and {@code max} (1 to 200, default 50). */
    @GET
    @Path("{id}/deliveries")
    public Response deliveries(@PathParam("id") String id, @QueryParam("first") String first,
                               @QueryParam("max") String max) {
        return door.answer(caller -> {
            caller.requireToRead(Permissions.WEBHOOKS_MANAGE);
            return Reply.ok(webhooks(caller).deliveries(id, JsonBody.first(first),
                    JsonBody.max(max, 50, Webhooks.MAX_DELIVERIES_PAGE)));
        });
    }

    /** Sends a message again, with its own {@code webhook-id}. */
    @POST
    @Path("{id}/deliveries/{delivery}/redeliver")
    public Response redeliver(@PathParam("id") String id, @PathParam("delivery") String deliveryId) {
        return door.answer(caller -> {
            caller.requireToChange(Permissions.WEBHOOKS_MANAGE);
            DeliveryView delivery = webhooks(caller).redeliver(id, deliveryId);
            caller.changed(OperationType.ACTION, ResourceTypes.WEBHOOK, id, delivery);
            return Reply.ok(delivery);
        });
    }

    private static Webhooks webhooks(OrganizationCaller caller) {
        return Webhooks.ofOrganization(caller.session(), caller.realm(), caller.organization().getId());
    }
}
