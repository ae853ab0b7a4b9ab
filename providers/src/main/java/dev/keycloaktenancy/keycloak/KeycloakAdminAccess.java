package dev.keycloaktenancy.keycloak;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.keycloak.services.resources.admin.fgap.AdminPermissions;

/** {@link AdminAccess} through Keycloak's {@link AdminPermissionEvaluator}. */
final class KeycloakAdminAccess implements AdminAccess {

    private final KeycloakSession session;
    private final AdminPermissionEvaluator permissions;

    KeycloakAdminAccess(KeycloakSession session, AdminPermissionEvaluator permissions) {
        this.session = session;
        this.permissions = permissions;
    }

    /** The admin permissions of a user who authenticated with a bearer token of the realm (not the admin API). */
    static KeycloakAdminAccess ofBearer(KeycloakSession session, BearerAuthentication.Caller caller) {
        RealmModel realm = session.getContext().getRealm();
        return new KeycloakAdminAccess(session, AdminPermissions.evaluator(session, realm,
                new AdminAuth(realm, caller.token(), caller.user(), caller.client())));
    }

    @Override
    public void requireManageRealm() {
        permissions.realm().requireManageRealm();
    }

    @Override
    public boolean mayManageRealm() {
        return permissions.realm().canManageRealm();
    }

    @Override
    public void requireViewRealm() {
        permissions.realm().requireViewRealm();
    }

    @Override
    public boolean mayQueryOrganizations() {
        return permissions.orgs().canQuery();
    }

    @Override
    public void requireViewOrganizations() {
        permissions.orgs().requireView();
    }

    @Override
    public void requireManageOrganizations() {
        permissions.orgs().requireManage();
    }

    @Override
    public boolean mayManageAllOrganizations() {
        return permissions.orgs().canManage();
    }

    @Override
    public boolean mayManage(OrganizationModel organization) {
        return permissions.orgs().canManage(organization);
    }

    @Override
    public void requireView(OrganizationModel organization) {
        permissions.orgs().requireView(organization);
    }

    @Override
    public void requireManage(OrganizationModel organization) {
        permissions.orgs().requireManage(organization);
    }

    @Override
    public boolean mayManageUsers() {
        return permissions.users().canManage();
    }

    @Override
    public boolean perOrganizationPermissions() {
        return session.getContext().getRealm().isAdminPermissionsEnabled();
    }

    @Override
    public UserModel user() {
        return permissions.adminAuth().getUser();
    }

    @Override
    public RealmModel callerRealm() {
        return permissions.adminAuth().getRealm();
    }

    @Override
    public AdminEvents events() {
        return new KeycloakAdminEvents(session, permissions.adminAuth());
    }
}
