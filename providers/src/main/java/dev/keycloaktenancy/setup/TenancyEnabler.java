package dev.keycloaktenancy.setup;

import dev.keycloaktenancy.EmailValidations;
import dev.keycloaktenancy.RealmSettings;
import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.TenancyException;
import dev.keycloaktenancy.api.selfservice.SelfServiceAudience;
import dev.keycloaktenancy.api.selfservice.LoginOrganizationCreationFactory;
import dev.keycloaktenancy.jit.JitSetup;
import dev.keycloaktenancy.keycloak.KeycloakVersion;
import dev.keycloaktenancy.keycloak.RealmSettingsTab;
import dev.keycloaktenancy.keycloak.RowLocks;
import dev.keycloaktenancy.limits.UserLimitValidator;
import dev.keycloaktenancy.portal.AdminPortalClient;
import dev.keycloaktenancy.portal.PortalClient;
import dev.keycloaktenancy.roles.RoleAssignments;
import dev.keycloaktenancy.roles.RoleDefinitions;
import dev.keycloaktenancy.roles.token.OrganizationRolesMapper;
import dev.keycloaktenancy.routing.RoutingSetup;
import dev.keycloaktenancy.routing.SsoEmailLock;
import dev.keycloaktenancy.security.SecuritySetup;
import org.jboss.logging.Logger;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.List;

/**
 * Turns tenancy on for a realm, each capability setting up its own part: the role template and the token mapper
 * (roles), the self-service API's client scope (api), the portal's sign-in client (portal), the silent required
 * action that joins users by verified email domain (jit), the routing and SSO enforcement steps (routing), the
 * required action that enforces the organizations' MFA policies (security), the checks
 * on the email of the user profile (limits and routing), default roles for members who joined before, and the admin
 * console's copy of the realm's settings (the Tenancy tab shows the realm as it is). Every step checks first, so
 * running it again changes nothing.
 */
public final class TenancyEnabler {

    public static final String ORGANIZATION_SCOPE = "organization";
    private static final int MAX_ATTEMPTS = 3;
    private static final Logger LOG = Logger.getLogger(TenancyEnabler.class);

    private final KeycloakSession session;
    private final RealmModel realm;

    public TenancyEnabler(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /**
     * Whether the realm, as imported, already has the pack's token mapper: then it is an export of a realm where
     * tenancy was on, not a realm enabled for the first time.
     */
    public static boolean wasExportedWithTenancy(RealmModel realm) {
        return realm.getClientScopesStream().filter(s -> ORGANIZATION_SCOPE.equals(s.getName()))
                .flatMap(ClientScopeModel::getProtocolMappersStream)
                .anyMatch(m -> OrganizationRolesMapper.PROVIDER_ID.equals(m.getProtocolMapper()));
    }

    /** What enabling did, for the caller and the admin event. */
    public record Outcome(boolean alreadyEnabled, List<String> createdTemplateRoles, List<String> upgradedTemplateRoles,
                          boolean mapperAdded, boolean apiScopeChanged, boolean portalClientCreated,
                          boolean requiredActionAdded, List<String> ssoStepsAdded, List<String> emailValidationsAdded,
                          int membersGivenDefaultRoles, boolean mfaPolicyActionAdded) {
    }

    /**
     * Enables tenancy in a transaction of its own that starts by locking the realm's row, so requests enabling the
     * same realm at the same moment queue up. One that still read a view older than the one before it committed (a
     * cached realm not yet invalidated) fails on a duplicate when it writes; enabling is idempotent, so it runs again.
     */
    public static Outcome enableSerialized(KeycloakSession session, String realmId) {
        for (int attempt = 1; ; attempt++) {
            try {
                return KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(), job -> {
                    RowLocks.of(job).lockRealm(realmId);
                    RealmModel realm = job.realms().getRealm(realmId);
                    job.getContext().setRealm(realm);
                    return new TenancyEnabler(job, realm).enable();
                });
            } catch (TenancyException e) {
                throw e;
            } catch (RuntimeException e) {
                if (attempt == MAX_ATTEMPTS) {
                    throw e;
                }
                LOG.debugf(e, "Enabling tenancy on realm %s met a concurrent enable; trying again", realmId);
            }
        }
    }

    /** Enables tenancy in the current transaction (a realm being imported, which no other transaction sees yet). */
    public Outcome enable() {
        return enable(true);
    }

    /**
     * The same, choosing whether members who hold no organization role get the default roles. A realm imported from
     * an export of a realm where tenancy was on must not: its members had roles, which the export does not carry.
     */
    public Outcome enable(boolean grantDefaultRolesToMembersWithoutRoles) {
        KeycloakVersion.running().requireTenancySupport();
        if (!realm.isOrganizationsEnabled()) {
            throw TenancyException.conflict("organizations_disabled", "Organizations are not enabled on realm " + realm.getName()
                    + ": turn them on (Realm settings, Organizations) before enabling tenancy.");
        }
        ClientScopeModel scope = realm.getClientScopesStream()
                .filter(s -> ORGANIZATION_SCOPE.equals(s.getName()))
                .findFirst()
                .orElseThrow(() -> TenancyException.conflict("organization_scope_missing", "Realm " + realm.getName() + " has no '"
                        + ORGANIZATION_SCOPE + "' client scope, which carries organizations into tokens. Re-create it"
                        + " (Client scopes) before enabling tenancy."));
        RoleDefinitions.TemplateChanges template = new RoleDefinitions(session, realm).installTemplate();
        boolean alreadyEnabled = Tenancy.isEnabled(realm);
        realm.setAttribute(Tenancy.ENABLED, "true");

        boolean mapperAdded = false;
        if (scope.getProtocolMappersStream().noneMatch(m -> OrganizationRolesMapper.PROVIDER_ID.equals(m.getProtocolMapper()))) {
            scope.addProtocolMapper(OrganizationRolesMapper.defaultModel());
            mapperAdded = true;
        }
        boolean apiScopeChanged = SelfServiceAudience.install(realm);
        boolean portalClientCreated = PortalClient.install(session, realm);
        AdminPortalClient.install(session, realm);
        boolean requiredActionAdded = JitSetup.install(realm);
        LoginOrganizationCreationFactory.install(realm);
        List<String> ssoSteps = RoutingSetup.install(realm);
        boolean mfaPolicyActionAdded = SecuritySetup.install(realm);
        List<String> emailValidations = EmailValidations.install(session, UserLimitValidator.ID, SsoEmailLock.ID);
        int backfilled = grantDefaultRolesToMembersWithoutRoles
                ? new RoleAssignments(session, realm).grantDefaultRolesToMembersWithoutRoles() : 0;
        RealmSettingsTab.mirror(realm, RealmSettings.CONSOLE_TAB, RealmSettings.formValues(realm));
        return new Outcome(alreadyEnabled, template.created(), template.upgraded(), mapperAdded, apiScopeChanged, portalClientCreated, requiredActionAdded,
                ssoSteps, emailValidations, backfilled, mfaPolicyActionAdded);
    }
}
