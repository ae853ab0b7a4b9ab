package dev.keycloaktenancy.api.organization;

import dev.keycloaktenancy.api.Reply;
import jakarta.ws.rs.core.Response;

import java.util.function.Function;

/**
 * How a request reaches an organization's operations: the self-service door (a member's bearer token, permissions
 * from their organization roles, CORS for browser applications) or the admin door (Keycloak's admin token and admin
 * permissions). The door authenticates, finds the organization and the caller's standing in it, runs the operation
 * and answers, rolling back on any refusal.
 */
public interface OrganizationDoor {

    Response answer(Function<OrganizationCaller, Reply> operation);

    /** The answer to a CORS pre-flight request. */
    Response preflight();
}
