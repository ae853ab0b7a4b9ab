package dev.keycloaktenancy.routing;

import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.RealmModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Puts the pack's routing into the realm's own flows: the browser flow's organization identity-first step becomes
 * the pack's extended one, and the SSO enforcement steps go next to the steps they guard: redirect before and refusal
 * after the browser flow's password form, refusal after the direct grant's password check (so an unknown user and a
 * wrong password answer alike) and after reset-credentials' user choice, and the registration form check; the
 * first-broker-login flow gets the check of an organization provider's emails after its profile review. A step
 * already present stays, moved to its side of the anchor if it sits on the other (0.1 put the direct grant's refusal
 * after the username check); a flow without the anchor step (a custom flow) is left unchanged and needs the steps
 * added by hand.
 */
public final class SsoFlowSteps {

    private static final String NATIVE_ORGANIZATION_STEP = "organization";

    private SsoFlowSteps() {
    }

    /** Adds what is missing; returns "flow: step" for each step added or replaced. */
    public static List<String> install(RealmModel realm) {
        List<String> added = new ArrayList<>();
        replace(realm, realm.getBrowserFlow(), NATIVE_ORGANIZATION_STEP, OrganizationRoutingAuthenticatorFactory.ID, added);
        add(realm, realm.getBrowserFlow(), "auth-username-password-form", SsoAuthenticatorFactories.Redirect.ID, -1, added);
        add(realm, realm.getBrowserFlow(), "auth-username-password-form", SsoAuthenticatorFactories.Refuse.ID, 1, added);
        add(realm, realm.getDirectGrantFlow(), "direct-grant-validate-password",
                SsoAuthenticatorFactories.RefuseDirectGrant.ID, 1, added);
        add(realm, realm.getResetCredentialsFlow(), "reset-credentials-choose-user", SsoAuthenticatorFactories.Refuse.ID, 1, added);
        add(realm, realm.getRegistrationFlow(), "registration-user-creation", SsoRegistrationCheckFactory.ID, 1, added);
        add(realm, realm.getFirstBrokerLoginFlow(), "idp-review-profile", SsoAuthenticatorFactories.ProviderEmailDomain.ID, 1, added);
        return added;
    }

    /** Swaps a step for the pack's extended version in place: same position, requirement and configuration. */
    private static void replace(RealmModel realm, AuthenticationFlowModel flow, String original, String replacement,
                                List<String> added) {
        if (flow == null) {
            return;
        }
        find(realm, flow.getId(), original).ifPresent(execution -> {
            execution.setAuthenticator(replacement);
            realm.updateAuthenticatorExecution(execution);
            added.add(flow.getAlias() + ": " + replacement + " (replaces " + original + ")");
        });
    }

    private static void add(RealmModel realm, AuthenticationFlowModel flow, String anchor, String step, int offset,
                            List<String> added) {
        if (flow == null) {
            return;
        }
        Optional<AuthenticationExecutionModel> found = find(realm, flow.getId(), anchor);
        if (found.isEmpty()) {
            return;
        }
        AuthenticationExecutionModel anchorExecution = found.get();
        Optional<AuthenticationExecutionModel> present = realm.getAuthenticationExecutionsStream(anchorExecution.getParentFlow())
                .filter(e -> step.equals(e.getAuthenticator())).findFirst();
        if (present.isPresent()) {
            moveToItsSide(realm, flow, anchorExecution, present.get(), offset, added);
            return;
        }
        AuthenticationExecutionModel execution = new AuthenticationExecutionModel();
        execution.setParentFlow(anchorExecution.getParentFlow());
        execution.setAuthenticator(step);
        execution.setAuthenticatorFlow(false);
        execution.setRequirement(AuthenticationExecutionModel.Requirement.REQUIRED);
        execution.setPriority(anchorExecution.getPriority() + offset);
        realm.addAuthenticatorExecution(execution);
        added.add(flow.getAlias() + ": " + step);
    }

    private static void moveToItsSide(RealmModel realm, AuthenticationFlowModel flow, AuthenticationExecutionModel anchor,
                                      AuthenticationExecutionModel step, int offset, List<String> added) {
        int difference = step.getPriority() - anchor.getPriority();
        if (Integer.signum(difference) == Integer.signum(offset)) {
            return;
        }
        step.setPriority(anchor.getPriority() + offset);
        realm.updateAuthenticatorExecution(step);
        added.add(flow.getAlias() + ": " + step.getAuthenticator() + " (moved " + (offset > 0 ? "after " : "before ")
                + anchor.getAuthenticator() + ")");
    }

    private static Optional<AuthenticationExecutionModel> find(RealmModel realm, String flowId, String authenticator) {
        for (AuthenticationExecutionModel execution : realm.getAuthenticationExecutionsStream(flowId).toList()) {
            if (authenticator.equals(execution.getAuthenticator())) {
                return Optional.of(execution);
            }
            if (execution.isAuthenticatorFlow()) {
                Optional<AuthenticationExecutionModel> nested = find(realm, execution.getFlowId(), authenticator);
                if (nested.isPresent()) {
                    return nested;
                }
            }
        }
        return Optional.empty();
    }
}
