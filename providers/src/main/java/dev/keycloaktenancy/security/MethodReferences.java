package dev.keycloaktenancy.security;

import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.Constants;
import org.keycloak.models.RealmModel;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the realm says how a second factor is named in tokens. Keycloak's AMR mapper names a completed flow step by its
 * execution's "Authentication Reference" ({@code default.reference.value}, e.g. {@code otp}); a second factor completed
 * by the MFA policy's own action (a code on its page, a new factor set up) counts as the realm's step of that method,
 * so it appears in {@code amr} exactly as Keycloak's own step would.
 */
final class MethodReferences {

    /** Keycloak's steps of each method, in order of preference. */
    static final Map<MfaMethod, List<String>> STEPS = Map.of(
            MfaMethod.OTP, List.of("auth-otp-form", "direct-grant-validate-otp"),
            MfaMethod.WEBAUTHN, List.of("webauthn-authenticator", "webauthn-authenticator-passwordless"));

    private MethodReferences() {
    }

    /**
     * The realm's execution of one of the method's steps that carries an authentication reference: the preferred step
     * first, then by flow alias; empty when none does (Keycloak's own step would then add nothing to {@code amr} either).
     */
    static Optional<AuthenticationExecutionModel> executionOf(RealmModel realm, MfaMethod method) {
        List<String> steps = STEPS.get(method);
        return realm.getAuthenticationFlowsStream()
                .sorted(Comparator.comparing(AuthenticationFlowModel::getAlias))
                .flatMap(flow -> realm.getAuthenticationExecutionsStream(flow.getId()))
                // a sub-flow's execution has no authenticator
                .filter(execution -> execution.getAuthenticator() != null
                        && steps.contains(execution.getAuthenticator()) && hasReference(realm, execution))
                .min(Comparator.comparingInt(execution -> steps.indexOf(execution.getAuthenticator())));
    }

    private static boolean hasReference(RealmModel realm, AuthenticationExecutionModel execution) {
        if (execution.getAuthenticatorConfig() == null) {
            return false;
        }
        AuthenticatorConfigModel config = realm.getAuthenticatorConfigById(execution.getAuthenticatorConfig());
        String reference = config == null || config.getConfig() == null ? null
                : config.getConfig().get(Constants.AUTHENTICATION_EXECUTION_REFERENCE_VALUE);
        return reference != null && !reference.isBlank();
    }
}
