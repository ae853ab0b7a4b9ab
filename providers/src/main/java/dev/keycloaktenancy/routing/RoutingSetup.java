package dev.keycloaktenancy.routing;

import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;

import java.util.ArrayList;
import java.util.List;

/**
 * What enabling tenancy sets up for routing and SSO enforcement: the steps in the realm's flows
 * ({@link SsoFlowSteps}) and the required action that has the last word on every login ({@link SsoLoginGate}). Each
 * part is added once. (Its email check, {@link SsoEmailLock}, joins the other checks on the email in setup.)
 */
public final class RoutingSetup {

    private RoutingSetup() {
    }

    /** @return a line for each step, action or check added */
    public static List<String> install(RealmModel realm) {
        List<String> added = new ArrayList<>(SsoFlowSteps.install(realm));
        if (realm.getRequiredActionProviderByAlias(SsoLoginGate.ID) == null) {
            RequiredActionProviderModel gate = new RequiredActionProviderModel();
            gate.setAlias(SsoLoginGate.ID);
            gate.setProviderId(SsoLoginGate.ID);
            gate.setName("Organization SSO enforcement");
            gate.setEnabled(true);
            gate.setDefaultAction(false);
            // before every other required action: nothing else runs for a login that may not go on
            gate.setPriority(1);
            realm.addRequiredActionProvider(gate);
            added.add("required actions: " + SsoLoginGate.ID);
        }
        return added;
    }
}
