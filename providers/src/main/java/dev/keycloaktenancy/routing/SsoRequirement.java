package dev.keycloaktenancy.routing;

import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationDomainModel;
import org.keycloak.models.OrganizationModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.organization.utils.Organizations;

import java.util.List;
import java.util.Optional;

/**
 * SSO enforcement: an organization with {@code tenancy.sso.required=true} requires everyone whose email is at one of
 * its <em>verified</em> domains to sign in through its identity provider, even with a local password.
 */
public final class SsoRequirement {

    public static final String ATTRIBUTE = "tenancy.sso.required";

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
        if (email == null || email.indexOf('@') < 1) {
            return Optional.empty();
        }
        OrganizationProvider organizations = session.getProvider(OrganizationProvider.class);
        if (organizations == null || !organizations.isEnabled()) {
            return Optional.empty();
        }
        String domain = Organizations.getEmailDomain(email);
        OrganizationModel organization = domain == null ? null : organizations.getByDomainName(domain);
        if (organization == null || !organization.isEnabled() || !required(organization)) {
            return Optional.empty();
        }
        OrganizationDomainModel matching = Organizations.getMatchingDomain(domain, organization);
        if (matching == null || !matching.isVerified()) {
            return Optional.empty();
        }
        return Optional.of(new Route(organization, DomainIdentityProviders.forEnforcement(organization, matching)));
    }

    private static boolean required(OrganizationModel organization) {
        List<String> values = organization.getAttributes().get(ATTRIBUTE);
        return values != null && values.contains("true");
    }

    /** What a refused user reads. Plain text: it is shown on login pages and in JSON errors. */
    public static String message(Route route) {
        String name = route.organization().getName();
        return route.identityProviders().isEmpty()
                ? name + " requires single sign-on, but no identity provider is set up for it yet. Contact your administrator."
                : name + " requires single sign-on: sign in with your " + name + " account instead of a password.";
    }
}
