package dev.keycloaktenancy.security;

import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;

/** What enabling tenancy sets up for the organizations' security policies: the required action that enforces MFA. */
public final class SecuritySetup {

    private SecuritySetup() {
    }

    /** @return whether the required action was added now */
    public static boolean install(RealmModel realm) {
        if (realm.getRequiredActionProviderByAlias(MfaLoginGate.ID) != null) {
            return false;
        }
        RequiredActionProviderModel gate = new RequiredActionProviderModel();
        gate.setAlias(MfaLoginGate.ID);
        gate.setProviderId(MfaLoginGate.ID);
        gate.setName("Organization MFA policy");
        gate.setEnabled(true);
        gate.setDefaultAction(false);
        // right after SSO enforcement (1): a login that may not go on is refused before it is asked for a factor
        gate.setPriority(2);
        realm.addRequiredActionProvider(gate);
        return true;
    }
}
