package dev.keycloaktenancy.setup;

import dev.keycloaktenancy.CurrentRequest;
import dev.keycloaktenancy.RealmSettings;
import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.TenancyException;
import dev.keycloaktenancy.TenancyMetrics;
import dev.keycloaktenancy.api.admin.DocumentWebhooks;
import dev.keycloaktenancy.api.admin.SecurityPolicies;
import dev.keycloaktenancy.api.selfservice.LoginOrganizationCreationFactory;
import dev.keycloaktenancy.audit.AuditLog;
import dev.keycloaktenancy.invitations.InvitationAcceptance;
import dev.keycloaktenancy.jit.AssertedEmails;
import dev.keycloaktenancy.jit.JoinRequests;
import dev.keycloaktenancy.keycloak.ClusterJobs;
import dev.keycloaktenancy.keycloak.IdentityFirstLogin;
import dev.keycloaktenancy.keycloak.OrganizationNameKeys;
import dev.keycloaktenancy.keycloak.RealmSettingsTab;
import dev.keycloaktenancy.limits.LimitEvents;
import dev.keycloaktenancy.limits.StorageGuards;
import dev.keycloaktenancy.platform.ProvisionerRole;
import dev.keycloaktenancy.portal.AdminPortalClient;
import dev.keycloaktenancy.roles.RoleAssignments;
import dev.keycloaktenancy.roles.RoleCleanup;
import dev.keycloaktenancy.scim.ScimTokens;
import dev.keycloaktenancy.roles.transfer.TenancyTransfer;
import dev.keycloaktenancy.webhooks.WebhookDispatcher;
import dev.keycloaktenancy.webhooks.Webhooks;
import org.jboss.logging.Logger;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.provider.ProviderEventListener;

import java.util.Map;
import java.util.Optional;

/**
 * Keycloak's events, handed to the capabilities that care, inside the transaction that published them: limits and
 * default roles when someone joins an organization, audit records of joins, leaves and removed organizations that did
 * not come through the pack's API, no orphan rows when a member leaves or a user, organization or
 * realm is removed, tenancy set up on realms created from JSON that ask for it, and once the database is ready, the
 * storage-level limit checks and the provisioner role.
 */
final class TenancyEvents implements ProviderEventListener {

    private static final Logger LOG = Logger.getLogger(TenancyEvents.class);
    private static final long AUDIT_PURGE_INTERVAL_SECONDS = 3600;
    /** How often the outbox is polled: a message goes out within a few seconds of its change. */
    private static final long WEBHOOK_POLL_INTERVAL_SECONDS = 3;

    @Override
    public void onEvent(ProviderEvent event) {
        if (event instanceof OrganizationModel.OrganizationMemberJoinEvent join) {
            LimitEvents.memberJoined(join);
            RealmModel realm = join.getSession().getContext().getRealm();
            if (Tenancy.isEnabled(realm)) {
                new RoleAssignments(join.getSession(), realm).grantDefaultRoles(join.getOrganization(), join.getUser());
                Optional<String> invitation = new InvitationAcceptance(join.getSession(), realm)
                        .memberJoined(join.getOrganization(), join.getUser());
                if (IdentityFirstLogin.isBrokeredLogin(join.getSession())) {
                    TenancyMetrics.joined(realm, "identity-provider");
                }
                AuditLog audit = new AuditLog(join.getSession());
                invitation.ifPresent(id -> audit.keycloakChanged(realm, join.getOrganization(), "invitation.accepted",
                        id, Map.of("id", id, "userId", join.getUser().getId())));
                audit.keycloakChanged(realm, join.getOrganization(), "member.added", join.getUser().getId(),
                        Map.of("id", join.getUser().getId()));
            } else {
                new RoleAssignments(join.getSession(), realm).membershipChanged(join.getUser());
            }
        } else if (event instanceof OrganizationModel.OrganizationMemberLeaveEvent leave) {
            RoleCleanup.forgetMember(leave.getSession(), leave.getOrganization(), leave.getUser());
            RealmModel realm = leave.getSession().getContext().getRealm();
            if (realm != null && Tenancy.isEnabled(realm)) {
                new AuditLog(leave.getSession()).keycloakChanged(realm, leave.getOrganization(), "member.removed",
                        leave.getUser().getId(), Map.of("id", leave.getUser().getId()));
            }
        } else if (event instanceof UserModel.UserPreRemovedEvent removed) {
            RoleCleanup.forgetUser(removed.getKeycloakSession(), removed.getRealm().getId(), removed.getUser().getId());
            AssertedEmails.forgetUser(removed.getKeycloakSession(), removed.getUser().getId());
            JoinRequests.forgetUser(removed.getKeycloakSession(), removed.getUser().getId());
        } else if (event instanceof OrganizationModel.OrganizationRemovedEvent removed) {
            RoleCleanup.forgetOrganization(removed.getKeycloakSession(), removed.getOrganization().getId());
            // before the audit record: the organization's own webhooks go with it, the realm's hear of the removal
            Webhooks.forgetOrganization(removed.getKeycloakSession(), removed.getOrganization().getId());
            ScimTokens.forgetOrganization(removed.getKeycloakSession(), removed.getOrganization().getId());
            JoinRequests.forgetOrganization(removed.getKeycloakSession(), removed.getOrganization().getId());
            OrganizationNameKeys.forgetOrganization(removed.getKeycloakSession(), removed.getOrganization().getId());
            RealmModel realm = removed.getKeycloakSession().getContext().getRealm();
            if (realm != null && Tenancy.isEnabled(realm)) {
                new AuditLog(removed.getKeycloakSession()).keycloakChanged(realm, removed.getOrganization(),
                        "organization.deleted", removed.getOrganization().getId(),
                        Map.of("id", removed.getOrganization().getId(), "alias", removed.getOrganization().getAlias()));
            }
        } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
            RoleCleanup.forgetRealm(removed.getKeycloakSession(), removed.getRealm().getId());
            ScimTokens.forgetRealm(removed.getKeycloakSession(), removed.getRealm().getId());
            AssertedEmails.forgetRealm(removed.getKeycloakSession(), removed.getRealm().getId());
            JoinRequests.forgetRealm(removed.getKeycloakSession(), removed.getRealm().getId());
            OrganizationNameKeys.forgetRealm(removed.getKeycloakSession(), removed.getRealm().getId());
            AuditLog.forgetRealm(removed.getKeycloakSession(), removed.getRealm().getId());
            Webhooks.forgetRealm(removed.getKeycloakSession(), removed.getRealm().getId());
        } else if (event instanceof GroupModel.GroupCreatedEvent created) {
            LimitEvents.groupCreated(created);
            GroupModel group = created.getGroup();
            // an organization's own group, which Keycloak creates with the organization (its other groups have a parent)
            if (group.getType() == GroupModel.Type.ORGANIZATION && group.getParentId() == null
                    && Tenancy.isEnabled(created.getRealm())) {
                new AuditLog(created.getKeycloakSession()).organizationBeingCreated(created.getRealm());
            }
        } else if (event instanceof RealmModel.RealmCreationEvent created) {
            LimitEvents.realmCreated(created);
        } else if (event instanceof RealmModel.RealmPostCreateEvent created) {
            setUpImportedRealm(created);
        } else if (event instanceof PostMigrationEvent ready) {
            StorageGuards.install(ready.getFactory());
            // after the relay that keeps them in step is registered: organizations from before get their name keys
            OrganizationNameKeys.fillMissing(ready.getFactory());
            // realms enabled before the step existed get it (it asks nothing until the realm's setting says so), and
            // the console's Tenancy tab gets the realm's settings as they are (enabled before it kept a copy, or
            // attributes edited directly)
            KeycloakModelUtils.runJobInTransaction(ready.getFactory(), session -> session.realms().getRealmsStream()
                    .filter(Tenancy::isEnabled).forEach(realm -> {
                        LoginOrganizationCreationFactory.install(realm);
                        RealmSettingsTab.mirror(realm, RealmSettings.CONSOLE_TAB, RealmSettings.formValues(realm));
                    }));
            KeycloakModelUtils.runJobInTransaction(ready.getFactory(), ProvisionerRole::ensure);
            KeycloakModelUtils.runJobInTransaction(ready.getFactory(), AdminPortalClient::ensureInMaster);
            ClusterJobs.schedule(ready.getFactory(), "tenancy-audit-purge", AUDIT_PURGE_INTERVAL_SECONDS,
                    AuditLog::purgeAllRealms);
            ClusterJobs.schedule(ready.getFactory(), "tenancy-webhook-delivery", WEBHOOK_POLL_INTERVAL_SECONDS,
                    WebhookDispatcher::deliverDue);
            ClusterJobs.schedule(ready.getFactory(), "tenancy-webhook-log-purge", AUDIT_PURGE_INTERVAL_SECONDS,
                    WebhookDispatcher::purgeLog);
        }
    }

    private static void setUpImportedRealm(RealmModel.RealmPostCreateEvent created) {
        RealmModel realm = created.getCreatedRealm();
        if (!Tenancy.isEnabled(realm)) {
            return;
        }
        KeycloakSession session = created.getKeycloakSession();
        if (!realm.isOrganizationsEnabled()) {
            String problem = "Realm " + realm.getName() + " asks for tenancy (attribute " + Tenancy.ENABLED + ") but has"
                    + " Organizations off: set \"organizationsEnabled\": true in the realm JSON.";
            if (CurrentRequest.of(session).isPresent()) {
                throw TenancyException.badRequest("organizations_disabled", problem);
            }
            LOG.errorf("%s It was imported without tenancy.", problem);
            realm.removeAttribute(Tenancy.ENABLED);
            return;
        }
        RealmModel previous = session.getContext().getRealm();
        // The organization provider works on the context's realm, which import does not always set.
        session.getContext().setRealm(realm);
        try {
            String seed = realm.getAttribute(Tenancy.IMPORT);
            boolean restoredWithoutData = seed == null && TenancyEnabler.wasExportedWithTenancy(realm)
                    && hasOrganizationMembers(session);
            TenancyEnabler.Outcome outcome = new TenancyEnabler(session, realm).enable(!restoredWithoutData);
            LOG.infof("Tenancy enabled on new realm %s (template roles created: %s)", realm.getName(),
                    outcome.createdTemplateRoles());
            if (restoredWithoutData) {
                LOG.errorf("Realm %s was imported from an export of a realm where keycloak-tenancy was on, but without"
                        + " its tenancy data: organization roles and who holds them live in the pack's own tables,"
                        + " which Keycloak's export does not include. Its members were left without organization roles"
                        + " (they were not given the default roles, which would have made every owner and admin a plain"
                        + " member). Bring the data back with the document that GET /admin/realms/%s/tenancy/export"
                        + " gave when the backup was taken: POST it to /admin/realms/%s/tenancy/import, or put it in the"
                        + " realm JSON's attribute %s and import the realm again. See the README, Backups.",
                        realm.getName(), realm.getName(), realm.getName(), Tenancy.IMPORT);
            }
            if (seed != null) {
                realm.removeAttribute(Tenancy.IMPORT);
                new TenancyTransfer(session, realm, new SecurityPolicies(session),
                        new DocumentWebhooks(session, realm)).importFromRealmAttribute(seed);
            }
        } finally {
            session.getContext().setRealm(previous);
        }
    }

    private static boolean hasOrganizationMembers(KeycloakSession session) {
        OrganizationProvider organizations = session.getProvider(OrganizationProvider.class);
        return organizations != null && organizations.getAllStream().anyMatch(o -> organizations.getMembersCount(o) > 0);
    }
}
