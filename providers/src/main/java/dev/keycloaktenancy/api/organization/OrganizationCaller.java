package dev.keycloaktenancy.api.organization;

import dev.keycloaktenancy.InputText;
import dev.keycloaktenancy.TenancyException;
import dev.keycloaktenancy.audit.AuditActor;
import dev.keycloaktenancy.audit.AuditLog;
import dev.keycloaktenancy.keycloak.AdminEvents;
import dev.keycloaktenancy.roles.Actor;
import dev.keycloaktenancy.roles.RoleAssignments;
import dev.keycloaktenancy.roles.RoleDefinitions;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.Map;

/**
 * Someone acting in one organization through either API, whatever door they came in by: what they may do there
 * ({@link Authority}) and how their changes are recorded ({@link AdminEvents}). The operations of
 * {@link OrganizationEndpoints} are written once against this, so every rule holds on both doors.
 */
public final class OrganizationCaller {

    /** Whether the caller may read or change something of the organization, and as whom they act on roles. */
    public interface Authority {

        /**
         * Refuses with 403 unless the caller may do this. Members need the permission in their roles there; realm
         * administrators need Keycloak's view (to read) or manage (to change) rights on the organization.
         */
        void require(OrganizationModel organization, String permission, boolean change);

        /** Who the role guards see. */
        Actor actor();

        /** Whether the caller may delete realm accounts (Keycloak's manage-users), beyond removing memberships. */
        boolean mayDeleteAccounts();
    }

    private final KeycloakSession session;
    private final OrganizationModel organization;
    private final Authority authority;
    private final AdminEvents events;
    private final AuditActor auditActor;

    public OrganizationCaller(KeycloakSession session, OrganizationModel organization, Authority authority,
                              AdminEvents events) {
        this(session, organization, authority, events, AuditActor.user(events.userId(), events.clientId()));
    }

    /** A caller audited as someone other than the events' user (a SCIM client). */
    public OrganizationCaller(KeycloakSession session, OrganizationModel organization, Authority authority,
                              AdminEvents events, AuditActor auditActor) {
        this.session = session;
        this.organization = organization;
        this.authority = authority;
        this.events = events;
        this.auditActor = auditActor;
        AuditLog.recordedByDoor(session);
    }

    /** The acting user's id, as admin events name them. */
    public String userId() {
        return events.userId();
    }

    public KeycloakSession session() {
        return session;
    }

    public RealmModel realm() {
        return session.getContext().getRealm();
    }

    public OrganizationModel organization() {
        return organization;
    }

    public void requireToRead(String permission) {
        authority.require(organization, permission, false);
    }

    public void requireToChange(String permission) {
        authority.require(organization, permission, true);
    }

    public Actor actor() {
        return authority.actor();
    }

    public boolean mayDeleteAccounts() {
        return authority.mayDeleteAccounts();
    }

    /** Whether the user is the caller themselves. */
    public boolean isCaller(UserModel user) {
        return user.getId().equals(events.userId());
    }

    public RoleDefinitions roleDefinitions() {
        return new RoleDefinitions(session, realm());
    }

    public RoleAssignments roleAssignments() {
        return new RoleAssignments(session, realm());
    }

    /** A member of this organization; anyone else answers 404, whether or not the user exists. */
    public UserModel member(String userId) {
        UserModel user = InputText.isSafeKey(userId) ? session.users().getUserById(realm(), userId) : null;
        if (user == null || !organization.isMember(user)) {
            throw TenancyException.notFound("Organization " + organization.getAlias() + " has no member with id '"
                    + InputText.shorten(userId) + "'.");
        }
        return user;
    }

    /**
     * Records a change of this organization, in the request's transaction: an admin event naming the caller and the
     * organization, and an audit record of {@code target} (the member, role, invitation or domain changed; null for
     * the organization itself).
     */
    public void changed(OperationType operation, String resourceType, String target, Object representation) {
        changedIn(session, operation, resourceType, target, representation);
    }

    /** Records a change made in another session's transaction (after the request's own was committed early). */
    public void changedIn(KeycloakSession in, OperationType operation, String resourceType, String target,
                          Object representation) {
        record(in, operation, resourceType, ResourceTypes.auditAction(operation, resourceType), target, representation);
    }

    /** Records an account control ({@code sign-out}, {@code suspend}, …) on a member's account, audited as its own action. */
    public void accountControlled(UserModel member, String control) {
        record(session, OperationType.ACTION, ResourceTypes.ACCOUNT, ResourceTypes.accountAction(control), member.getId(),
                Map.of("id", member.getId(), "action", control));
    }

    private void record(KeycloakSession in, OperationType operation, String resourceType, String auditAction,
                        String target, Object representation) {
        AdminEvents inEvents = in == session ? events : events.in(in);
        inEvents.changed(operation, resourceType, organization, representation);
        new AuditLog(in).record(realm(), organization, auditActor,
                auditAction, target, representation);
    }

}
