package dev.keycloaktenancy.security;

import dev.keycloaktenancy.OrganizationSettings;
import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.TenancyMetrics;
import dev.keycloaktenancy.ThisLogin;
import dev.keycloaktenancy.keycloak.BruteForce;
import dev.keycloaktenancy.keycloak.CompletedSteps;
import dev.keycloaktenancy.keycloak.SecurityKeyCheck;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.events.Errors;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.credential.CredentialModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.sessions.AuthenticationSessionModel;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Enforces the MFA policies of the user's organizations on every login, whatever flow produced it: Keycloak evaluates
 * required actions at the end of every login (any browser flow, an identity provider login, registration, reset
 * credentials, an SSO-cookie login, the password grant), before the session and the code exist. A login that has not
 * satisfied every organization requiring MFA ({@link MfaDecision}) stops here: a user with an OTP credential enters a
 * code on Keycloak's own OTP page, a user with a security key or passkey uses it on Keycloak's own security key page
 * (both with the realm's brute force protection), whether or not the realm's flows have a step of that method; a
 * user without a credential of an accepted
 * method is taken through Keycloak's own setup (OTP or security key registration), which proves the new factor. A
 * second factor completed by the realm's own flow steps counts, and the session remembers it, so that an SSO-cookie
 * login does not ask again. The password grant, which cannot show a page, is refused.
 */
final class MfaLoginGate implements RequiredActionProvider {

    static final String ID = "tenancy-mfa-policy";
    /** On the authentication session and the user session: the methods completed, comma-separated. */
    static final String COMPLETED_NOTE = "tenancy.mfa.completed";
    /** On the authentication session: the method this login is setting up. */
    static final String ENROLLING_NOTE = "tenancy.mfa.enrolling";
    private static final String SETUP_OTP = UserModel.RequiredAction.CONFIGURE_TOTP.name();
    private static final String SETUP_WEBAUTHN = "webauthn-register";
    /** Keycloak's flow steps that complete a second factor, by provider id. */
    private static final Map<String, MfaMethod> SECOND_FACTOR_STEPS = MethodReferences.STEPS.entrySet().stream()
            .flatMap(e -> e.getValue().stream().map(step -> Map.entry(step, e.getKey())))
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
        MfaDecision decision = decide(context);
        switch (decision.outcome()) {
            case PASS -> {
            }
            // Keycloak's setup action joins this login's required actions from the start; it proves the factor
            case ENROLL -> enroll(context.getAuthenticationSession(), decision.method());
            case CHALLENGE -> context.getAuthenticationSession().addRequiredAction(ID);
        }
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        MfaDecision decision = decide(context);
        switch (decision.outcome()) {
            case PASS -> context.success();
            case ENROLL -> {
                enroll(context.getAuthenticationSession(), decision.method());
                context.success();
            }
            case CHALLENGE -> context.challenge(challengePage(context, decision.method(), null));
        }
    }

    @Override
    public void processAction(RequiredActionContext context) {
        MfaDecision decision = decide(context);
        if (decision.outcome() != MfaDecision.Outcome.CHALLENGE) {
            requiredActionChallenge(context);
            return;
        }
        MfaMethod method = decision.method();
        RealmModel realm = context.getRealm();
        UserModel user = context.getUser();
        if (BruteForce.lockedOut(context.getSession(), realm, user)) {
            context.getEvent().user(user).error(Errors.USER_TEMPORARILY_DISABLED);
            context.challenge(challengePage(context, method, method == MfaMethod.OTP ? "invalidTotpMessage"
                    : "webauthn-error-auth-verification"));
            return;
        }
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        if (method == MfaMethod.WEBAUTHN) {
            checkSecurityKey(context, form);
            return;
        }
        String code = form.getFirst("otp");
        List<String> otpCredentials = user.credentialManager().getStoredCredentialsByTypeStream(OTPCredentialModel.TYPE)
                .map(CredentialModel::getId).toList();
        // the page's choice among the user's own OTP credentials; anything else is no credential
        String credentialId = Optional.ofNullable(form.getFirst("selectedCredentialId"))
                .orElse(otpCredentials.isEmpty() ? null : otpCredentials.get(0));
        if (code == null || code.isBlank() || !otpCredentials.contains(credentialId) || !user.credentialManager()
                .isValid(new UserCredentialModel(credentialId, OTPCredentialModel.TYPE, code.trim()))) {
            BruteForce.failed(context, Set.of(OTPCredentialModel.TYPE));
            context.getEvent().user(user).detail("reason", "mfa_policy").error(Errors.INVALID_USER_CREDENTIALS);
            context.challenge(challengePage(context, MfaMethod.OTP, "invalidTotpMessage"));
            return;
        }
        remember(context, MfaMethod.OTP);
        recordStep(context, ThisLogin.continuedSession(context), MfaMethod.OTP);
        context.success();
    }

    @Override
    public void close() {
    }

    /** Has the login set up a credential of the method, with Keycloak's own setup action. */
    private static void enroll(AuthenticationSessionModel authSession, MfaMethod method) {
        authSession.setAuthNote(ENROLLING_NOTE, method.apiName());
        authSession.addRequiredAction(method == MfaMethod.OTP ? SETUP_OTP : SETUP_WEBAUTHN);
    }

    /**
     * The answer to the security key page: one of the user's keys signing this login's challenge, checked as Keycloak's
     * WebAuthn step checks it, completes the method; anything else asks again with a new challenge (a refused answer
     * counts towards the realm's brute force protection, as a wrong code does).
     */
    private static void checkSecurityKey(RequiredActionContext context, MultivaluedMap<String, String> form) {
        UserModel user = context.getUser();
        SecurityKeyCheck.Result result = SecurityKeyCheck.verify(context.getSession(),
                context.getAuthenticationSession(), user, form);
        if (result != SecurityKeyCheck.Result.VERIFIED) {
            if (result == SecurityKeyCheck.Result.REFUSED) {
                BruteForce.failed(context, MfaMethod.WEBAUTHN.credentialTypes());
            }
            context.getEvent().user(user).detail("reason", "mfa_policy").error(Errors.INVALID_USER_CREDENTIALS);
            context.challenge(challengePage(context, MfaMethod.WEBAUTHN,
                    result == SecurityKeyCheck.Result.CANCELLED ? "webauthn-error-api-get"
                            : "webauthn-error-auth-verification"));
            return;
        }
        remember(context, MfaMethod.WEBAUTHN);
        recordStep(context, ThisLogin.continuedSession(context), MfaMethod.WEBAUTHN);
        context.success();
    }

    /** Keycloak's page asking for a second factor of the method: its OTP page, or its security key page. */
    private static Response challengePage(RequiredActionContext context, MfaMethod method, String error) {
        if (method == MfaMethod.WEBAUTHN) {
            return SecurityKeyCheck.page(context.getSession(), context.getAuthenticationSession(), context.getUser(),
                    context.form(), error);
        }
        var form = context.form();
        if (error != null) {
            form.setError(error);
        }
        return form.createLoginTotp();
    }

    /** What this login still needs under the policies of the user's organizations (timed: a metric per check). */
    static MfaDecision decide(RequiredActionContext context) {
        return TenancyMetrics.timeMfaPolicy(context.getRealm(), () -> evaluate(context));
    }

    private static MfaDecision evaluate(RequiredActionContext context) {
        OrganizationProvider organizations = Tenancy.isEnabled(context.getRealm())
                ? Tenancy.organizations(context.getSession()) : null;
        UserModel user = context.getUser();
        if (organizations == null || user == null) {
            return MfaDecision.PASS;
        }
        Set<MfaMethod> realmAllowed = SecurityPolicy.realmAllowed(context.getRealm()
                .getAttribute(Tenancy.ALLOWED_MFA_METHODS));
        String identityProvider = ThisLogin.identityProvider(context);
        List<MfaDecision.Requirement> requirements = organizations.getByMember(user)
                .map(organization -> {
                    SecurityPolicy policy = SecurityPolicy.of(OrganizationSettings.of(organization), realmAllowed);
                    // an organization's own providers matter only to a login through a provider: not looked up else
                    return policy.mfaRequired() ? new MfaDecision.Requirement(organization.getId(),
                            policy.mfaMethods(), identityProvider == null ? Set.of() : organization
                            .getIdentityProviders().map(IdentityProviderModel::getAlias).collect(Collectors.toSet()))
                            : null;
                })
                .filter(Objects::nonNull)
                .toList();
        if (requirements.isEmpty()) {
            return MfaDecision.PASS;
        }
        Set<MfaMethod> configured = EnumSet.noneOf(MfaMethod.class);
        user.credentialManager().getStoredCredentialsStream()
                .forEach(credential -> MfaMethod.byCredentialType(credential.getType()).ifPresent(configured::add));
        return MfaDecision.decide(requirements, completed(context, configured), identityProvider, configured);
    }

    /**
     * The methods this login completed: Keycloak's second-factor steps that succeeded in it, the credentials its steps
     * verified (a passkey on the username page), a code entered here, a
     * setup it went through, and what the session it continues remembers.
     */
    private static Set<MfaMethod> completed(RequiredActionContext context, Set<MfaMethod> configured) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        Set<MfaMethod> completed = EnumSet.noneOf(MfaMethod.class);
        authSession.getExecutionStatus().forEach((executionId, status) -> {
            if (status == AuthenticationSessionModel.ExecutionStatus.SUCCESS) {
                AuthenticationExecutionModel execution = context.getRealm().getAuthenticationExecutionById(executionId);
                // a sub-flow's execution has no authenticator
                if (execution != null && execution.getAuthenticator() != null
                        && SECOND_FACTOR_STEPS.containsKey(execution.getAuthenticator())) {
                    completed.add(SECOND_FACTOR_STEPS.get(execution.getAuthenticator()));
                }
            }
        });
        // a credential Keycloak's steps verified in this login: a passkey on the username page is the very proof the
        // security key page below would ask for (the same credential, under the same Passwordless Policy)
        CompletedSteps.verifiedCredentialTypes(authSession)
                .forEach(type -> MfaMethod.byCredentialType(type).ifPresent(completed::add));
        completed.addAll(methods(authSession.getAuthNote(COMPLETED_NOTE)));
        UserSessionModel continued = ThisLogin.continuedSession(context);
        Optional<MfaMethod> enrolled = MfaMethod.byName(authSession.getAuthNote(ENROLLING_NOTE))
                .filter(configured::contains);
        if (enrolled.isPresent()) {
            // setting the factor up proved it: it counts once, in amr too, and is remembered below
            completed.add(enrolled.get());
            authSession.removeAuthNote(ENROLLING_NOTE);
            recordStep(context, continued, enrolled.get());
        }
        if (continued != null) {
            completed.addAll(methods(continued.getNote(COMPLETED_NOTE)));
        }
        if (!completed.isEmpty()) {
            String names = String.join(",", SecurityPolicy.names(completed));
            authSession.setUserSessionNote(COMPLETED_NOTE, names);
            authSession.setAuthNote(COMPLETED_NOTE, names);
        }
        return completed;
    }

    private static void remember(RequiredActionContext context, MfaMethod method) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        Set<MfaMethod> completed = EnumSet.of(method);
        completed.addAll(methods(authSession.getAuthNote(COMPLETED_NOTE)));
        String names = String.join(",", SecurityPolicy.names(completed));
        authSession.setAuthNote(COMPLETED_NOTE, names);
        authSession.setUserSessionNote(COMPLETED_NOTE, names);
        UserSessionModel continued = ThisLogin.continuedSession(context);
        if (continued != null) {
            continued.setNote(COMPLETED_NOTE, names);
        }
    }

    /** Has the realm's step of the method count as completed, so that Keycloak's AMR mapper names it. */
    private static void recordStep(RequiredActionContext context, UserSessionModel continued, MfaMethod method) {
        MethodReferences.executionOf(context.getRealm(), method).ifPresent(execution ->
                CompletedSteps.record(context.getAuthenticationSession(), continued, execution.getId()));
    }

    private static Set<MfaMethod> methods(String names) {
        Set<MfaMethod> methods = EnumSet.noneOf(MfaMethod.class);
        if (names != null) {
            Arrays.stream(names.split(",")).forEach(name -> MfaMethod.byName(name).ifPresent(methods::add));
        }
        return methods;
    }
}
