package dev.keycloaktenancy.routing;

import dev.keycloaktenancy.domains.DomainOwner;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ConfiguredProvider;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.userprofile.AttributeContext;
import org.keycloak.userprofile.UserProfileAttributeValidationContext;
import org.keycloak.userprofile.UserProfileContext;
import org.keycloak.validate.SimpleValidator;
import org.keycloak.validate.ValidationContext;
import org.keycloak.validate.ValidationError;
import org.keycloak.validate.ValidatorConfig;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A user profile validator on the email: a person under SSO enforcement may not change their own email to one
 * outside their organization's verified domains (the account console, the update-profile and update-email actions),
 * which would take them out of the enforcement and let them set a password. Realm administrators may (the admin API
 * and console), as they may manage the account in every other way.
 */
public final class SsoEmailLock implements SimpleValidator, ConfiguredProvider {

    public static final String ID = "tenancy-sso-email-lock";
    private static final Set<UserProfileContext> SELF_SERVICE = Set.of(UserProfileContext.ACCOUNT,
            UserProfileContext.UPDATE_PROFILE, UserProfileContext.UPDATE_EMAIL);

    @Override
    public ValidationContext validate(Object input, String inputHint, ValidationContext context, ValidatorConfig config) {
        if (!(context instanceof UserProfileAttributeValidationContext profileContext)) {
            return context;
        }
        AttributeContext attribute = profileContext.getAttributeContext();
        UserModel user = attribute.getUser();
        String wanted = first(input);
        if (!SELF_SERVICE.contains(attribute.getContext()) || user == null || user.getEmail() == null
                || wanted == null || wanted.equalsIgnoreCase(user.getEmail())) {
            return context;
        }
        KeycloakSession session = context.getSession();
        Optional<SsoRequirement.Route> route = SsoRequirement.forEmail(session, user.getEmail());
        if (route.isEmpty()) {
            return context;
        }
        boolean staysInside = DomainOwner.of(session, wanted)
                .filter(owner -> owner.organization().getId().equals(route.get().organization().getId())).isPresent();
        if (!staysInside) {
            String name = route.get().organization().getName();
            context.addError(new ValidationError(ID, inputHint, name + " requires single sign-on for your address, so"
                    + " it cannot be changed to one outside " + name + "'s domains. Ask an administrator."));
        }
        return context;
    }

    private static String first(Object input) {
        if (input instanceof Collection<?> values) {
            return values.isEmpty() || values.iterator().next() == null ? null : values.iterator().next().toString();
        }
        return input == null ? null : input.toString();
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getHelpText() {
        return "Keeps people under their organization's SSO enforcement from changing their email to leave it (keycloak-tenancy).";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }
}
