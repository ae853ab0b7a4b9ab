package dev.keycloaktenancy.setup;

import dev.keycloaktenancy.RealmSettings;
import org.junit.jupiter.api.Test;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.ui.extend.UiTabProvider;
import org.keycloak.services.ui.extend.UiTabProviderFactory;

import java.lang.reflect.Proxy;
import java.text.MessageFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TenancySettingsTabFactoryTest {

    @Test
    void theTabIsRegisteredForRealmSettings() {
        UiTabProviderFactory<?> tab = ServiceLoader.load(UiTabProviderFactory.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(factory -> factory instanceof TenancySettingsTabFactory)
                .findFirst().orElseThrow(() -> new AssertionError("the Tenancy tab is not registered"));
        assertEquals("Tenancy", tab.getId());
        assertEquals(Map.of("path", "/:realm/realm-settings/:tab?", "params", Map.of("tab", "tenancy")),
                tab.getTypeMetadata());
        assertEquals(List.of("enabled", "claimDefaultForm", "maxDomainsPerOrganization",
                "maxPendingDomainsPerOrganization",
                "allowedMfaMethods", "auditRetentionDays", "selfServeCreateOrganizations", "maxOrganizationsPerUser",
                "personalOrganization", "personalOrganizationName", "loginCreateOrganization"),
                tab.getConfigProperties().stream().map(ProviderConfigProperty::getName).toList());
    }

    @Test
    void wrongValuesAreRefusedWithThePacksSentence() {
        TenancySettingsTabFactory tab = new TenancySettingsTabFactory();
        Map<String, String> attributes = new HashMap<>();
        RealmModel realm = realm(attributes);

        ComponentValidationException refused = assertThrows(ComponentValidationException.class,
                () -> tab.validateConfiguration(null, realm, form(Map.of("claimDefaultForm", "compact"))));
        assertEquals("claimDefaultForm: 'compact' is not a form of the organization claim; use one of native, full,"
                + " roles, ids.", MessageFormat.format(refused.getMessage(), new Object[0]), "as the console shows it");

        ComponentValidationException count = assertThrows(ComponentValidationException.class,
                () -> tab.validateConfiguration(null, realm, form(Map.of("maxDomainsPerOrganization", "lots"))));
        assertEquals("maxDomainsPerOrganization: a whole number from 0 to 1000, digits only, or no value for the"
                + " default.", MessageFormat.format(count.getMessage(), new Object[0]));
        assertThrows(ComponentValidationException.class,
                () -> tab.validateConfiguration(null, realm, form(Map.of("enabled", "maybe"))));
        assertThrows(ComponentValidationException.class, () -> tab.validateConfiguration(null, realm,
                form(Map.of("personalOrganizationName", "{company}'s space"))));
        assertEquals(Map.of(), attributes, "nothing written");
    }

    @Test
    void savedValuesLandInTheRealmAttributesThePackReads() {
        TenancySettingsTabFactory tab = new TenancySettingsTabFactory();
        Map<String, String> attributes = new HashMap<>();
        attributes.put("tenancy.domains.max-pending-per-organization", "3");
        RealmModel realm = realm(attributes);
        ComponentModel saved = form(Map.of("claimDefaultForm", "IDS", "maxDomainsPerOrganization", "20",
                "maxPendingDomainsPerOrganization", "", "selfServeCreateOrganizations", "true",
                "personalOrganizationName", "{username}", "realm", "saas-b2b", "tab", "tenancy"));

        tab.validateConfiguration(null, realm, saved);
        tab.onCreate(null, realm, saved);

        assertEquals(Map.of("tenancy.claim.default-form", "ids", "tenancy.domains.max-per-organization", "20",
                        "tenancy.domains.max-pending-per-organization", "3",
                        "tenancy.self-service.create-organizations", "true",
                        "tenancy.self-service.personal-organization-name", "{username}"),
                attributes, "a field left as the never-saved form showed it (empty) keeps what the realm has");
        assertEquals(new RealmSettings("ids", 20, 3, null, null, true, null, null, "{username}"),
                RealmSettings.of(realm));

        Map<String, String> emptied = new HashMap<>();
        saved.getConfig().forEach((key, values) -> emptied.put(key, values.get(0)));
        emptied.remove("maxDomainsPerOrganization"); // as Keycloak stores a field the admin emptied: left out
        tab.onUpdate(null, realm, saved, form(emptied));

        assertEquals(null, attributes.get("tenancy.domains.max-per-organization"),
                "a field the admin empties removes its attribute: the default applies");
        assertEquals("ids", attributes.get("tenancy.claim.default-form"), "unchanged fields are not written");
    }

    private static ComponentModel form(Map<String, String> values) {
        ComponentModel model = new ComponentModel();
        model.setProviderType(UiTabProvider.class.getName());
        model.setProviderId("Tenancy");
        values.forEach(model::put);
        return model;
    }

    /** A realm that keeps its attributes in a map (tenancy off, organizations on, no tab saved before). */
    private static RealmModel realm(Map<String, String> attributes) {
        return (RealmModel) Proxy.newProxyInstance(RealmModel.class.getClassLoader(), new Class<?>[]{RealmModel.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getAttribute" -> args.length == 1 ? attributes.get((String) args[0]) : null;
                    case "setAttribute" -> attributes.put((String) args[0], String.valueOf(args[1]));
                    case "removeAttribute" -> attributes.remove((String) args[0]);
                    case "getName" -> "test";
                    case "getId" -> "test-id";
                    case "getComponentsStream" -> Stream.empty();
                    case "isOrganizationsEnabled" -> true;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
