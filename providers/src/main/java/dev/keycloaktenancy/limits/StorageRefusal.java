package dev.keycloaktenancy.limits;

import org.keycloak.models.ModelValidationException;

/**
 * A write refused by the pack from inside Keycloak's storage (a Hibernate flush). A model validation error is the one
 * kind Keycloak's storage layer passes on unchanged; the nested copy as its cause makes Keycloak's error handler
 * show the sentence instead of a bare "unknown_error".
 */
class StorageRefusal extends ModelValidationException {

    StorageRefusal(String message) {
        super(message);
        initCause(new ModelValidationException(message));
    }
}
