package dev.keycloaktenancy.limits;

import dev.keycloaktenancy.TenancyException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
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

import java.util.List;

/**
 * A user profile validator on the email: when a new account is about to be created (registration, the admin
 * API, first login through an identity provider) and the realm is at its user limit, the profile is refused with a
 * sentence. Existing users are never affected. Keycloak runs profile validation before it creates the user, in the
 * same transaction, so the lock taken by the check covers the creation.
 */
public final class UserLimitValidator implements SimpleValidator, ConfiguredProvider {

    public static final String ID = "tenancy-user-limit";

    @Override
    public ValidationContext validate(Object input, String inputHint, ValidationContext context, ValidatorConfig config) {
        if (!(context instanceof UserProfileAttributeValidationContext profileContext)) {
            return context;
        }
        AttributeContext attribute = profileContext.getAttributeContext();
        KeycloakSession session = context.getSession();
        RealmModel realm = session.getContext().getRealm();
        if (!createsAUser(session, realm, attribute)) {
            return context;
        }
        try {
            UsageLimits.checkRoomForUser(session, realm);
        } catch (TenancyException e) {
            context.addError(new ValidationError(ID, inputHint, e.description()));
        }
        return context;
    }

    /**
     * A profile without a user is a new account. At first login through an identity provider, Keycloak validates the
     * brokered identity (not yet stored) in the review context; it becomes a new account unless it links to an
     * existing user with the same email.
     */
    private static boolean createsAUser(KeycloakSession session, RealmModel realm, AttributeContext attribute) {
        UserModel user = attribute.getUser();
        if (user == null) {
            return true;
        }
        if (attribute.getContext() != UserProfileContext.IDP_REVIEW) {
            return false;
        }
        boolean stored = user.getId() != null && session.users().getUserById(realm, user.getId()) != null;
        boolean existingEmail = user.getEmail() != null && session.users().getUserByEmail(realm, user.getEmail()) != null;
        return !stored && !existingEmail;
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getHelpText() {
        return "Refuses new accounts when the realm reaches tenancy.limits.max-users (keycloak-tenancy).";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }
}
