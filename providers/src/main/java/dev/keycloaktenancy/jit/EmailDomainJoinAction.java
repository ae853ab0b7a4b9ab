package dev.keycloaktenancy.jit;

import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.events.Details;

/**
 * Runs each time Keycloak evaluates required actions: at the end of every login (password, identity provider,
 * registration) and again after a required action such as email verification completes. It first remembers when
 * this login came through an identity provider that vouched for the user's email ({@link AssertedEmails}), then
 * runs {@link EmailDomainJoin} and, at a user's first sign-in, {@link PersonalOrganization}. It never asks the user
 * anything.
 */
final class EmailDomainJoinAction implements RequiredActionProvider {

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
        String identityProvider = context.getAuthenticationSession().getUserSessionNotes().get(Details.IDENTITY_PROVIDER);
        if (identityProvider != null && context.getUser() != null) {
            AssertedEmails.remember(context.getSession(), context.getRealm(), context.getUser(), identityProvider);
        }
        new EmailDomainJoin(context.getSession()).joinIfEligible(context.getUser());
        PersonalOrganization.ensure(context.getSession(), context.getRealm(), context.getUser());
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
