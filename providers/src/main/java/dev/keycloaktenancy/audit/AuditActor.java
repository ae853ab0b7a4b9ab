package dev.keycloaktenancy.audit;

import org.keycloak.Token;
import org.keycloak.representations.AccessToken;

/**
 * Who made a change: a user (through a client, when known), a SCIM client ({@code scim}, its token's id in place of
 * a client id), or the server itself ({@code system}: a change no authenticated request asked for, such as joining
 * at login).
 */
public record AuditActor(String type, String userId, String clientId) {

    public static final String USER = "user";
    public static final String SYSTEM = "system";
    public static final String SCIM = "scim";

    public static AuditActor user(String userId, String clientId) {
        return new AuditActor(USER, userId, clientId);
    }

    /** A SCIM client, named by its token's id. */
    public static AuditActor scim(String tokenId) {
        return new AuditActor(SCIM, null, tokenId);
    }

    public static AuditActor system() {
        return new AuditActor(SYSTEM, null, null);
    }

    /** The sender of the request's bearer token, or {@code system} when the request carried none. */
    public static AuditActor ofBearer(Token token) {
        if (token instanceof AccessToken access && access.getSubject() != null) {
            return user(access.getSubject(), access.getIssuedFor());
        }
        return system();
    }
}
