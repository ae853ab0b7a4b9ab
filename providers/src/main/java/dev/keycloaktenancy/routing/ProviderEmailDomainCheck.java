package dev.keycloaktenancy.routing;

import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.domains.DomainOwner;
import dev.keycloaktenancy.keycloak.FirstBrokerLogin;
import dev.keycloaktenancy.keycloak.IdentityProviderLinks;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.OrganizationDomainModel;
import org.keycloak.models.OrganizationModel;

import java.util.Optional;

/**
 * A step of the first-broker-login flow, after the profile review: a person arriving through an identity provider
 * linked to an organization gets an email only at one of that organization's <em>verified</em> domains (the one the
 * provider is pinned to, when it is pinned to one), or the login stops on a page that says why and no account is
 * created or linked. Keycloak's own check trusts a provider without a domain pin, and a provider linked with
 * {@code ANY} for every domain the organization merely claimed; an organization's admin controls both.
 */
final class ProviderEmailDomainCheck extends UserlessStep {

    private static final Logger LOG = Logger.getLogger(ProviderEmailDomainCheck.class);

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        Optional<FirstBrokerLogin> login = FirstBrokerLogin.of(context);
        IdentityProviderModel identityProvider = login.map(l -> context.getSession().identityProviders()
                .getByAlias(l.identityProviderAlias())).orElse(null);
        String organizationId = identityProvider == null ? null : IdentityProviderLinks.organizationIdOf(identityProvider);
        String email = login.map(FirstBrokerLogin::email).orElse(null);
        if (organizationId == null || email == null || email.isBlank()) {
            context.success();
            return;
        }
        OrganizationModel organization = Tenancy.organizations(context.getSession()) == null ? null
                : Tenancy.organizations(context.getSession()).getById(organizationId);
        OrganizationDomainModel matching = organization == null ? null
                : DomainOwner.claimIn(organization, email).map(DomainOwner::domain).orElse(null);
        if (organization == null || allows(IdentityProviderLinks.domainOf(identityProvider), matching)) {
            context.success();
            return;
        }
        LOG.warnf("Realm %s: identity provider %s of organization %s asserted an email outside the organization's"
                        + " verified domains; the first login was refused", context.getRealm().getName(),
                identityProvider.getAlias(), organization.getAlias());
        context.getEvent().detail("reason", "email_domain_not_verified").error("invalid_email");
        String name = organization.getName();
        context.failure(AuthenticationFlowError.ACCESS_DENIED, context.form()
                .setError(name + "'s identity provider can sign in only addresses at " + name + "'s verified domains,"
                        + " and the address it gave is not one. Ask " + name + "'s administrator.")
                .createErrorPage(Response.Status.FORBIDDEN));
    }

    /**
     * Whether a provider pinned to a domain (or to {@code ANY}, or not at all) may give an email whose most specific
     * matching domain of its organization is the given one (null: none matches).
     */
    static boolean allows(String pin, OrganizationDomainModel matching) {
        if (matching == null || !matching.isVerified()) {
            return false;
        }
        return pin == null || pin.isBlank() || IdentityProviderLinks.ANY_DOMAIN.equals(pin)
                || pin.equalsIgnoreCase(matching.getName());
    }
}
