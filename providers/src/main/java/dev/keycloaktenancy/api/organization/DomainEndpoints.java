package dev.keycloaktenancy.api.organization;

import dev.keycloaktenancy.api.JsonBody;
import dev.keycloaktenancy.api.Reply;
import dev.keycloaktenancy.domains.DomainNameInput;
import dev.keycloaktenancy.domains.DomainRepresentation;
import dev.keycloaktenancy.domains.DomainVerification;
import dev.keycloaktenancy.domains.OrganizationDomains;
import dev.keycloaktenancy.roles.Permissions;
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

import java.util.Map;

/**
 * {@code …/organizations/{org}/domains}: claiming a domain adds it unverified, with the TXT record that proves control
 * of it; verifying asks DNS; only a verified domain has effect on anyone.
 */
@Produces(MediaType.APPLICATION_JSON)
public final class DomainEndpoints {

    private final OrganizationDoor door;

    DomainEndpoints(OrganizationDoor door) {
        this.door = door;
    }

    @GET
    @Path("")
    public Response list() {
        return door.answer(caller -> {
            caller.requireToRead(Permissions.DOMAINS_MANAGE);
            return Reply.ok(domains(caller).list());
        });
    }

    @GET
    @Path("{name}")
    public Response domain(@PathParam("name") String name) {
        return door.answer(caller -> {
            caller.requireToRead(Permissions.DOMAINS_MANAGE);
            return Reply.ok(domains(caller).get(name));
        });
    }

    @POST
    @Path("")
    public Response claim(String body) {
        return door.answer(caller -> {
            caller.requireToChange(Permissions.DOMAINS_MANAGE);
            DomainRepresentation domain = domains(caller)
                    .claim(JsonBody.read(body, DomainNameInput.class, JsonBody.SMALL).name());
            caller.changed(OperationType.CREATE, ResourceTypes.DOMAIN, domain.name(), domain);
            return Reply.created(UriBuilder.fromUri(caller.session().getContext().getUri().getAbsolutePath())
                    .path(domain.name()).build(), domain);
        });
    }

    @POST
    @Path("{name}/verify")
    public Response verify(@PathParam("name") String name) {
        return door.answer(caller -> {
            caller.requireToChange(Permissions.DOMAINS_MANAGE);
            return Reply.ok(DomainVerification.verify(caller.session(), caller.organization(), name,
                    (in, organization, domain) -> caller.changedIn(in, OperationType.ACTION, ResourceTypes.DOMAIN,
                            domain.name(), domain)));
        });
    }

    @DELETE
    @Path("{name}")
    public Response remove(@PathParam("name") String name) {
        return door.answer(caller -> {
            caller.requireToChange(Permissions.DOMAINS_MANAGE);
            domains(caller).remove(name);
            caller.changed(OperationType.DELETE, ResourceTypes.DOMAIN, name, Map.of("name", name));
            return Reply.noContent();
        });
    }

    private static OrganizationDomains domains(OrganizationCaller caller) {
        return new OrganizationDomains(caller.session(), caller.organization());
    }
}
