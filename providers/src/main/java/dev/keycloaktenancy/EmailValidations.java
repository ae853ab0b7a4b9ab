package dev.keycloaktenancy;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.keycloak.userprofile.UserProfileProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pack's checks on the email of the context realm's user profile (the user limit, SSO enforcement): every
 * sign-up and profile form shows the email (also where it is the username), so that is where a refusal is read.
 */
public final class EmailValidations {

    private EmailValidations() {
    }

    /**
     * Adds validators to the email attribute, those missing, in one change of the configuration (Keycloak may answer a
     * second read in the same transaction from its parsed copy, without the first change).
     *
     * @return the validators added
     */
    public static List<String> install(KeycloakSession session, String... validatorIds) {
        UserProfileProvider profiles = session.getProvider(UserProfileProvider.class);
        UPConfig config = profiles.getConfiguration();
        UPAttribute email = config.getAttribute(UserModel.EMAIL);
        if (email == null) {
            return List.of();
        }
        List<String> added = new ArrayList<>();
        for (String validatorId : validatorIds) {
            if (email.getValidations() == null || !email.getValidations().containsKey(validatorId)) {
                email.addValidation(validatorId, Map.of());
                added.add(validatorId);
            }
        }
        if (!added.isEmpty()) {
            profiles.setConfiguration(config);
        }
        return added;
    }
}
