package dev.keycloaktenancy.keycloak;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.broker.AbstractIdpAuthenticator;
import org.keycloak.authentication.authenticators.broker.util.SerializedBrokeredIdentityContext;

import java.util.Optional;

/**
 * What Keycloak's first-broker-login flow knows of the person arriving through an identity provider: the provider and
 * the email it asserted (as the review-profile step left it, if the person edited it there).
 *
 * @param identityProviderAlias the provider's alias
 * @param email                 the email the account is about to get, or null
 */
public record FirstBrokerLogin(String identityProviderAlias, String email) {

    /** The first broker login that this flow runs for, or empty in any other flow. */
    public static Optional<FirstBrokerLogin> of(AuthenticationFlowContext context) {
        SerializedBrokeredIdentityContext brokered = SerializedBrokeredIdentityContext.readFromAuthenticationSession(
                context.getAuthenticationSession(), AbstractIdpAuthenticator.BROKERED_CONTEXT_NOTE);
        return brokered == null || brokered.getIdentityProviderId() == null ? Optional.empty()
                : Optional.of(new FirstBrokerLogin(brokered.getIdentityProviderId(), brokered.getEmail()));
    }
}
