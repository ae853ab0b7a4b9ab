package dev.keycloaktenancy.api.admin;

import dev.keycloaktenancy.InputText;
import dev.keycloaktenancy.OrganizationSettings;
import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.keycloak.OrganizationAttributes;
import dev.keycloaktenancy.roles.transfer.OrganizationPolicies;
import dev.keycloaktenancy.roles.transfer.TenancyData;
import dev.keycloaktenancy.security.MfaMethod;
import dev.keycloaktenancy.security.SecurityPolicy;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Organizations' security policies in configuration documents, with the rules of
 * {@code PUT …/organizations/{org}/security}: {@code mfa} is {@code off} or {@code required}; methods are known and
 * allowed by the realm's cap (a method the organization already has stays, as the cap is applied when the policy is
 * read); a requirement needs a method the realm allows; SSO can be required only with an enabled identity provider.
 */
public final class SecurityPolicies implements OrganizationPolicies {

    private final KeycloakSession session;

    public SecurityPolicies(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public TenancyData.SecurityData read(OrganizationModel organization) {
        OrganizationSettings settings = OrganizationSettings.of(organization);
        return new TenancyData.SecurityData(settings.mfaRequired() ? SecurityPolicy.REQUIRED : SecurityPolicy.OFF,
                List.copyOf(new TreeSet<>(settings.mfaMethods())), settings.ssoRequired());
    }

    @Override
    public List<String> problems(OrganizationModel organization, TenancyData.SecurityData from,
                                 TenancyData.SecurityData to, String allowedMfaMethods, String path) {
        List<String> problems = new ArrayList<>();
        if (!SecurityPolicy.OFF.equals(to.mfa()) && !SecurityPolicy.REQUIRED.equals(to.mfa())) {
            problems.add(path + ".mfa: '" + InputText.shorten(to.mfa()) + "' is neither " + SecurityPolicy.OFF
                    + " nor " + SecurityPolicy.REQUIRED + ".");
        }
        Set<MfaMethod> allowed = SecurityPolicy.realmAllowed(allowedMfaMethods);
        for (String name : to.mfaMethods()) {
            if (MfaMethod.byName(name).isEmpty()) {
                problems.add(path + ".mfaMethods: '" + InputText.shorten(name) + "' is not a second-factor method; the"
                        + " methods are " + String.join(", ", SecurityPolicy.names(Set.of(MfaMethod.values()))) + ".");
            } else if (!allowed.contains(MfaMethod.byName(name).get()) && !from.mfaMethods().contains(name)) {
                problems.add(path + ".mfaMethods: the realm does not let organizations choose '" + name + "'; it allows "
                        + (allowed.isEmpty() ? "none" : String.join(", ", SecurityPolicy.names(allowed))) + ".");
            }
        }
        if (SecurityPolicy.REQUIRED.equals(to.mfa()) && !SecurityPolicy.REQUIRED.equals(from.mfa()) && allowed.isEmpty()) {
            problems.add(path + ".mfa: the realm allows no second-factor method to its organizations, so none may"
                    + " require MFA.");
        }
        if (Boolean.TRUE.equals(to.ssoRequired()) && !Boolean.TRUE.equals(from.ssoRequired())
                && organization.getIdentityProviders().noneMatch(IdentityProviderModel::isEnabled)) {
            problems.add(path + ".ssoRequired: organization " + organization.getAlias() + " has no enabled identity"
                    + " provider, so requiring single sign-on would lock its people out; link one first.");
        }
        return problems;
    }

    @Override
    public void write(OrganizationModel organization, TenancyData.SecurityData policy) {
        Map<String, List<String>> changes = new HashMap<>();
        changes.put(Tenancy.MFA, SecurityPolicy.REQUIRED.equals(policy.mfa()) ? List.of(SecurityPolicy.REQUIRED) : null);
        changes.put(Tenancy.MFA_METHODS, policy.mfaMethods().isEmpty() ? null : policy.mfaMethods());
        changes.put(Tenancy.SSO_REQUIRED, Boolean.TRUE.equals(policy.ssoRequired()) ? List.of("true") : null);
        OrganizationAttributes.change(session, organization, changes);
    }
}
