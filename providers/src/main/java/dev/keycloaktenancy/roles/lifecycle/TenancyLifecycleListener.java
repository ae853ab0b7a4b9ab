package dev.keycloaktenancy.roles.lifecycle;

import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.platform.CreatedRealms;
import dev.keycloaktenancy.platform.StorageGuards;
import dev.keycloaktenancy.platform.UsageLimits;
import dev.keycloaktenancy.roles.OrganizationRoleStore;
import dev.keycloaktenancy.roles.OrganizationRoles;
import dev.keycloaktenancy.roles.transfer.TenancyTransfer;
import org.jboss.logging.Logger;
import org.keycloak.models.GroupModel;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.provider.ProviderEventListener;

/**
 * Keeps the pack's rows in step with Keycloak: the organization and member limits, default roles when someone
 * joins an organization, no orphan rows when a member leaves or a user, organization or realm is removed, and
 * tenancy set up on realms created from JSON that ask for it. Runs inside the transaction that published the event.
 * Once the database is ready, it also installs the storage-level limit checks.
 */
public final class TenancyLifecycleListener implements ProviderEventListener {

    private static final Logger LOG = Logger.getLogger(TenancyLifecycleListener.class);

    @Override
    public void onEvent(ProviderEvent event) {
        if (event instanceof OrganizationModel.OrganizationMemberJoinEvent join) {
            RealmModel realm = join.getSession().getContext().getRealm();
            UsageLimits.checkMemberCount(join.getSession(), join.getOrganization());
            if (Tenancy.isEnabled(realm)) {
                new OrganizationRoles(join.getSession(), realm).grantRolesOnJoin(join.getOrganization(), join.getUser());
            }
        } else if (event instanceof OrganizationModel.OrganizationMemberLeaveEvent leave) {
            new OrganizationRoleStore(leave.getSession())
                    .deleteAssignmentsOfMember(leave.getOrganization().getId(), leave.getUser().getId());
        } else if (event instanceof UserModel.UserPreRemovedEvent removed) {
            new OrganizationRoleStore(removed.getKeycloakSession())
                    .deleteAssignmentsOfUser(removed.getRealm().getId(), removed.getUser().getId());
        } else if (event instanceof OrganizationModel.OrganizationRemovedEvent removed) {
            new OrganizationRoleStore(removed.getKeycloakSession()).deleteOrganization(removed.getOrganization().getId());
        } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
            new OrganizationRoleStore(removed.getKeycloakSession()).deleteRealm(removed.getRealm().getId());
        } else if (event instanceof GroupModel.GroupCreatedEvent created
                && created.getGroup().getType() == GroupModel.Type.ORGANIZATION) {
            // every organization gets its own internal group when it is created: the one hook on creation
            UsageLimits.checkRoomForOrganization(created.getKeycloakSession(), created.getRealm(),
                    created.getGroup().getId());
        } else if (event instanceof RealmModel.RealmCreationEvent created) {
            CreatedRealms.add(created.getKeycloakSession(), created.getCreatedRealm().getId());
        } else if (event instanceof RealmModel.RealmPostCreateEvent created) {
            setUpImportedRealm(created);
        } else if (event instanceof PostMigrationEvent ready) {
            StorageGuards.install(ready.getFactory());
        }
    }

    private static void setUpImportedRealm(RealmModel.RealmPostCreateEvent created) {
        RealmModel realm = created.getCreatedRealm();
        if (!Tenancy.isEnabled(realm)) {
            return;
        }
        var session = created.getKeycloakSession();
        RealmModel previous = session.getContext().getRealm();
        // The organization provider works on the context's realm, which import does not always set.
        session.getContext().setRealm(realm);
        try {
            TenancyEnabler.Outcome outcome = new TenancyEnabler(session, realm).enable();
            LOG.infof("Tenancy enabled on new realm %s (template roles created: %s)", realm.getName(),
                    outcome.createdTemplateRoles());
            String seed = realm.getAttribute(Tenancy.IMPORT_ATTRIBUTE);
            if (seed != null) {
                realm.removeAttribute(Tenancy.IMPORT_ATTRIBUTE);
                new TenancyTransfer(session, realm).importFromRealmAttribute(seed);
            }
        } finally {
            session.getContext().setRealm(previous);
        }
    }
}
