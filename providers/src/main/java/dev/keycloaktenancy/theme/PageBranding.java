package dev.keycloaktenancy.theme;

import dev.keycloaktenancy.Branding;
import dev.keycloaktenancy.OrganizationSettings;
import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.keycloak.ServerUrls;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the tenancy theme renders, as the template variable {@code tenancyBrand}: each of the organization's valid
 * branding values, else the realm's (a platform realm brands itself through realm attributes). Only valid values are
 * present, so a template tests for presence and never sees a raw attribute.
 */
final class PageBranding {

    static final String TEMPLATE_VARIABLE = "tenancyBrand";
    /** The pack's own theme, whose resources theme:<path> logos refer to. */
    static final String THEME = "tenancy";

    private PageBranding() {
    }

    static Map<String, String> of(KeycloakSession session, RealmModel realm, Optional<OrganizationModel> organization) {
        Map<String, List<String>> realmAttributes = realm.getAttributes().entrySet().stream()
                .filter(e -> e.getKey().startsWith(Tenancy.BRAND_PREFIX) && e.getValue() != null)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue())));
        Branding realmBranding = Branding.fromAttributes(realmAttributes, "realm " + realm.getName());
        Branding organizationBranding = organization
                .map(org -> OrganizationSettings.of(org).branding(org))
                .orElse(Branding.NONE);

        Map<String, String> values = new LinkedHashMap<>();
        put(values, "displayName", organizationBranding.displayName(), realmBranding.displayName());
        put(values, "logoUrl", absolute(session, organizationBranding.logoUrl()), absolute(session, realmBranding.logoUrl()));
        put(values, "primaryColor", organizationBranding.primaryColor(), realmBranding.primaryColor());
        put(values, "backgroundColor", organizationBranding.backgroundColor(), realmBranding.backgroundColor());
        organization.ifPresent(org -> values.put("organization", org.getAlias()));
        return values;
    }

    /** theme:<path> names a file of the tenancy login theme; emails need it absolute, so pages get it so too. */
    private static String absolute(KeycloakSession session, String logoUrl) {
        if (logoUrl == null || !logoUrl.startsWith(Branding.THEME_RESOURCE_PREFIX)) {
            return logoUrl;
        }
        return ServerUrls.themeRoot(session.getContext().getUri().getBaseUri()) + "/login/" + THEME + "/"
                + logoUrl.substring(Branding.THEME_RESOURCE_PREFIX.length());
    }

    private static void put(Map<String, String> values, String key, String preferred, String fallback) {
        String value = preferred != null ? preferred : fallback;
        if (value != null) {
            values.put(key, value);
        }
    }
}
