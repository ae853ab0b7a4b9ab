package dev.keycloaktenancy.api.scim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.TenancyException;
import dev.keycloaktenancy.api.organization.OrganizationCaller;
import dev.keycloaktenancy.audit.AuditActor;
import dev.keycloaktenancy.keycloak.AdminEvents;
import dev.keycloaktenancy.roles.Actor;
import dev.keycloaktenancy.roles.Permissions;
import dev.keycloaktenancy.scim.FailedAuthentications;
import dev.keycloaktenancy.scim.ScimError;
import dev.keycloaktenancy.scim.ScimTokens;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.ModelValidationException;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.urls.UrlType;

import java.net.URI;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The SCIM client's way in: a bearer token of the organization named in the path (a token acts on its own
 * organization only; another organization's or realm's token is refused like a wrong one). Failed authentications are
 * rate limited per client address. Every answer is SCIM's: {@code application/scim+json}, errors as RFC 7644
 * section 3.12 has them, and a refused request changes nothing.
 */
final class ScimDoor {

    static final String MEDIA_TYPE = "application/scim+json";
    static final String ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
    /** The largest request body read: users and PATCH requests are far smaller. */
    static final int MAX_BODY = 256 * 1024;
    /** What a SCIM token may do in its organization: provisioning, never administration beyond it. */
    static final Set<String> TOKEN_PERMISSIONS = Set.of(Permissions.MEMBERS_READ, Permissions.MEMBERS_MANAGE,
            Permissions.SECURITY_MANAGE, Permissions.ROLES_MANAGE);

    private static final Logger LOG = Logger.getLogger(ScimDoor.class);
    private static final FailedAuthentications FAILURES = new FailedAuthentications();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What an operation answers: status, body (null for none) and, for creations, the location. */
    record ScimReply(int status, JsonNode body, URI location) {
    }

    /** An operation with the caller and the organization's SCIM base URL. */
    interface Operation {
        ScimReply run(OrganizationCaller caller, String baseUrl);
    }

    private final KeycloakSession session;
    private final String organization;

    ScimDoor(KeycloakSession session, String organization) {
        this.session = session;
        this.organization = organization;
    }

    Response answer(Operation operation) {
        try {
            ScimReply reply = operation.run(authenticate(), baseUrl());
            Response.ResponseBuilder response = Response.status(reply.status());
            if (reply.body() != null) {
                response.type(MEDIA_TYPE).entity(JSON.writeValueAsString(reply.body()));
            }
            if (reply.location() != null) {
                response.location(reply.location());
            }
            return response.build();
        } catch (ScimError e) {
            session.getTransactionManager().setRollbackOnly();
            return error(e.status(), e.scimType(), e.detail()).build();
        } catch (TenancyException e) {
            session.getTransactionManager().setRollbackOnly();
            Response.ResponseBuilder response = error(e.status(), scimTypeOf(e), e.description());
            Object retryAfter = e.getResponse().getHeaderString(HttpHeaders.RETRY_AFTER);
            if (retryAfter != null) {
                response.header(HttpHeaders.RETRY_AFTER, retryAfter);
            }
            return response.build();
        } catch (ModelDuplicateException e) {
            session.getTransactionManager().setRollbackOnly();
            return error(409, "uniqueness", "An account with this userName or email already exists.").build();
        } catch (ModelValidationException e) {
            // the storage-level rules (the realm's user limit) refuse with a sentence for a person
            session.getTransactionManager().setRollbackOnly();
            return error(409, null, e.getMessage()).build();
        } catch (JsonProcessingException | RuntimeException e) {
            String correlationId = UUID.randomUUID().toString();
            session.getTransactionManager().setRollbackOnly();
            LOG.errorf(e, "SCIM request failed on the server (correlation id %s)", correlationId);
            return error(500, null, "The server could not complete the request; nothing was changed. If it happens"
                    + " again, give the administrator the correlation id " + correlationId + ".").build();
        }
    }

    /** Reads a request body: bounded, and JSON. */
    static JsonNode body(String body) {
        if (body == null || body.isBlank()) {
            throw ScimError.invalidSyntax("The request needs a JSON body.");
        }
        if (body.length() > MAX_BODY) {
            throw new ScimError(413, null, "The request body is larger than " + MAX_BODY / 1024 + " KiB.");
        }
        if (body.indexOf('\0') >= 0 || body.contains("\\u0000")) {
            // PostgreSQL stores no NUL in text: refused here rather than failing in the database
            throw ScimError.invalidSyntax("The request contains a NUL character, which no attribute accepts.");
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw ScimError.invalidSyntax("The request body is not valid JSON.");
        }
    }

    private OrganizationCaller authenticate() {
        RealmModel realm = session.getContext().getRealm();
        String bearer = bearer();
        Optional<ScimTokens.Holder> holder = bearer != null && Tenancy.isEnabled(realm)
                ? new ScimTokens(session).authenticate(realm, bearer) : Optional.empty();
        if (bearer != null && holder.isEmpty()) {
            // Only wrong tokens are slowed down, never a right one: directories such as Entra ID and Okta send from
            // addresses they share between customers, and one customer's wrong token must not stop another's.
            String address = session.getContext().getConnection().getRemoteAddr();
            long now = Time.currentTimeMillis();
            long wait = FAILURES.retryAfterSeconds(address, now);
            if (wait > 0) {
                throw TenancyException.tooManyRequests("Too many requests with a wrong SCIM token from this address;"
                        + " try again in " + wait + " seconds.", (int) wait);
            }
            FAILURES.failed(address, now);
        }
        OrganizationModel target = holder.isPresent() ? Tenancy.findOrganization(session, organization) : null;
        if (target == null || !target.getId().equals(holder.get().organizationId())) {
            throw new ScimError(401, null, "A valid SCIM token of this organization is required: send it as"
                    + " 'Authorization: Bearer <token>'. An organization's admins create tokens under Directory sync.");
        }
        ScimTokens.Holder token = holder.get();
        return new OrganizationCaller(session, target, new TokenAuthority(),
                AdminEvents.ofScimToken(session, token.tokenId(), token.createdBy()), AuditActor.scim(token.tokenId()));
    }

    private String bearer() {
        String header = session.getContext().getRequestHeaders().getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).strip();
    }

    private String baseUrl() {
        String base = session.getContext().getUri(UrlType.FRONTEND).getBaseUri().toString();
        return (base.endsWith("/") ? base : base + "/") + "realms/" + session.getContext().getRealm().getName()
                + "/tenancy/scim/v2/" + organization;
    }

    static Response.ResponseBuilder error(int status, String scimType, String detail) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putArray("schemas").add(ERROR_SCHEMA);
        body.put("status", String.valueOf(status));
        if (scimType != null) {
            body.put("scimType", scimType);
        }
        body.put("detail", detail);
        Response.ResponseBuilder response = Response.status(status).type(MEDIA_TYPE).entity(body.toString());
        if (status == 401) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return response;
    }

    /** The RFC's keyword for the pack's own refusals where one fits. */
    private static String scimTypeOf(TenancyException e) {
        return switch (e.error()) {
            case "invalid_request", "missing_field" -> "invalidValue";
            default -> null;
        };
    }

    /** A SCIM token: provisioning inside its organization; it never grants or revokes {@code owner}. */
    private static final class TokenAuthority implements OrganizationCaller.Authority {

        @Override
        public void require(OrganizationModel organization, String permission, boolean change) {
            if (!TOKEN_PERMISSIONS.contains(permission)) {
                throw TenancyException.forbidden("A SCIM token cannot do this.");
            }
        }

        @Override
        public Actor actor() {
            return new Actor(false, TOKEN_PERMISSIONS, false);
        }

        /** Never wholesale: ScimUsers decides for each account whether it may go (owned, in no other organization). */
        @Override
        public boolean mayDeleteAccounts() {
            return false;
        }
    }
}
