package dev.keycloaktenancy;

import org.keycloak.models.OrganizationModel;

import java.util.List;
import java.util.Map;

/**
 * An organization's tenancy settings, read from its attributes (the native Attributes tab edits them) in this one
 * place. Switches that do not read as "true" are off; a member limit that does not read as one is 0 ({@link LimitValue}).
 *
 * @param ssoRequired       users at the organization's verified domains must sign in through its identity provider
 * @param joinByEmailDomain users with a verified email at a verified domain join by themselves
 * @param loginTheme        name of the login theme for the organization's pages, or null
 * @param emailTheme        name of the email theme for the organization's emails, or null
 * @param maxMembers        the member limit, or null
 * @param mfaRequired       members must complete a second factor when they sign in
 * @param mfaMethods        the second-factor methods the organization accepts, as stored (empty: every one the realm
 *                          allows); what they mean is the {@code security} capability's business
 */
public record OrganizationSettings(boolean ssoRequired, boolean joinByEmailDomain, String loginTheme, String emailTheme,
                                   Integer maxMembers, boolean mfaRequired, List<String> mfaMethods,
                                   Map<String, List<String>> attributes) {

    public static OrganizationSettings of(OrganizationModel organization) {
        Map<String, List<String>> attributes = organization.getAttributes();
        return new OrganizationSettings(isTrue(attributes, Tenancy.SSO_REQUIRED),
                isTrue(attributes, Tenancy.JOIN_BY_EMAIL_DOMAIN), name(attributes, Tenancy.LOGIN_THEME),
                name(attributes, Tenancy.EMAIL_THEME), LimitValue.read(first(attributes, Tenancy.MAX_MEMBERS), null,
                "organization " + organization.getAlias(), Tenancy.MAX_MEMBERS), isRequired(attributes, Tenancy.MFA),
                names(attributes, Tenancy.MFA_METHODS), attributes);
    }

    /** From attributes at hand (right after a change, the model may still hold the ones it read before). */
    public static OrganizationSettings of(Map<String, List<String>> attributes) {
        return new OrganizationSettings(isTrue(attributes, Tenancy.SSO_REQUIRED),
                isTrue(attributes, Tenancy.JOIN_BY_EMAIL_DOMAIN), name(attributes, Tenancy.LOGIN_THEME),
                name(attributes, Tenancy.EMAIL_THEME), LimitValue.read(first(attributes, Tenancy.MAX_MEMBERS), null,
                "an organization", Tenancy.MAX_MEMBERS), isRequired(attributes, Tenancy.MFA),
                names(attributes, Tenancy.MFA_METHODS), attributes);
    }

    /** The organization's valid branding values (invalid ones are logged once and left out). */
    public Branding branding(OrganizationModel organization) {
        return Branding.fromAttributes(attributes, "organization " + organization.getAlias());
    }

    /** The token a TXT record must publish to verify this domain, or null before one was given out. */
    public String verificationToken(String domain) {
        return first(attributes, Tenancy.DOMAIN_VERIFICATION_PREFIX + domain);
    }

    /** A whole number from an attribute value, or null. */
    public static Integer number(String value) {
        try {
            return value == null || value.isBlank() ? null : Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean isTrue(Map<String, List<String>> attributes, String key) {
        List<String> values = attributes.get(key);
        return values != null && values.contains("true");
    }

    private static boolean isRequired(Map<String, List<String>> attributes, String key) {
        List<String> values = attributes.get(key);
        return values != null && values.contains("required");
    }

    private static List<String> names(Map<String, List<String>> attributes, String key) {
        List<String> values = attributes.get(key);
        return values == null ? List.of() : values.stream().filter(v -> v != null && !v.isBlank()).map(String::trim)
                .toList();
    }

    private static String name(Map<String, List<String>> attributes, String key) {
        String value = first(attributes, key);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String first(Map<String, List<String>> attributes, String key) {
        List<String> values = attributes.get(key);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
