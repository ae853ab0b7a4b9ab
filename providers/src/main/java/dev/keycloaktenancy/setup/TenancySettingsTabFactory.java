package dev.keycloaktenancy.setup;

import dev.keycloaktenancy.RealmSettings;
import dev.keycloaktenancy.api.admin.RealmSettingsForm;
import dev.keycloaktenancy.keycloak.RealmSettingsTab;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** The Tenancy tab of the admin console's Realm settings (feature declarative-ui), wired to {@link RealmSettingsForm}. */
public final class TenancySettingsTabFactory extends RealmSettingsTab {

    private final RealmSettingsForm form = new RealmSettingsForm(
            (session, realm) -> TenancyEnabler.enableSerialized(session, realm.getId()));

    @Override
    protected String title() {
        return RealmSettings.CONSOLE_TAB;
    }

    @Override
    protected String segment() {
        return "tenancy";
    }

    @Override
    protected void check(KeycloakSession session, RealmModel realm, Map<String, String> values) {
        form.check(session, realm, values);
    }

    @Override
    protected void save(KeycloakSession session, RealmModel realm, Map<String, String> values, Set<String> changed) {
        form.save(realm, values, changed);
    }

    @Override
    public String getHelpText() {
        return RealmSettingsForm.helpText();
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return RealmSettingsForm.fields();
    }
}
