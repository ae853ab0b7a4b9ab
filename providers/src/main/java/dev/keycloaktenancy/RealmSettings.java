package dev.keycloaktenancy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.keycloak.models.RealmModel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The tenancy settings a realm administrator chooses for the realm, kept as realm attributes: the one place the pack
 * reads them, whichever way they are written (the configuration API {@code …/tenancy/config}, realm import's
 * {@code tenancy.import}, the admin console's Tenancy tab). A null field is not set: the pack's default applies.
 * The realm's user and organization limits are not here: they are the platform operator's (tenants API).
 *
 * @param claimDefaultForm                 the {@code organization} claim's form for clients that chose none
 * @param maxDomainsPerOrganization        how many domains an organization may claim (default 50)
 * @param maxPendingDomainsPerOrganization how many of them may wait for verification at once (default 10)
 * @param allowedMfaMethods                the second-factor methods organizations may require, comma-separated
 *                                         ({@code none}: organizations cannot require MFA; default: every method)
 * @param auditRetentionDays               how many days audit records are kept (1 to 3650, default 90)
 * @param selfServeCreateOrganizations     whether users may create organizations through the self-service API
 * @param maxOrganizationsPerUser          how many organizations one user may own (default 5; in a tenant realm the
 *                                         platform operator's, like every {@code tenancy.limits.*} attribute)
 * @param personalOrganization             whether a user gets an organization of their own at first sign-in
 * @param personalOrganizationName         the name pattern of personal organizations (default {@code {name}'s workspace})
 * @param loginCreateOrganization          whether signing in without any organization shows a page to create one:
 *                                         {@code off} (default), {@code offer} (with a skip) or {@code require}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RealmSettings(@JsonProperty("claimDefaultForm") String claimDefaultForm,
                            @JsonProperty("maxDomainsPerOrganization") Integer maxDomainsPerOrganization,
                            @JsonProperty("maxPendingDomainsPerOrganization") Integer maxPendingDomainsPerOrganization,
                            @JsonProperty("allowedMfaMethods") String allowedMfaMethods,
                            @JsonProperty("auditRetentionDays") Integer auditRetentionDays,
                            @JsonProperty("selfServeCreateOrganizations") Boolean selfServeCreateOrganizations,
                            @JsonProperty("maxOrganizationsPerUser") Integer maxOrganizationsPerUser,
                            @JsonProperty("personalOrganization") Boolean personalOrganization,
                            @JsonProperty("personalOrganizationName") String personalOrganizationName,
                            @JsonProperty("loginCreateOrganization") String loginCreateOrganization) {

    /** Compatibility with code written before {@code loginCreateOrganization}. */
    public RealmSettings(String claimDefaultForm, Integer maxDomainsPerOrganization,
                         Integer maxPendingDomainsPerOrganization, String allowedMfaMethods, Integer auditRetentionDays,
                         Boolean selfServeCreateOrganizations, Integer maxOrganizationsPerUser,
                         Boolean personalOrganization, String personalOrganizationName) {
        this(claimDefaultForm, maxDomainsPerOrganization, maxPendingDomainsPerOrganization, allowedMfaMethods,
                auditRetentionDays, selfServeCreateOrganizations, maxOrganizationsPerUser, personalOrganization,
                personalOrganizationName, null);
    }

    /** The values of {@code loginCreateOrganization}. */
    public static final List<String> LOGIN_CREATE_MODES = List.of("off", "offer", "require");

    /** The forms of the {@code organization} claim (the token mapper's {@code ClaimForm}). */
    public static final List<String> CLAIM_FORMS = List.of("native", "full", "roles", "ids");
    public static final int MAX_DOMAINS = 1000;
    /** The second-factor methods by their API names (the {@code security} capability's {@code MfaMethod}). */
    public static final List<String> MFA_METHODS = List.of("otp", "webauthn");
    /** The cap that lets organizations require no method (so none can require MFA). */
    public static final String NO_MFA_METHOD = "none";
    public static final int MAX_AUDIT_DAYS = 3650;
    /** The longest personal organization name pattern (an organization's name is at most 255 characters). */
    public static final int MAX_NAME_PATTERN = 255;
    /** What a personal organization name pattern may hold in braces (filled in by {@code PersonalOrganization}). */
    public static final List<String> NAME_PLACEHOLDERS = List.of("{name}", "{firstName}", "{username}", "{email}");
    private static final List<String> SWITCHES = List.of("selfServeCreateOrganizations", "personalOrganization");

    /** Setting name (as the configuration document names it) -> realm attribute, in the document's order. */
    public static final Map<String, String> ATTRIBUTES = attributes();

    public static final RealmSettings NONE = new RealmSettings(null, null, null, null, null, null, null, null,
            null, null);

    /** The admin console's tab of these settings (its title and provider id), and its on/off field. */
    public static final String CONSOLE_TAB = "Tenancy";
    public static final String ENABLED_FIELD = "enabled";

    private static Map<String, String> attributes() {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("claimDefaultForm", Tenancy.CLAIM_DEFAULT_FORM);
        attributes.put("maxDomainsPerOrganization", Tenancy.MAX_DOMAINS_PER_ORGANIZATION);
        attributes.put("maxPendingDomainsPerOrganization", Tenancy.MAX_PENDING_DOMAINS_PER_ORGANIZATION);
        attributes.put("allowedMfaMethods", Tenancy.ALLOWED_MFA_METHODS);
        attributes.put("auditRetentionDays", Tenancy.AUDIT_RETENTION_DAYS);
        attributes.put("selfServeCreateOrganizations", Tenancy.SELF_SERVICE_CREATE_ORGANIZATIONS);
        attributes.put("maxOrganizationsPerUser", Tenancy.MAX_ORGANIZATIONS_PER_USER);
        attributes.put("personalOrganization", Tenancy.PERSONAL_ORGANIZATION);
        attributes.put("personalOrganizationName", Tenancy.PERSONAL_ORGANIZATION_NAME);
        attributes.put("loginCreateOrganization", Tenancy.LOGIN_CREATE_ORGANIZATION);
        return Collections.unmodifiableMap(attributes);
    }

    /** The settings a realm has, as stored. */
    public static RealmSettings of(RealmModel realm) {
        Map<String, String> values = new LinkedHashMap<>();
        ATTRIBUTES.forEach((name, attribute) -> values.put(name, realm.getAttribute(attribute)));
        return fromText(values);
    }

    /**
     * Settings from text values by setting name (the console's form, stored attributes); a blank value is not set.
     * Values that do not read are kept as they are, for {@link #problems} to name: {@link #ofText} refuses them.
     */
    public static RealmSettings fromText(Map<String, String> values) {
        return new RealmSettings(blankToNull(values.get("claimDefaultForm")),
                number(values.get("maxDomainsPerOrganization")),
                number(values.get("maxPendingDomainsPerOrganization")),
                blankToNull(values.get("allowedMfaMethods")), number(values.get("auditRetentionDays")),
                flag(values.get("selfServeCreateOrganizations")), number(values.get("maxOrganizationsPerUser")),
                flag(values.get("personalOrganization")), blankToNull(values.get("personalOrganizationName")),
                blankToNull(values.get("loginCreateOrganization")));
    }

    /** Settings from text values, refused with the sentence of the first value that does not read. */
    public static RealmSettings ofText(Map<String, String> values) {
        for (String name : List.of("maxDomainsPerOrganization", "maxPendingDomainsPerOrganization")) {
            String value = values.get(name);
            if (value != null && !value.isBlank() && !LimitValue.isValid(value)) {
                throw TenancyException.badRequest("invalid_setting", name + ": a whole number from 0 to " + MAX_DOMAINS
                        + ", digits only, or no value for the default.");
            }
        }
        String perUser = values.get("maxOrganizationsPerUser");
        if (perUser != null && !perUser.isBlank() && !LimitValue.isValid(perUser)) {
            throw TenancyException.badRequest("invalid_setting", PER_USER_SENTENCE);
        }
        for (String name : SWITCHES) {
            String value = values.get(name);
            if (value != null && !value.isBlank() && flag(value) == null) {
                throw TenancyException.badRequest("invalid_setting", name + ": true or false.");
            }
        }
        String days = values.get("auditRetentionDays");
        if (days != null && !days.isBlank() && !LimitValue.isValid(days)) {
            throw TenancyException.badRequest("invalid_setting", AUDIT_DAYS_SENTENCE);
        }
        RealmSettings settings = fromText(values);
        List<String> problems = settings.problems("");
        if (!problems.isEmpty()) {
            throw TenancyException.badRequest("invalid_setting", problems.get(0));
        }
        return settings.normalized();
    }

    /** What is wrong with these settings, each sentence starting with the setting's path under {@code prefix}. */
    public List<String> problems(String prefix) {
        List<String> problems = new ArrayList<>();
        if (claimDefaultForm != null && !CLAIM_FORMS.contains(claimDefaultForm.trim().toLowerCase(Locale.ROOT))) {
            problems.add(prefix + "claimDefaultForm: '" + InputText.shorten(claimDefaultForm) + "' is not a form of the"
                    + " organization claim; use one of " + String.join(", ", CLAIM_FORMS) + ".");
        }
        checkCount(problems, prefix + "maxDomainsPerOrganization", maxDomainsPerOrganization);
        checkCount(problems, prefix + "maxPendingDomainsPerOrganization", maxPendingDomainsPerOrganization);
        if (allowedMfaMethods != null) {
            for (String name : methodNames(allowedMfaMethods)) {
                if (!MFA_METHODS.contains(name) && !NO_MFA_METHOD.equals(name)) {
                    problems.add(prefix + "allowedMfaMethods: '" + InputText.shorten(name) + "' is not a second-factor"
                            + " method; use one or more of " + String.join(", ", MFA_METHODS) + " (comma-separated),"
                            + " or " + NO_MFA_METHOD + ".");
                }
            }
            if (methodNames(allowedMfaMethods).contains(NO_MFA_METHOD) && methodNames(allowedMfaMethods).size() > 1) {
                problems.add(prefix + "allowedMfaMethods: " + NO_MFA_METHOD + " goes alone.");
            }
        }
        if (auditRetentionDays != null && (auditRetentionDays < 1 || auditRetentionDays > MAX_AUDIT_DAYS)) {
            problems.add(prefix + AUDIT_DAYS_SENTENCE);
        }
        if (maxOrganizationsPerUser != null && (maxOrganizationsPerUser < 0
                || maxOrganizationsPerUser > LimitValue.HIGHEST)) {
            problems.add(prefix + PER_USER_SENTENCE);
        }
        if (personalOrganizationName != null) {
            String unknown = personalOrganizationName;
            for (String placeholder : NAME_PLACEHOLDERS) {
                unknown = unknown.replace(placeholder, "");
            }
            if (personalOrganizationName.isBlank() || personalOrganizationName.length() > MAX_NAME_PATTERN
                    || personalOrganizationName.chars().anyMatch(Character::isISOControl)
                    || unknown.contains("{") || unknown.contains("}")) {
                problems.add(prefix + "personalOrganizationName: up to " + MAX_NAME_PATTERN + " characters without"
                        + " control characters, where braces hold only " + String.join(", ", NAME_PLACEHOLDERS)
                        + "; or no value for the default ({name}'s workspace).");
            }
        }
        if (loginCreateOrganization != null
                && !LOGIN_CREATE_MODES.contains(loginCreateOrganization.trim().toLowerCase(Locale.ROOT))) {
            problems.add(prefix + "loginCreateOrganization: '" + InputText.shorten(loginCreateOrganization) + "' is not"
                    + " a choice; use off (default), offer (the sign-in offers a page to create an organization, which"
                    + " the user may skip) or require.");
        }
        return problems;
    }

    /** The same settings as stored: the claim form in lower case, the methods in lower case, sorted, once each. */
    public RealmSettings normalized() {
        return new RealmSettings(claimDefaultForm == null ? null : claimDefaultForm.trim().toLowerCase(Locale.ROOT),
                maxDomainsPerOrganization, maxPendingDomainsPerOrganization,
                allowedMfaMethods == null || allowedMfaMethods.isBlank() ? null
                        : String.join(",", new TreeSet<>(methodNames(allowedMfaMethods))),
                auditRetentionDays, selfServeCreateOrganizations, maxOrganizationsPerUser, personalOrganization,
                personalOrganizationName == null || personalOrganizationName.isBlank() ? null
                        : personalOrganizationName.strip(),
                loginCreateOrganization == null || loginCreateOrganization.isBlank() ? null
                        : loginCreateOrganization.trim().toLowerCase(Locale.ROOT));
    }

    /** Setting name -> stored text; unset settings map to null. */
    public Map<String, String> values() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("claimDefaultForm", claimDefaultForm);
        values.put("maxDomainsPerOrganization", text(maxDomainsPerOrganization));
        values.put("maxPendingDomainsPerOrganization", text(maxPendingDomainsPerOrganization));
        values.put("allowedMfaMethods", allowedMfaMethods);
        values.put("auditRetentionDays", text(auditRetentionDays));
        values.put("selfServeCreateOrganizations", text(selfServeCreateOrganizations));
        values.put("maxOrganizationsPerUser", text(maxOrganizationsPerUser));
        values.put("personalOrganization", text(personalOrganization));
        values.put("personalOrganizationName", personalOrganizationName);
        values.put("loginCreateOrganization", loginCreateOrganization);
        return values;
    }

    /** What the console's tab shows for a realm: whether tenancy is on, and the settings. */
    public static Map<String, String> formValues(RealmModel realm) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(ENABLED_FIELD, String.valueOf(Tenancy.isEnabled(realm)));
        values.putAll(of(realm).values());
        return values;
    }

    /** Writes one setting's attribute: null removes it (the default applies). */
    public static void write(RealmModel realm, String name, String value) {
        String attribute = ATTRIBUTES.get(name);
        if (attribute == null) {
            throw new IllegalArgumentException("No realm setting " + name);
        }
        if (value == null) {
            realm.removeAttribute(attribute);
        } else {
            realm.setAttribute(attribute, value);
        }
    }

    private static void checkCount(List<String> problems, String path, Integer value) {
        if (value != null && (value < 0 || value > MAX_DOMAINS)) {
            problems.add(path + ": a whole number from 0 to " + MAX_DOMAINS + ", or no value for the default.");
        }
    }

    private static final String AUDIT_DAYS_SENTENCE = "auditRetentionDays: a whole number of days from 1 to "
            + MAX_AUDIT_DAYS + ", or no value for the default (90).";

    private static final String PER_USER_SENTENCE = "maxOrganizationsPerUser: how many organizations one user may own,"
            + " a whole number from 0 to " + LimitValue.HIGHEST + ", digits only, or no value for the default (5).";

    /** The names in a comma- or space-separated list of methods, in lower case. */
    private static List<String> methodNames(String text) {
        List<String> names = new ArrayList<>();
        for (String name : text.trim().split("[,\\s]+")) {
            if (!name.isEmpty()) {
                names.add(name.toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

    private static Integer number(String value) {
        if (value == null || value.isBlank() || !LimitValue.isValid(value)) {
            return null;
        }
        return Integer.valueOf(value.trim());
    }

    /** "true" or "false" (any case, spaces around) as a switch; null for no value or anything else. */
    private static Boolean flag(String value) {
        String text = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return text.equals("true") ? Boolean.TRUE : text.equals("false") ? Boolean.FALSE : null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
