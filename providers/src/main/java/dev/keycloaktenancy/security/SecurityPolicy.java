package dev.keycloaktenancy.security;

import dev.keycloaktenancy.InputText;
import dev.keycloaktenancy.OrganizationSettings;
import dev.keycloaktenancy.TenancyException;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An organization's MFA policy: whether its members must complete a second factor, and with which methods. The realm
 * caps the methods organizations may choose ({@code tenancy.security.allowed-mfa-methods}); a policy is read against
 * the cap of the moment, and never fails open: a requirement stays a requirement whatever the realm allows now.
 *
 * @param mfaRequired members must complete a second factor when they sign in
 * @param mfaMethods  the methods that satisfy it (never empty while required)
 */
public record SecurityPolicy(boolean mfaRequired, Set<MfaMethod> mfaMethods) {

    public static final String OFF = "off";
    public static final String REQUIRED = "required";

    /** The realm's cap: the methods named in its attribute; absent, every method; {@code none}, no method. */
    public static Set<MfaMethod> realmAllowed(String attribute) {
        if (attribute == null || attribute.isBlank()) {
            return EnumSet.allOf(MfaMethod.class);
        }
        Set<MfaMethod> allowed = EnumSet.noneOf(MfaMethod.class);
        for (String name : attribute.split("[,\\s]+")) {
            MfaMethod.byName(name.trim().toLowerCase(Locale.ROOT)).ifPresent(allowed::add);
        }
        return allowed;
    }

    /**
     * The policy in effect for an organization: the stored methods the realm still allows; if none is left (none
     * stored, or the realm narrowed its cap since), every method the realm allows; if the realm allows none, OTP,
     * Keycloak's own second factor, so that a required policy is never void.
     */
    public static SecurityPolicy of(OrganizationSettings settings, Set<MfaMethod> realmAllowed) {
        Set<MfaMethod> methods = EnumSet.noneOf(MfaMethod.class);
        settings.mfaMethods().forEach(name -> MfaMethod.byName(name).filter(realmAllowed::contains).ifPresent(methods::add));
        if (methods.isEmpty()) {
            methods.addAll(realmAllowed);
        }
        if (methods.isEmpty()) {
            methods.add(MfaMethod.OTP);
        }
        return new SecurityPolicy(settings.mfaRequired(), methods);
    }

    /** {@code "off"} or {@code "required"}, as the API says it. */
    public String mfa() {
        return mfaRequired ? REQUIRED : OFF;
    }

    public List<String> methodNames() {
        return names(mfaMethods);
    }

    public static List<String> names(Collection<MfaMethod> methods) {
        return methods.stream().sorted().map(MfaMethod::apiName).toList();
    }

    /** Reads the {@code mfa} field: {@code off} or {@code required}. */
    public static boolean readMfa(String mfa) {
        if (REQUIRED.equals(mfa)) {
            return true;
        }
        if (OFF.equals(mfa)) {
            return false;
        }
        throw TenancyException.badRequest("Field 'mfa' must be 'off' or 'required'.");
    }

    /**
     * Reads the {@code mfaMethods} field: known method names, each allowed by the realm.
     *
     * @param realmName for the sentence of a refusal
     */
    public static Set<MfaMethod> readMethods(List<String> names, Set<MfaMethod> realmAllowed, String realmName) {
        Set<MfaMethod> methods = EnumSet.noneOf(MfaMethod.class);
        for (String name : names) {
            MfaMethod method = MfaMethod.byName(name).orElseThrow(() -> TenancyException.badRequest(
                    "Unknown MFA method " + (name == null ? "null" : "'" + InputText.shorten(name) + "'") + ": the methods are "
                            + String.join(", ", names(EnumSet.allOf(MfaMethod.class))) + "."));
            if (!realmAllowed.contains(method)) {
                throw TenancyException.badRequest("method_not_allowed", "Realm " + realmName
                        + " does not let organizations choose MFA method '" + method.apiName() + "'; "
                        + allowedSentence(realmAllowed) + ".");
            }
            methods.add(method);
        }
        return methods;
    }

    /**
     * Checks a policy about to be stored: a requirement needs at least one method, and a realm that allows no method
     * lets no organization require MFA.
     */
    public static void requireSatisfiable(boolean mfaRequired, Set<MfaMethod> methods, Set<MfaMethod> realmAllowed,
                                          String realmName) {
        if (!mfaRequired) {
            return;
        }
        if (realmAllowed.isEmpty()) {
            throw TenancyException.badRequest("method_not_allowed", "Realm " + realmName
                    + " allows no MFA method to its organizations, so none may require MFA; ask a realm administrator.");
        }
        if (methods.isEmpty()) {
            throw TenancyException.badRequest("Field 'mfaMethods' must name at least one method when 'mfa' is"
                    + " 'required' (" + allowedSentence(realmAllowed) + ").");
        }
    }

    private static String allowedSentence(Set<MfaMethod> realmAllowed) {
        return realmAllowed.isEmpty() ? "it allows none"
                : "it allows " + realmAllowed.stream().sorted().map(MfaMethod::apiName).collect(Collectors.joining(", "));
    }
}
