package dev.keycloaktenancy.api.organization;

import dev.keycloaktenancy.api.JsonBody;
import dev.keycloaktenancy.api.Reply;
import dev.keycloaktenancy.roles.Permissions;
import dev.keycloaktenancy.scim.ScimTokens;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.keycloak.events.admin.OperationType;
import org.keycloak.urls.UrlType;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code …/organizations/{org}/scim-tokens}: the bearer tokens an organization's directory (Entra ID, Okta, …) uses
 * on the organization's SCIM endpoint. The secret is answered once, at creation; lists show name, creation and last use.
 */
@Produces(MediaType.APPLICATION_JSON)
public final class ScimTokenEndpoints {

    /** What a creation may carry. */
    public record Input(String name) {
    }

    private final OrganizationDoor door;

    ScimTokenEndpoints(OrganizationDoor door) {
        this.door = door;
    }

    @GET
    @Path("")
    public Response list() {
        return door.answer(caller -> {
            caller.requireToRead(Permissions.SCIM_MANAGE);
            return Reply.ok(new ScimTokens(caller.session()).list(caller.organization()));
        });
    }

    /**
     * Creates a token: 201 with {@code id}, {@code token} (the secret, this once) and {@code baseUrl}. A token manages
     * members and their accounts, so its creator must hold those permissions too: nobody hands out more than they have.
     */
    @POST
    @Path("")
    public Response create(String body) {
        return door.answer(caller -> {
            caller.requireToChange(Permissions.SCIM_MANAGE);
            caller.requireToChange(Permissions.MEMBERS_MANAGE);
            caller.requireToChange(Permissions.SECURITY_MANAGE);
            Input input = body == null || body.isBlank() ? new Input(null)
                    : JsonBody.read(body, Input.class, JsonBody.SMALL);
            ScimTokens.NewToken created = new ScimTokens(caller.session()).create(caller.realm(),
                    caller.organization(), input.name(), caller.userId());
            caller.changed(OperationType.CREATE, ResourceTypes.SCIM_TOKEN, created.view().id(), created.view());
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("id", created.view().id());
            answer.put("name", created.view().name());
            answer.put("createdTimestamp", created.view().createdTimestamp());
            answer.put("token", created.secret());
            answer.put("baseUrl", baseUrl(caller));
            return Reply.created(UriBuilder.fromUri(caller.session().getContext().getUri().getAbsolutePath())
                    .path(created.view().id()).build(), answer);
        });
    }

    @DELETE
    @Path("{tokenId}")
    public Response revoke(@PathParam("tokenId") String tokenId) {
        return door.answer(caller -> {
            caller.requireToChange(Permissions.SCIM_MANAGE);
            ScimTokens.TokenView revoked = new ScimTokens(caller.session()).revoke(caller.organization(), tokenId);
            caller.changed(OperationType.DELETE, ResourceTypes.SCIM_TOKEN, revoked.id(), revoked);
            return Reply.noContent();
        });
    }

    /** The organization's SCIM endpoint, on the realm's front-end URL (what a directory outside reaches). */
    private static String baseUrl(OrganizationCaller caller) {
        URI base = caller.session().getContext().getUri(UrlType.FRONTEND).getBaseUri();
        String root = base.toString().endsWith("/") ? base.toString() : base + "/";
        return root + "realms/" + caller.realm().getName() + "/tenancy/scim/v2/" + caller.organization().getAlias();
    }
}
