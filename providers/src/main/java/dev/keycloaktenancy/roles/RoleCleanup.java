package dev.keycloaktenancy.roles;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * No role rows outlive what they belong to: a member who leaves, a removed user, organization or realm. And the
 * diagnostics that prove it (row counts, rows left behind, organizations without an owner).
 */
public final class RoleCleanup {

    private RoleCleanup() {
    }

    /** A member left: their roles there go. */
    public static void forgetMember(KeycloakSession session, OrganizationModel organization, UserModel member) {
        new OrganizationRoleStore(session).deleteAssignmentsOfMember(organization.getId(), member.getId());
        UserRoleCache.evict(session, member.getId());
    }

    public static void forgetUser(KeycloakSession session, String realmId, String userId) {
        new OrganizationRoleStore(session).deleteAssignmentsOfUser(realmId, userId);
        UserRoleCache.evict(session, userId);
    }

    /** An organization was removed; a new one may take its alias, so no member may keep the old one's roles. */
    public static void forgetOrganization(KeycloakSession session, String organizationId) {
        new OrganizationRoleStore(session).deleteOrganization(organizationId);
        UserRoleCache.evictRealm(session, session.getContext().getRealm());
    }

    public static void forgetRealm(KeycloakSession session, String realmId) {
        new OrganizationRoleStore(session).deleteRealm(realmId);
    }

    /** Row counts of the realm, rows left behind by removed users or organizations, organizations without owner. */
    public static Map<String, Object> diagnostics(KeycloakSession session, RealmModel realm) {
        OrganizationRoleStore store = new OrganizationRoleStore(session);
        Map<String, Object> diagnostics = new LinkedHashMap<>(store.diagnostics(realm.getId()));
        diagnostics.put("organizationsWithoutOwner", store.organizationsWithoutOwner(realm.getId()));
        return diagnostics;
    }

    /** Rows whose realm no longer exists, over the whole server (should be 0). */
    public static long rowsOfRemovedRealms(KeycloakSession session) {
        return new OrganizationRoleStore(session).rowsOfRemovedRealms();
    }
}
