package dev.keycloaktenancy.keycloak;

import dev.keycloaktenancy.TenancyException;
import org.keycloak.Config;
import org.keycloak.common.Profile;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.services.ui.extend.UiTabProvider;
import org.keycloak.services.ui.extend.UiTabProviderFactory;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A tab of the admin console's Realm settings (Keycloak's admin UI extension SPI {@code ui-tab}, feature
 * {@code declarative-ui}). The console keeps what the tab saves as a component of the realm and calls the factory to
 * validate it (before anything is written), then on create and update; the subclass checks the values (a refusal's
 * sentence is the console's error message) and writes them where the pack reads them. The component's copy only
 * feeds the form: {@link #mirror} creates it for a realm that has none and keeps it in step when the same values
 * change another way (the REST API, enabling, an import).
 */
public abstract class RealmSettingsTab implements UiTabProvider, UiTabProviderFactory<ComponentModel> {

    /** The console's path of a realm settings tab, and this tab's segment in it. */
    static final String PATH = "/:realm/realm-settings/:tab?";

    /** The tab's title (the console shows the provider id) and its URL segment. */
    protected abstract String title();

    protected abstract String segment();

    /**
     * Refuses values that the pack would not accept, with its sentence; runs before Keycloak writes anything in the
     * request, so it may also do what needs a transaction of its own.
     */
    protected abstract void check(KeycloakSession session, RealmModel realm, Map<String, String> values);

    /**
     * Writes checked values where the pack reads them: only the fields in {@code changed}, those the admin changed in
     * the form, so that a value the form showed out of date (set through the REST API since) is not written back.
     */
    protected abstract void save(KeycloakSession session, RealmModel realm, Map<String, String> values,
                                 Set<String> changed);

    @Override
    public final String getId() {
        return title();
    }

    @Override
    public final String getPath() {
        return PATH;
    }

    @Override
    public final Map<String, String> getParams() {
        return Map.of("tab", segment());
    }

    @Override
    public final void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) {
        try {
            check(session, realm, values(model));
        } catch (TenancyException e) {
            // The console formats the message with MessageFormat, where a single quote starts a quoted part.
            throw new ComponentValidationException(e.description().replace("'", "''"));
        }
    }

    @Override
    public final void onCreate(KeycloakSession session, RealmModel realm, ComponentModel model) {
        // The form had no copy to show, so it showed the fields' defaults, whatever the realm had; a copy that appeared
        // meanwhile (enabling from this very save writes one) gives way to the console's.
        copies(realm, title()).stream().filter(copy -> !copy.getId().equals(model.getId()))
                .forEach(realm::removeComponent);
        Map<String, String> defaults = new LinkedHashMap<>();
        getConfigProperties().forEach(field -> defaults.put(field.getName(),
                field.getDefaultValue() == null ? null : String.valueOf(field.getDefaultValue())));
        Map<String, String> values = values(model);
        save(session, realm, values, changed(defaults, values));
    }

    @Override
    public final void onUpdate(KeycloakSession session, RealmModel realm, ComponentModel oldModel,
                               ComponentModel newModel) {
        Map<String, String> shown = values(oldModel);
        Map<String, String> values = values(newModel);
        // Keycloak leaves an emptied field out of the component's config: it was changed to no value.
        shown.keySet().forEach(name -> values.putIfAbsent(name, null));
        save(session, realm, values, changed(shown, values));
    }

    /** The fields whose value differs between what the form showed and what it sent (no value and empty alike). */
    public static Set<String> changed(Map<String, String> shown, Map<String, String> sent) {
        Set<String> changed = new LinkedHashSet<>();
        sent.forEach((name, value) -> {
            if (!blankAsNull(value).equals(blankAsNull(shown.get(name)))) {
                changed.add(name);
            }
        });
        return changed;
    }

    private static Optional<String> blankAsNull(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /**
     * Puts the values that were just written another way (the REST API, enabling, an import, start-up) into the form's
     * copy of this tab, creating the copy when the realm has none yet, so that the console shows the realm as it is
     * rather than the fields' defaults until someone first saves the tab. A second copy (two nodes creating one at
     * once) is removed. With the feature off there is no form to keep.
     */
    public static void mirror(RealmModel realm, String title, Map<String, String> values) {
        if (!Profile.isFeatureEnabled(Profile.Feature.DECLARATIVE_UI)) {
            return;
        }
        List<ComponentModel> tabs = copies(realm, title);
        if (tabs.isEmpty()) {
            ComponentModel tab = new ComponentModel();
            tab.setName(title);
            tab.setProviderId(title);
            tab.setProviderType(UiTabProvider.class.getName());
            tab.setParentId(realm.getId());
            values.forEach((key, value) -> {
                if (value != null) {
                    tab.getConfig().putSingle(key, value);
                }
            });
            // stored as it is: the values were checked where they were written, and nothing is to be saved again
            realm.importComponentModel(tab);
            return;
        }
        tabs.subList(1, tabs.size()).forEach(realm::removeComponent);
        ComponentModel tab = tabs.get(0);
        Map<String, String> shown = values(tab);
        boolean differs = values.entrySet().stream()
                .anyMatch(e -> !String.valueOf(e.getValue()).equals(String.valueOf(shown.get(e.getKey()))));
        if (differs) {
            values.forEach((key, value) -> {
                if (value == null) {
                    tab.getConfig().remove(key);
                } else {
                    tab.getConfig().putSingle(key, value);
                }
            });
            realm.updateComponent(tab);
        }
    }

    private static List<ComponentModel> copies(RealmModel realm, String title) {
        return realm.getComponentsStream(realm.getId(), UiTabProvider.class.getName())
                .filter(component -> title.equals(component.getProviderId())).toList();
    }

    /** The first value of each key the form sent (the console also sends its URL parameters, realm and tab). */
    private static Map<String, String> values(ComponentModel model) {
        Map<String, String> values = new LinkedHashMap<>();
        model.getConfig().forEach((key, list) -> values.put(key, list == null || list.isEmpty() ? null : list.get(0)));
        return values;
    }

    @Override
    public final void init(Config.Scope config) {
    }

    @Override
    public final void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public final void close() {
    }
}
