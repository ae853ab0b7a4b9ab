package dev.keycloaktenancy.jit;

import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;

/**
 * Runs {@link EmailDomainJoin} each time Keycloak evaluates required actions: at the end of every login (password,
 * identity provider, registration) and again after a required action such as email verification completes. It
 * never asks the user anything.
 */
final class EmailDomainJoinAction implements RequiredActionProvider {

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
        new EmailDomainJoin(context.getSession()).joinIfEligible(context.getUser());
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        context.success();
    }

    @Override
    public void processAction(RequiredActionContext context) {
        context.success();
    }

    @Override
    public void close() {
    }
}
