package dev.keycloaktenancy.routing;

import dev.keycloaktenancy.OrganizationSettings;
import dev.keycloaktenancy.domains.DomainOwner;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;

import java.util.List;
import java.util.Optional;

/**
 * SSO enforcement: an organization with {@code tenancy.sso.required=true} requires everyone whose email is at one of
 * its <em>verified</em> domains to sign in through its identity provider, even with a local password.
 */
public final class SsoRequirement {

    /**
     * Where such a user must sign in.
     *
     * @param identityProviders the organization's enabled providers for the user's domain, best match first; empty
     *                          when it links none (then nobody at the domain can sign in until an administrator links
     *                          one), several when the user chooses
     */
    public record Route(OrganizationModel organization, List<IdentityProviderModel> identityProviders) {
    }

    private SsoRequirement() {
    }

    public static Optional<Route> forEmail(KeycloakSession session, String email) {
        return DomainOwner.of(session, email)
                .filter(owner -> OrganizationSettings.of(owner.organization()).ssoRequired())
                .map(owner -> new Route(owner.organization(), DomainIdentityProviders.forEnforcement(owner)));
    }

    /** What a refused user reads. Plain text: it is shown on login pages and in JSON errors. */
    public static String message(Route route) {
        String name = route.organization().getName();
        return route.identityProviders().isEmpty()
                ? name + " requires single sign-on, but no identity provider is set up for it yet. Contact your administrator."
                : name + " requires single sign-on: sign in with your " + name + " account instead of a password.";
    }
}
