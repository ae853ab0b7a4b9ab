package dev.keycloaktenancy.api.organization;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.keycloaktenancy.OrganizationSettings;
import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.TenancyException;
import dev.keycloaktenancy.keycloak.IdentityProviderLinks;
import dev.keycloaktenancy.keycloak.OrganizationAttributes;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationDomainModel;
import org.keycloak.models.OrganizationModel;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How the organization's people sign in: SSO enforcement, joining by email domain and asking to join (all reach only
 * the organization's verified domains), with the identity providers a realm administrator linked to it, read-only.
 */
public record SignInSettings(@JsonProperty("ssoRequired") boolean ssoRequired,
                             @JsonProperty("joinByEmailDomain") boolean joinByEmailDomain,
                             @JsonProperty("joinRequests") boolean joinRequests,
                             @JsonProperty("verifiedDomains") List<String> verifiedDomains,
                             @JsonProperty("identityProviders") List<IdentityProvider> identityProviders) {

    /** A linked identity provider: whether it is on, and whether users of its domain are sent there by their email. */
    public record IdentityProvider(@JsonProperty("alias") String alias,
                                   @JsonProperty("displayName") String displayName,
                                   @JsonProperty("enabled") boolean enabled,
                                   @JsonProperty("domain") String domain,
                                   @JsonProperty("redirectsByEmailDomain") boolean redirectsByEmailDomain) {
    }

    /**
     * The settings to store; in a PATCH, fields left out stay as they are. {@code joinRequests} came later and may be
     * left out of a PUT too (it then stays), so that callers written before it keep working.
     */
    public record Input(@JsonProperty("ssoRequired") Boolean ssoRequired,
                        @JsonProperty("joinByEmailDomain") Boolean joinByEmailDomain,
                        @JsonProperty("joinRequests") Boolean joinRequests) {
    }

    public static SignInSettings of(OrganizationModel organization) {
        return of(organization, organization.getAttributes());
    }

    private static SignInSettings of(OrganizationModel organization, Map<String, List<String>> attributes) {
        OrganizationSettings settings = OrganizationSettings.of(attributes);
        return new SignInSettings(settings.ssoRequired(), settings.joinByEmailDomain(),
                attributes.getOrDefault(Tenancy.JOIN_REQUESTS, List.of()).contains("true"),
                organization.getDomains().filter(OrganizationDomainModel::isVerified).map(OrganizationDomainModel::getName)
                        .sorted().toList(),
                organization.getIdentityProviders().sorted(Comparator.comparing(IdentityProviderModel::getAlias))
                        .map(idp -> new IdentityProvider(idp.getAlias(), idp.getDisplayName(), idp.isEnabled(),
                                IdentityProviderLinks.domainOf(idp),
                                IdentityProviderLinks.redirectsWhenEmailMatches(idp)))
                        .toList());
    }

    /** The fields of the resource, all of which a PUT carries. */
    static final String[] FIELDS = {"ssoRequired", "joinByEmailDomain"};

    /**
     * Applies a change (fields left null stay as they are). SSO enforcement needs an enabled linked identity provider,
     * or nobody could sign in.
     */
    public static SignInSettings update(KeycloakSession session, OrganizationModel organization, Input input) {
        if (Boolean.TRUE.equals(input.ssoRequired())
                && organization.getIdentityProviders().noneMatch(IdentityProviderModel::isEnabled)) {
            throw TenancyException.conflict("no_identity_provider", "Organization " + organization.getAlias()
                    + " has no enabled identity"
                    + " provider, so requiring single sign-on would lock its people out. Ask a realm administrator to"
                    + " link one first.");
        }
        Map<String, List<String>> changes = new HashMap<>();
        set(changes, Tenancy.SSO_REQUIRED, input.ssoRequired());
        set(changes, Tenancy.JOIN_BY_EMAIL_DOMAIN, input.joinByEmailDomain());
        set(changes, Tenancy.JOIN_REQUESTS, input.joinRequests());
        return of(organization, OrganizationAttributes.change(session, organization, changes));
    }

    private static void set(Map<String, List<String>> changes, String key, Boolean value) {
        if (value != null) {
            changes.put(key, value ? List.of("true") : null);
        }
    }
}
