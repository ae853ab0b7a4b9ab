package dev.keycloaktenancy.security;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/** A second-factor method an organization may accept, by its name in the API and the credential types that prove it. */
public enum MfaMethod {

    /** Time-based one-time codes (Keycloak's OTP credential). */
    OTP("otp", Set.of("otp")),
    /** A security key or passkey (Keycloak's two-factor and passwordless WebAuthn credentials). */
    WEBAUTHN("webauthn", Set.of("webauthn", "webauthn-passwordless"));

    private final String apiName;
    private final Set<String> credentialTypes;

    MfaMethod(String apiName, Set<String> credentialTypes) {
        this.apiName = apiName;
        this.credentialTypes = credentialTypes;
    }

    public String apiName() {
        return apiName;
    }

    /** Keycloak credential types of this method. */
    public Set<String> credentialTypes() {
        return credentialTypes;
    }

    public static Optional<MfaMethod> byName(String name) {
        return Arrays.stream(values()).filter(m -> m.apiName.equals(name)).findFirst();
    }

    public static Optional<MfaMethod> byCredentialType(String type) {
        return Arrays.stream(values()).filter(m -> m.credentialTypes.contains(type)).findFirst();
    }
}
