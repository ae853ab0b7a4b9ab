package dev.keycloaktenancy.api.organization;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.keycloaktenancy.OrganizationSettings;
import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.keycloak.OrganizationAttributes;
import dev.keycloaktenancy.security.MfaMethod;
import dev.keycloaktenancy.security.SecurityPolicy;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The organization's security policy as the API shows it: MFA for its members and the methods that satisfy it (read
 * against the realm's cap, which {@code allowedMfaMethods} shows, read-only), and SSO enforcement, which is the
 * sign-in settings' {@code ssoRequired} (one stored value, {@code tenancy.sso.required}).
 */
public record SecuritySettings(@JsonProperty("mfa") String mfa,
                               @JsonProperty("mfaMethods") List<String> mfaMethods,
                               @JsonProperty("ssoRequired") boolean ssoRequired,
                               @JsonProperty("allowedMfaMethods") List<String> allowedMfaMethods) {

    /** The policy to store; in a PATCH, fields left out stay as they are. */
    public record Input(@JsonProperty("mfa") String mfa,
                        @JsonProperty("mfaMethods") List<String> mfaMethods,
                        @JsonProperty("ssoRequired") Boolean ssoRequired) {
    }

    /** The fields of the resource that a PUT carries (all but the read-only {@code allowedMfaMethods}). */
    static final String[] FIELDS = {"mfa", "mfaMethods", "ssoRequired"};

    public static SecuritySettings of(RealmModel realm, OrganizationModel organization) {
        return of(realm, organization.getAttributes());
    }

    private static SecuritySettings of(RealmModel realm, Map<String, List<String>> attributes) {
        Set<MfaMethod> allowed = realmAllowed(realm);
        OrganizationSettings settings = OrganizationSettings.of(attributes);
        SecurityPolicy policy = SecurityPolicy.of(settings, allowed);
        return new SecuritySettings(policy.mfa(), policy.methodNames(), settings.ssoRequired(),
                SecurityPolicy.names(allowed));
    }

    static Set<MfaMethod> realmAllowed(RealmModel realm) {
        return SecurityPolicy.realmAllowed(realm.getAttribute(Tenancy.ALLOWED_MFA_METHODS));
    }

    /**
     * Stores the MFA fields given (checked against the realm's cap); {@code ssoRequired} is the caller's to apply
     * through {@link SignInSettings#update}, which holds its rules.
     */
    static SecuritySettings updateMfa(KeycloakSession session, OrganizationModel organization, Input input) {
        RealmModel realm = session.getContext().getRealm();
        Set<MfaMethod> allowed = realmAllowed(realm);
        OrganizationSettings current = OrganizationSettings.of(organization);
        boolean required = input.mfa() == null ? current.mfaRequired() : SecurityPolicy.readMfa(input.mfa());
        Map<String, List<String>> changes = new HashMap<>();
        if (input.mfaMethods() != null) {
            Set<MfaMethod> methods = SecurityPolicy.readMethods(input.mfaMethods(), allowed, realm.getName());
            SecurityPolicy.requireSatisfiable(required, methods, allowed, realm.getName());
            changes.put(Tenancy.MFA_METHODS, methods.isEmpty() ? null : SecurityPolicy.names(methods));
        } else if (input.mfa() != null) {
            SecurityPolicy.requireSatisfiable(required, SecurityPolicy.of(current, allowed).mfaMethods(), allowed,
                    realm.getName());
        }
        if (input.mfa() != null) {
            changes.put(Tenancy.MFA, required ? List.of(SecurityPolicy.REQUIRED) : null);
        }
        // read back as stored, with a change of ssoRequired made just before in this request
        return of(realm, OrganizationAttributes.change(session, organization, changes));
    }
}
