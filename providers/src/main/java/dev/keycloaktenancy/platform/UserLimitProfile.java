package dev.keycloaktenancy.platform;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.keycloak.userprofile.UserProfileProvider;

import java.util.Map;

/**
 * Puts the user limit validator on the email of the context realm's user profile, once: every sign-up form shows
 * the email (also where it is the username), so that is where the refusal is read.
 */
public final class UserLimitProfile {

    private UserLimitProfile() {
    }

    /** @return true if the validator was added */
    public static boolean install(KeycloakSession session) {
        UserProfileProvider profiles = session.getProvider(UserProfileProvider.class);
        UPConfig config = profiles.getConfiguration();
        UPAttribute email = config.getAttribute(UserModel.EMAIL);
        if (email == null
                || email.getValidations() != null && email.getValidations().containsKey(UserLimitValidator.ID)) {
            return false;
        }
        email.addValidation(UserLimitValidator.ID, Map.of());
        profiles.setConfiguration(config);
        return true;
    }
}
