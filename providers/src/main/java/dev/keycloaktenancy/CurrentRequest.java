package dev.keycloaktenancy;

import jakarta.enterprise.context.ContextNotActiveException;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.KeycloakSession;

import java.util.Optional;

/**
 * The HTTP request a session serves, if any. Listeners also run without one (realm import at start-up, background
 * tasks), where Keycloak answers {@link ContextNotActiveException} instead of null.
 */
public final class CurrentRequest {

    private CurrentRequest() {
    }

    public static Optional<HttpRequest> of(KeycloakSession session) {
        try {
            return Optional.ofNullable(session.getContext().getHttpRequest());
        } catch (ContextNotActiveException e) {
            return Optional.empty();
        }
    }
}
