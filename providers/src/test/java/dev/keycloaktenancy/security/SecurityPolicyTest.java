package dev.keycloaktenancy.security;

import dev.keycloaktenancy.OrganizationSettings;
import dev.keycloaktenancy.RealmSettings;
import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.TenancyException;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.keycloaktenancy.security.MfaMethod.OTP;
import static dev.keycloaktenancy.security.MfaMethod.WEBAUTHN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The MFA policy: the realm's cap, what a stored policy means under it, and the checks on a policy to store. */
class SecurityPolicyTest {

    private static final Set<MfaMethod> ALL = EnumSet.allOf(MfaMethod.class);

    @Test
    void theRealmCapDefaultsToEveryMethod() {
        assertEquals(ALL, SecurityPolicy.realmAllowed(null));
        assertEquals(ALL, SecurityPolicy.realmAllowed(" "));
        assertEquals(Set.of(OTP), SecurityPolicy.realmAllowed("otp"));
        assertEquals(ALL, SecurityPolicy.realmAllowed("WebAuthn, otp"));
        assertEquals(Set.of(), SecurityPolicy.realmAllowed("none"));
        assertEquals(Set.of(WEBAUTHN), SecurityPolicy.realmAllowed("sms,webauthn"), "unknown names allow nothing");
    }

    @Test
    void aStoredPolicyIsReadAgainstTheCapOfTheMoment() {
        OrganizationSettings required = settings("required", "webauthn");
        assertEquals(new SecurityPolicy(true, Set.of(WEBAUTHN)), SecurityPolicy.of(required, ALL));
        assertEquals(new SecurityPolicy(true, Set.of(OTP)), SecurityPolicy.of(required, Set.of(OTP)),
                "a method the realm no longer allows gives way to those it allows");
        assertEquals(new SecurityPolicy(true, Set.of(OTP)), SecurityPolicy.of(required, Set.of()),
                "a requirement never fails open: Keycloak's own OTP when the realm allows nothing");
        assertEquals(new SecurityPolicy(true, ALL), SecurityPolicy.of(settings("required"), ALL),
                "no methods stored: every method the realm allows");
        SecurityPolicy off = SecurityPolicy.of(settings(null, "otp"), ALL);
        assertFalse(off.mfaRequired());
        assertEquals("off", off.mfa());
        assertEquals(List.of("otp"), off.methodNames());
        assertFalse(SecurityPolicy.of(settings("yes"), ALL).mfaRequired(), "only 'required' requires");
        assertEquals(List.of("otp", "webauthn"), SecurityPolicy.of(settings("required", "webauthn", "otp"), ALL)
                .methodNames());
    }

    @Test
    void theMfaFieldIsOffOrRequired() {
        assertTrue(SecurityPolicy.readMfa("required"));
        assertFalse(SecurityPolicy.readMfa("off"));
        for (String wrong : new String[]{null, "", "on", "REQUIRED", "true"}) {
            TenancyException refusal = assertThrows(TenancyException.class, () -> SecurityPolicy.readMfa(wrong));
            assertEquals(400, refusal.status());
            assertEquals("invalid_request", refusal.error());
        }
    }

    @Test
    void methodsMustBeKnownAndAllowedByTheRealm() {
        assertEquals(ALL, SecurityPolicy.readMethods(List.of("webauthn", "otp", "otp"), ALL, "r"));
        assertEquals(Set.of(), SecurityPolicy.readMethods(List.of(), ALL, "r"));
        TenancyException unknown = assertThrows(TenancyException.class,
                () -> SecurityPolicy.readMethods(List.of("sms"), ALL, "r"));
        assertEquals(400, unknown.status());
        assertEquals("Unknown MFA method 'sms': the methods are otp, webauthn.", unknown.description());
        java.util.ArrayList<String> withNull = new java.util.ArrayList<>();
        withNull.add(null);
        assertEquals(400, assertThrows(TenancyException.class,
                () -> SecurityPolicy.readMethods(withNull, ALL, "r")).status());
        TenancyException capped = assertThrows(TenancyException.class,
                () -> SecurityPolicy.readMethods(List.of("webauthn"), Set.of(OTP), "acme"));
        assertEquals("method_not_allowed", capped.error());
        assertEquals("Realm acme does not let organizations choose MFA method 'webauthn'; it allows otp.",
                capped.description());
    }

    @Test
    void aRequirementNeedsAMethodTheRealmAllows() {
        SecurityPolicy.requireSatisfiable(false, Set.of(), Set.of(), "r");
        SecurityPolicy.requireSatisfiable(true, Set.of(OTP), ALL, "r");
        TenancyException empty = assertThrows(TenancyException.class,
                () -> SecurityPolicy.requireSatisfiable(true, Set.of(), ALL, "r"));
        assertEquals("invalid_request", empty.error());
        TenancyException none = assertThrows(TenancyException.class,
                () -> SecurityPolicy.requireSatisfiable(true, Set.of(OTP), Set.of(), "acme"));
        assertEquals("method_not_allowed", none.error());
    }

    @Test
    void credentialTypesNameTheirMethod() {
        assertEquals(OTP, MfaMethod.byCredentialType("otp").orElseThrow());
        assertEquals(WEBAUTHN, MfaMethod.byCredentialType("webauthn").orElseThrow());
        assertEquals(WEBAUTHN, MfaMethod.byCredentialType("webauthn-passwordless").orElseThrow());
        assertTrue(MfaMethod.byCredentialType("password").isEmpty());
    }

    private static OrganizationSettings settings(String mfa, String... methods) {
        return mfa == null ? OrganizationSettings.of(Map.of(Tenancy.MFA_METHODS, List.of(methods)))
                : OrganizationSettings.of(Map.of(Tenancy.MFA, List.of(mfa), Tenancy.MFA_METHODS, List.of(methods)));
    }

    @Test
    void theRealmSettingsNameEveryMethod() {
        assertEquals(SecurityPolicy.names(ALL), RealmSettings.MFA_METHODS,
                "the configuration document and the console tab check the cap against these names");
    }
}
