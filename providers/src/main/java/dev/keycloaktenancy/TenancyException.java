package dev.keycloaktenancy;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.services.ErrorResponseException;

import java.util.Map;

/**
 * A refusal that reaches the caller as {@code {"error": code, "error_description": sentence}} with a 4xx status.
 * Logic classes throw it; REST resources let it pass through.
 */
public final class TenancyException extends ErrorResponseException {

    private final String description;

    private TenancyException(String error, String description, Response.Status status) {
        super(error, description, status);
        this.description = description;
    }

    private TenancyException(Response response, String description) {
        super(response);
        this.description = description;
    }

    /** The sentence for a person, to quote in a larger message. */
    public String description() {
        return description;
    }

    @Override
    public String getErrorDescription() {
        return description;
    }

    public static TenancyException badRequest(String description) {
        return new TenancyException("invalid_request", description, Response.Status.BAD_REQUEST);
    }

    public static TenancyException notFound(String description) {
        return new TenancyException("not_found", description, Response.Status.NOT_FOUND);
    }

    public static TenancyException conflict(String description) {
        return new TenancyException("conflict", description, Response.Status.CONFLICT);
    }

    /** A conflict with a specific error code that clients can act on. */
    public static TenancyException conflict(String error, String description) {
        return new TenancyException(error, description, Response.Status.CONFLICT);
    }

    /** Another system the request needed (a mail server) failed; nothing was changed. */
    public static TenancyException upstreamFailed(String description) {
        return new TenancyException("upstream_failed", description, Response.Status.BAD_GATEWAY);
    }

    /** The caller asks too often; {@code Retry-After} says when to ask again. */
    public static TenancyException tooManyRequests(String description, int retryAfterSeconds) {
        return new TenancyException(Response.status(Response.Status.TOO_MANY_REQUESTS)
                .header("Retry-After", retryAfterSeconds)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("error", "too_many_requests", "error_description", description))
                .build(), description);
    }

    public static TenancyException forbidden(String description) {
        return new TenancyException("forbidden", description, Response.Status.FORBIDDEN);
    }

    public static TenancyException notEnabled(String realmName) {
        return new TenancyException("tenancy_not_enabled", "Tenancy is not enabled on realm " + realmName
                + ". Enable it with POST /admin/realms/" + realmName + "/tenancy/enable.", Response.Status.CONFLICT);
    }
}
