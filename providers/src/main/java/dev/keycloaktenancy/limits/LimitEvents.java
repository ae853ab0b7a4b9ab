package dev.keycloaktenancy.limits;

import org.keycloak.models.GroupModel;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;

/**
 * The limits' part of Keycloak's events, inside the transaction that published them: a member joining counts against
 * the organization's limit, a new organization against the realm's, and a realm created in this transaction brings
 * its own limits and users (see {@link CreatedRealms}).
 */
public final class LimitEvents {

    private LimitEvents() {
    }

    public static void memberJoined(OrganizationModel.OrganizationMemberJoinEvent join) {
        UsageLimits.checkMemberCount(join.getSession(), join.getOrganization());
    }

    /**
     * Every organization gets its own internal group, created before its row: the one hook on creation. Groups that
     * organizations create inside themselves (organization groups) have a parent and are not organizations.
     */
    public static void groupCreated(GroupModel.GroupCreatedEvent created) {
        GroupModel group = created.getGroup();
        if (group.getType() == GroupModel.Type.ORGANIZATION && group.getParentId() == null) {
            UsageLimits.checkRoomForOrganization(created.getKeycloakSession(), created.getRealm(), group.getId());
        }
    }

    public static void realmCreated(RealmModel.RealmCreationEvent created) {
        CreatedRealms.add(created.getKeycloakSession(), created.getCreatedRealm().getId());
    }
}
