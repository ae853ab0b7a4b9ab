package dev.keycloaktenancy.api.admin;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** Enables tenancy on a realm and answers what it did; the setup package provides it. */
@FunctionalInterface
public interface RealmSetup {

    Object enable(KeycloakSession session, RealmModel realm);
}
