package dev.keycloaktenancy.keycloak;

import jakarta.ws.rs.core.Response;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.cors.Cors;

/** CORS headers on answers of an API that browser applications call with bearer tokens, through Keycloak's own Cors. */
public final class CorsHeaders {

    private CorsHeaders() {
    }

    /** For the web origins of the client the token was issued to. */
    public static Response forClient(KeycloakSession session, ClientModel client, Response.ResponseBuilder response,
                                     String allowedMethods, String... exposedHeaders) {
        return Cors.builder().auth().allowedMethods(allowedMethods).exposedHeaders(exposedHeaders)
                .checkAllowedOrigins(session, client).add(response);
    }

    /** For any origin, without credentials: answers to requests without a valid token. */
    public static Response forAnyOrigin(Response.ResponseBuilder response, String allowedMethods) {
        return Cors.builder().allowAllOrigins().allowedMethods(allowedMethods).add(response);
    }

    /** The answer to a pre-flight request. */
    public static Response preflight(String allowedMethods) {
        return Cors.builder().preflight().allowedMethods(allowedMethods).auth().add(Response.ok());
    }
}
