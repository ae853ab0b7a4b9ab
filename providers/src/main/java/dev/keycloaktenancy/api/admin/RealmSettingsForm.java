package dev.keycloaktenancy.api.admin;

import dev.keycloaktenancy.LimitValue;
import dev.keycloaktenancy.RealmSettings;
import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.TenancyException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The admin console's Tenancy tab of Realm settings: tenancy on, and the realm's tenancy settings. Values are checked
 * like the configuration API checks them ({@link RealmSettings}) and stored in the same realm attributes, so the tab,
 * {@code PUT …/tenancy/config} and realm import write one copy that the pack reads. Switching tenancy on enables it
 * as {@code POST …/tenancy/enable} does; it cannot be switched off (nothing in the pack disables tenancy), so saving
 * with the switch off leaves it as it is.
 */
public final class RealmSettingsForm {

    private final RealmSetup realmSetup;

    public RealmSettingsForm(RealmSetup realmSetup) {
        this.realmSetup = realmSetup;
    }

    public static String helpText() {
        return "The realm's tenancy settings (keycloak-tenancy): the same values as GET/PUT /admin/realms/{realm}/tenancy/config."
                + " Organizations' roles, members, sign-in and branding: the tenancy administration page,"
                + " /realms/master/tenancy/portal/admin/ (or /realms/{this realm}/tenancy/portal/admin/ for this realm's"
                + " own administrators).";
    }

    public static List<ProviderConfigProperty> fields() {
        return ProviderConfigurationBuilder.create()
                .property().name(RealmSettings.ENABLED_FIELD).label("Tenancy enabled")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("false")
                .helpText("On: the role template, the organization roles token mapper and the pack's login steps are"
                        + " installed in this realm (as POST …/tenancy/enable). It cannot be turned off here.")
                .add()
                .property().name("claimDefaultForm").label("Organization claim form")
                .type(ProviderConfigProperty.STRING_TYPE)
                .helpText("What the organization claim carries for clients that chose no form (client attribute"
                        + " tenancy.claim.form): one of " + String.join(", ", RealmSettings.CLAIM_FORMS)
                        + ". Empty: the token mapper's own setting.")
                .add()
                .property().name("maxDomainsPerOrganization").label("Domains per organization")
                .type(ProviderConfigProperty.STRING_TYPE)
                .helpText("How many domains an organization may claim, verified or not: 0 to " + RealmSettings.MAX_DOMAINS
                        + ". Empty: 50.")
                .add()
                .property().name("maxPendingDomainsPerOrganization").label("Unverified domains per organization")
                .type(ProviderConfigProperty.STRING_TYPE)
                .helpText("How many of an organization's domains may wait for verification at once: 0 to "
                        + RealmSettings.MAX_DOMAINS + ". Empty: 10.")
                .add()
                .property().name("allowedMfaMethods").label("MFA methods organizations may require")
                .type(ProviderConfigProperty.STRING_TYPE)
                .helpText("The second-factor methods an organization's security policy may name, comma-separated: "
                        + String.join(", ", RealmSettings.MFA_METHODS) + "; " + RealmSettings.NO_MFA_METHOD
                        + ": no organization may require MFA. Empty: every method.")
                .add()
                .property().name("auditRetentionDays").label("Audit retention (days)")
                .type(ProviderConfigProperty.STRING_TYPE)
                .helpText("How long the organizations' audit records are kept: 1 to " + RealmSettings.MAX_AUDIT_DAYS
                        + " days. Empty: 90.")
                .add()
                .property().name("selfServeCreateOrganizations").label("Users may create organizations")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("false")
                .helpText("On: signed-in users create organizations through the self-service API and own them.")
                .add()
                .property().name("maxOrganizationsPerUser").label("Organizations one user may own")
                .type(ProviderConfigProperty.STRING_TYPE)
                .helpText("0 to " + LimitValue.HIGHEST + ". Empty: 5. In a tenant realm the platform operator's.")
                .add()
                .property().name("personalOrganization").label("Personal workspace at first sign-in")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("false")
                .helpText("On: each user gets an organization of their own, as its owner, at their first sign-in.")
                .add()
                .property().name("personalOrganizationName").label("Personal workspace name")
                .type(ProviderConfigProperty.STRING_TYPE)
                .helpText("The name of a personal workspace, with " + String.join(", ", RealmSettings.NAME_PLACEHOLDERS)
                        + ". Empty: {name}'s workspace.")
                .add()
                .property().name("loginCreateOrganization").label("Sign-in without an organization")
                .type(ProviderConfigProperty.LIST_TYPE).options(RealmSettings.LOGIN_CREATE_MODES).defaultValue("off")
                .helpText("offer: a user who signs in without belonging to any organization is shown a page to create"
                        + " one, which they may skip; require: they cannot skip it. Only while users may create"
                        + " organizations. Empty or off: no such page.")
                .add()
                .build();
    }

    /**
     * Refuses values the pack does not accept, with its sentence; switches tenancy on when asked (in a transaction of
     * its own, before the console's save writes anything).
     */
    public void check(KeycloakSession session, RealmModel realm, Map<String, String> values) {
        String enabled = values.get(RealmSettings.ENABLED_FIELD);
        if (enabled != null && !enabled.isBlank() && !enabled.equals("true") && !enabled.equals("false")) {
            throw TenancyException.badRequest("invalid_setting", RealmSettings.ENABLED_FIELD + ": true or false.");
        }
        RealmSettings.ofText(values);
        if ("true".equals(enabled) && !Tenancy.isEnabled(realm)) {
            if (!realm.isOrganizationsEnabled()) {
                throw TenancyException.badRequest("organizations_disabled", "Turn on Organizations in the realm's"
                        + " General settings first: tenancy builds on Keycloak's organizations.");
            }
            realmSetup.enable(session, realm);
        }
    }

    /**
     * Writes the checked settings that the admin changed into the realm's attributes; the others keep what the realm
     * has, even where the form showed something else.
     */
    public void save(RealmModel realm, Map<String, String> values, Set<String> changed) {
        RealmSettings.ofText(values).values().forEach((name, value) -> {
            if (changed.contains(name)) {
                RealmSettings.write(realm, name, value);
            }
        });
    }
}
