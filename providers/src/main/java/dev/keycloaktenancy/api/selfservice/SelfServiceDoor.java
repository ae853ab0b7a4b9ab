package dev.keycloaktenancy.api.selfservice;

import dev.keycloaktenancy.api.Reply;
import dev.keycloaktenancy.api.organization.OrganizationCaller;
import dev.keycloaktenancy.api.organization.OrganizationDoor;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;

import java.util.function.Function;

/** Members in through their bearer token, with the permissions of their roles in the organization of the path. */
final class SelfServiceDoor implements OrganizationDoor {

    private final KeycloakSession session;
    private final String organization;

    SelfServiceDoor(KeycloakSession session, String organization) {
        this.session = session;
        this.organization = organization;
    }

    @Override
    public Response answer(Function<OrganizationCaller, Reply> operation) {
        return Caller.answer(session, caller -> operation.apply(Membership.of(session, caller, organization)));
    }

    @Override
    public Response preflight() {
        return Caller.preflight();
    }
}
