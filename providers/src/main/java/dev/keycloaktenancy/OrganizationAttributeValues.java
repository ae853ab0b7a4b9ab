package dev.keycloaktenancy;

import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * What the pack's keys among an organization's attributes may hold, checked where any writer (the admin console's
 * Attributes tab, Keycloak's organization REST API, realm import) stores one: the same rules as the pack's API.
 * Keys the pack does not read, and keys it writes for itself (domain verification tokens), are not checked here.
 */
public final class OrganizationAttributeValues {

    private static final Pattern THEME_NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private record Rule(Predicate<String> valid, String expected) {
    }

    private static final Rule SWITCH = new Rule(v -> v.equals("true") || v.equals("false"), "true or false");
    private static final Rule COLOR = new Rule(Branding::isValidColor, "a colour like #1a2b3c");

    private static final Map<String, Rule> RULES = Map.ofEntries(
            Map.entry(Tenancy.SSO_REQUIRED, SWITCH),
            Map.entry(Tenancy.JOIN_BY_EMAIL_DOMAIN, SWITCH),
            Map.entry(Tenancy.MFA, new Rule(v -> v.equals("off") || v.equals("required"), "off or required")),
            Map.entry(Tenancy.MFA_METHODS, new Rule(RealmSettings.MFA_METHODS::contains,
                    "one method per value: " + String.join(" or ", RealmSettings.MFA_METHODS))),
            Map.entry(Tenancy.LOGIN_THEME, new Rule(v -> THEME_NAME.matcher(v).matches(),
                    "the name of an installed login theme")),
            Map.entry(Tenancy.EMAIL_THEME, new Rule(v -> THEME_NAME.matcher(v).matches(),
                    "the name of an installed email theme")),
            Map.entry(Tenancy.MAX_MEMBERS, new Rule(v -> !v.isBlank() && LimitValue.isValid(v),
                    "a whole number, digits only")),
            Map.entry(Tenancy.BRAND_DISPLAY_NAME, new Rule(Branding::isValidDisplayName,
                    "one line of at most " + Branding.MAX_DISPLAY_NAME + " characters")),
            Map.entry(Tenancy.BRAND_LOGO_URL, new Rule(Branding::isValidLogoUrl, "an https:// address")),
            Map.entry(Tenancy.BRAND_PRIMARY_COLOR, COLOR),
            Map.entry(Tenancy.BRAND_BACKGROUND_COLOR, COLOR));

    private OrganizationAttributeValues() {
    }

    /** Why the value cannot be stored under this key, as a sentence; null when it can. */
    public static String problem(String key, String value) {
        Rule rule = RULES.get(key);
        if (rule == null || value != null && rule.valid().test(value)) {
            return null;
        }
        return "Organization attribute " + key + " cannot be '" + InputText.shorten(value == null ? "" : value)
                + "': use " + rule.expected() + ".";
    }
}
