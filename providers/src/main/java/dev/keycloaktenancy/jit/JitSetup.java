package dev.keycloaktenancy.jit;

import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;

/** What enabling tenancy sets up for joining by email domain: its silent required action, switched on. */
public final class JitSetup {

    private JitSetup() {
    }

    /** @return true if the required action was added */
    public static boolean install(RealmModel realm) {
        if (realm.getRequiredActionProviderByAlias(EmailDomainJoinActionFactory.ID) != null) {
            return false;
        }
        RequiredActionProviderModel action = new RequiredActionProviderModel();
        action.setAlias(EmailDomainJoinActionFactory.ID);
        action.setProviderId(EmailDomainJoinActionFactory.ID);
        action.setName("Join organization by verified email domain");
        action.setEnabled(true);
        action.setDefaultAction(false);
        action.setPriority(1000);
        realm.addRequiredActionProvider(action);
        return true;
    }
}
