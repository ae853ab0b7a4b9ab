package dev.keycloaktenancy.roles.lifecycle;

import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.TenancyException;
import dev.keycloaktenancy.jit.EmailDomainJoinActionFactory;
import dev.keycloaktenancy.roles.OrganizationRole;
import dev.keycloaktenancy.roles.OrganizationRoles;
import dev.keycloaktenancy.roles.RoleTemplate;
import dev.keycloaktenancy.roles.token.OrganizationRolesMapper;
import dev.keycloaktenancy.platform.UserLimitProfile;
import dev.keycloaktenancy.routing.SsoFlowSteps;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.organization.OrganizationProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns tenancy on for a realm: the role template, the token mapper in the {@code organization} client scope, the
 * silent required action that joins users by verified email domain, the SSO enforcement steps in the realm's
 * flows, and default roles for members who joined before. Every step checks first, so running it again changes nothing.
 */
public final class TenancyEnabler {

    public static final String ORGANIZATION_SCOPE = "organization";

    private final KeycloakSession session;
    private final RealmModel realm;

    public TenancyEnabler(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** What enabling did, for the caller and the admin event. */
    public record Outcome(boolean alreadyEnabled, List<String> createdTemplateRoles, boolean mapperAdded,
                          boolean requiredActionAdded, List<String> ssoStepsAdded, int membersGivenDefaultRoles,
                          boolean userLimitValidatorAdded) {
    }

    public Outcome enable() {
        if (!realm.isOrganizationsEnabled()) {
            throw TenancyException.conflict("Organizations are not enabled on realm " + realm.getName()
                    + ": turn them on (Realm settings, Organizations) before enabling tenancy.");
        }
        ClientScopeModel scope = realm.getClientScopesStream()
                .filter(s -> ORGANIZATION_SCOPE.equals(s.getName()))
                .findFirst()
                .orElseThrow(() -> TenancyException.conflict("Realm " + realm.getName() + " has no '"
                        + ORGANIZATION_SCOPE + "' client scope, which carries organizations into tokens. Re-create it"
                        + " (Client scopes) before enabling tenancy."));
        boolean alreadyEnabled = Tenancy.isEnabled(realm);
        realm.setAttribute(Tenancy.ENABLED_ATTRIBUTE, "true");

        OrganizationRoles roles = new OrganizationRoles(session, realm);
        Set<String> existing = roles.templateRoles().stream().map(OrganizationRole::name).collect(Collectors.toSet());
        List<String> created = new ArrayList<>();
        for (RoleTemplate.RoleDefinition definition : RoleTemplate.initialRoles()) {
            if (!existing.contains(definition.name())) {
                roles.store().create(realm.getId(), null, definition);
                created.add(definition.name());
            }
        }

        boolean mapperAdded = false;
        if (scope.getProtocolMappersStream().noneMatch(m -> OrganizationRolesMapper.PROVIDER_ID.equals(m.getProtocolMapper()))) {
            scope.addProtocolMapper(OrganizationRolesMapper.defaultModel());
            mapperAdded = true;
        }

        boolean requiredActionAdded = false;
        if (realm.getRequiredActionProviderByAlias(EmailDomainJoinActionFactory.ID) == null) {
            RequiredActionProviderModel action = new RequiredActionProviderModel();
            action.setAlias(EmailDomainJoinActionFactory.ID);
            action.setProviderId(EmailDomainJoinActionFactory.ID);
            action.setName("Join organization by verified email domain");
            action.setEnabled(true);
            action.setDefaultAction(false);
            action.setPriority(1000);
            realm.addRequiredActionProvider(action);
            requiredActionAdded = true;
        }

        List<String> ssoSteps = SsoFlowSteps.install(realm);
        boolean userLimitValidatorAdded = UserLimitProfile.install(session);
        int backfilled = grantDefaultRolesToMembersWithoutRoles(roles);
        return new Outcome(alreadyEnabled, created, mapperAdded, requiredActionAdded, ssoSteps, backfilled,
                userLimitValidatorAdded);
    }

    /** Members who joined while tenancy was off (or through a realm import) get the default roles once. */
    private int grantDefaultRolesToMembersWithoutRoles(OrganizationRoles roles) {
        OrganizationProvider organizations = session.getProvider(OrganizationProvider.class);
        int count = 0;
        for (OrganizationModel organization : organizations.getAllStream("", false, null, null).toList()) {
            Set<String> withRoles = roles.store().membersWithAnyRole(organization.getId());
            for (var member : organizations.getMembersStream(organization, (String) null, false, null, null).toList()) {
                if (!withRoles.contains(member.getId())) {
                    roles.grantDefaultRoles(organization, member);
                    count++;
                }
            }
        }
        return count;
    }
}
