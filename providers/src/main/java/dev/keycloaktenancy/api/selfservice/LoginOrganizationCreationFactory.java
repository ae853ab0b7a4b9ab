package dev.keycloaktenancy.api.selfservice;

import org.keycloak.Config;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;

/**
 * Registers {@link LoginOrganizationCreation} as a required action; enabling tenancy adds it to the realm, where the
 * realm's setting decides whether it asks anything. Wiring only.
 */
public final class LoginOrganizationCreationFactory implements RequiredActionFactory {

    public static final String ID = LoginOrganizationCreation.ID;
    private static final LoginOrganizationCreation INSTANCE = new LoginOrganizationCreation();

    /** Adds the required action to the realm, switched on, after joining by email domain; true if it was added now. */
    public static boolean install(RealmModel realm) {
        if (realm.getRequiredActionProviderByAlias(ID) != null) {
            return false;
        }
        RequiredActionProviderModel action = new RequiredActionProviderModel();
        action.setAlias(ID);
        action.setProviderId(ID);
        action.setName("Create an organization at sign-in");
        action.setEnabled(true);
        action.setDefaultAction(false);
        // after joining by email domain and the personal workspace (1000), which may give the user one
        action.setPriority(1001);
        realm.addRequiredActionProvider(action);
        return true;
    }

    @Override
    public String getDisplayText() {
        return "Create an organization at sign-in (keycloak-tenancy)";
    }

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return INSTANCE;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
