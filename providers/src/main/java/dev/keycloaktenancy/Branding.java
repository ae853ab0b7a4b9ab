package dev.keycloaktenancy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jboss.logging.Logger;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Branding of an organization (or of a platform realm): display name, logo and colours, stored as attributes.
 * Values are checked when written through the pack and again when read, because the admin console's Attributes tab
 * stores anything: an invalid value is dropped (and logged), never rendered.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Branding(@JsonProperty("displayName") String displayName,
                       @JsonProperty("logoUrl") String logoUrl,
                       @JsonProperty("primaryColor") String primaryColor,
                       @JsonProperty("backgroundColor") String backgroundColor) {

    public static final int MAX_DISPLAY_NAME = 100;
    public static final int MAX_URL = 2000;

    private static final Logger LOG = Logger.getLogger(Branding.class);
    private static final Pattern COLOR = Pattern.compile("#[0-9a-fA-F]{6}");
    public static final String THEME_RESOURCE_PREFIX = "theme:";
    /** Relative path segments of letters, digits, dots, dashes and underscores; no segment may be "..". */
    private static final Pattern THEME_RESOURCE = Pattern.compile("(?!.*(^|/)\\.\\.(/|$))[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");
    /** Invalid values already logged: pages are rendered often, the warning is worth one line. */
    private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();
    private static final int MAX_REPORTED = 1000;

    public static final Branding NONE = new Branding(null, null, null, null);

    /** The valid values among stored attributes; invalid ones are logged and left out. */
    public static Branding fromAttributes(Map<String, List<String>> attributes, String owner) {
        if (attributes == null) {
            return NONE;
        }
        return new Branding(
                keepIfValid(first(attributes, Tenancy.BRAND_DISPLAY_NAME), Branding::isValidDisplayName,
                        Tenancy.BRAND_DISPLAY_NAME, owner),
                keepIfValid(first(attributes, Tenancy.BRAND_LOGO_URL), Branding::isValidLogoUrl, Tenancy.BRAND_LOGO_URL, owner),
                keepIfValid(first(attributes, Tenancy.BRAND_PRIMARY_COLOR), Branding::isValidColor,
                        Tenancy.BRAND_PRIMARY_COLOR, owner),
                keepIfValid(first(attributes, Tenancy.BRAND_BACKGROUND_COLOR), Branding::isValidColor,
                        Tenancy.BRAND_BACKGROUND_COLOR, owner));
    }

    /** The values to store, by attribute key; null where this branding leaves a value as it is. */
    public Map<String, String> byAttribute() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(Tenancy.BRAND_DISPLAY_NAME, displayName);
        values.put(Tenancy.BRAND_LOGO_URL, logoUrl);
        values.put(Tenancy.BRAND_PRIMARY_COLOR, primaryColor);
        values.put(Tenancy.BRAND_BACKGROUND_COLOR, backgroundColor);
        return values;
    }

    /** Refuses invalid values with a 400 naming the field. Empty strings mean "remove". */
    public Branding validatedForWrite() {
        check(displayName, Branding::isValidDisplayName, "displayName",
                "at most " + MAX_DISPLAY_NAME + " characters, without control, text-direction or line-separator characters");
        check(logoUrl, Branding::isValidLogoUrl, "logoUrl", "an absolute https:// URL or theme:<path of a file in the tenancy theme>, of at most " + MAX_URL + " characters");
        check(primaryColor, Branding::isValidColor, "primaryColor", "a colour like #1a2b3c");
        check(backgroundColor, Branding::isValidColor, "backgroundColor", "a colour like #1a2b3c");
        return this;
    }

    public static boolean isValidDisplayName(String value) {
        return value != null && !value.isBlank() && value.length() <= MAX_DISPLAY_NAME && InputText.isPlainLine(value);
    }

    /** An absolute https URL, or {@code theme:<path>}: a file among the tenancy theme's own resources. */
    public static boolean isValidLogoUrl(String value) {
        if (value == null || value.length() > MAX_URL || value.chars().anyMatch(c -> c <= ' ' || c == '"' || c == '\'' || c == '<' || c == '>' || c == '\\' || c == 127)) {
            return false;
        }
        if (value.startsWith(THEME_RESOURCE_PREFIX)) {
            return THEME_RESOURCE.matcher(value.substring(THEME_RESOURCE_PREFIX.length())).matches();
        }
        try {
            URI uri = new URI(value);
            return "https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null && uri.getUserInfo() == null;
        } catch (Exception e) {
            return false;
        }
    }

    public static boolean isValidColor(String value) {
        return value != null && COLOR.matcher(value).matches();
    }

    private interface Check {
        boolean valid(String value);
    }

    private static void check(String value, Check check, String field, String expected) {
        if (value != null && !value.isEmpty() && !check.valid(value)) {
            throw TenancyException.badRequest("Invalid branding." + field + ": use " + expected + ".");
        }
    }

    private static String keepIfValid(String value, Check check, String key, String owner) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (check.valid(value)) {
            return value;
        }
        if (REPORTED.size() < MAX_REPORTED && REPORTED.add(owner + "|" + key + "|" + value)) {
            LOG.warnf("Ignoring invalid %s of %s (shown once)", key, owner);
        }
        return null;
    }

    private static String first(Map<String, List<String>> attributes, String key) {
        List<String> values = attributes.get(key);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
