package dev.keycloaktenancy;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelException;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.organization.OrganizationProvider;

/**
 * The pack's names that the rest of Keycloak stores: every attribute key (realm, organization, client), the master
 * realm role and the client scope; and the two look-ups every capability needs. Typed views read the keys:
 * {@link OrganizationSettings} for an organization, {@link Branding} for the branding of an organization or a realm.
 */
public final class Tenancy {

    // ---- realm attributes -------------------------------------------------------------------------------------------

    /** "true" once tenancy is enabled (role template created, token mapper installed). */
    public static final String ENABLED = "tenancy.enabled";

    /**
     * Read once when a realm is created or imported: tenancy data (the JSON of the export endpoint) to load into the
     * new realm. It is removed after loading.
     */
    public static final String IMPORT = "tenancy.import";

    /** Limits of a realm, kept in the platform operator's hands: every key under this prefix. */
    public static final String LIMITS_PREFIX = "tenancy.limits.";
    public static final String MAX_USERS = LIMITS_PREFIX + "max-users";
    public static final String MAX_ORGANIZATIONS = LIMITS_PREFIX + "max-organizations";
    /** How many organizations one user may own (hold {@code owner} in); read with a default of 5. */
    public static final String MAX_ORGANIZATIONS_PER_USER = LIMITS_PREFIX + "max-organizations-per-user";

    /** "true": users may create organizations through the self-service API and become their owner. */
    public static final String SELF_SERVICE_CREATE_ORGANIZATIONS = "tenancy.self-service.create-organizations";
    /** "true": a user gets an organization of their own (owner) at their first sign-in. */
    public static final String PERSONAL_ORGANIZATION = "tenancy.self-service.personal-organization";
    /**
     * The name of a personal organization, with {@code {name}} (first and last name, or the username),
     * {@code {firstName}}, {@code {username}} and {@code {email}}; default {@code {name}'s workspace}.
     */
    public static final String PERSONAL_ORGANIZATION_NAME = "tenancy.self-service.personal-organization-name";
    /**
     * Realm attribute: whether a user who signs in without any organization is shown a page to create one:
     * {@code off} (default), {@code offer} (they may skip it) or {@code require}. Only where creating is allowed
     * ({@link #SELF_SERVICE_CREATE_ORGANIZATIONS}).
     */
    public static final String LOGIN_CREATE_ORGANIZATION = "tenancy.self-service.login-create-organization";

    /** The record of a tenant realm that the operators' API keeps: every key under this prefix. */
    public static final String TENANT_PREFIX = "tenancy.tenant.";
    public static final String TENANT_TEMPLATE = TENANT_PREFIX + "template";
    public static final String TENANT_CREATED = TENANT_PREFIX + "created";
    /** SHA-256 of the provisioning request, so that a retry can be told from a different request. */
    public static final String TENANT_REQUEST = TENANT_PREFIX + "request";
    /**
     * Keycloak's realm attribute for the frontend URL. On a tenant realm it holds the tenant's own hostname, which the
     * operator routes in DNS and the proxy, so it is the operator's too.
     */
    public static final String FRONTEND_URL = "frontendUrl";

    /**
     * The form of the {@code organization} claim for clients that chose none: {@link RealmSettings#CLAIM_FORMS}.
     */
    public static final String CLAIM_DEFAULT_FORM = "tenancy.claim.default-form";

    /** Realm: days audit records are kept (1 to 3650, default 90). */
    public static final String AUDIT_RETENTION_DAYS = "tenancy.audit.retention-days";
    /**
     * Realm: {@code true} lets webhooks use http and private, loopback or link-local targets (tests, the demo); any
     * other value keeps them to https and public addresses.
     */
    public static final String WEBHOOKS_ALLOW_PRIVATE_TARGETS = "tenancy.webhooks.allow-private-targets";
    /** How many domains an organization may claim, verified or not (default 50). */
    public static final String MAX_DOMAINS_PER_ORGANIZATION = "tenancy.domains.max-per-organization";
    /** How many of them may wait for verification at once (default 10). */
    public static final String MAX_PENDING_DOMAINS_PER_ORGANIZATION = "tenancy.domains.max-pending-per-organization";

    /**
     * The second-factor methods organizations of the realm may choose for their MFA policy, comma-separated (default:
     * every one, {@code otp,webauthn}); {@code none}: organizations cannot require MFA.
     */
    public static final String ALLOWED_MFA_METHODS = "tenancy.security.allowed-mfa-methods";

    // ---- user attribute -------------------------------------------------------------------------------------------------

    /** On a user: the id of the personal organization made for them, or "none" when the limits left no room. */
    public static final String USER_PERSONAL_ORGANIZATION = "tenancy.personal-organization";

    // ---- organization attributes --------------------------------------------------------------------------------------

    /** "true": users at the organization's verified domains must sign in through its identity provider. */
    public static final String SSO_REQUIRED = "tenancy.sso.required";
    /** "true": users with a verified email at a verified domain join the organization by themselves. */
    public static final String JOIN_BY_EMAIL_DOMAIN = "tenancy.jit.email-domain";
    /** "true": users whose verified email is at a verified domain of the organization may ask to join it. */
    public static final String JOIN_REQUESTS = "tenancy.join-requests";
    /** "required": the organization's members complete a second factor when they sign in. */
    public static final String MFA = "tenancy.security.mfa";
    /** The second-factor methods the organization accepts, one value each; none stored: every one the realm allows. */
    public static final String MFA_METHODS = "tenancy.security.mfa-methods";
    public static final String LOGIN_THEME = "tenancy.theme.login";
    public static final String EMAIL_THEME = "tenancy.theme.email";
    public static final String MAX_MEMBERS = LIMITS_PREFIX + "max-members";
    /** Followed by a domain name: the token that a TXT record must publish to verify that domain. */
    public static final String DOMAIN_VERIFICATION_PREFIX = "tenancy.domain-verification.";

    // ---- branding, on an organization or on a realm ------------------------------------------------------------------

    public static final String BRAND_PREFIX = "tenancy.brand.";
    public static final String BRAND_DISPLAY_NAME = BRAND_PREFIX + "display-name";
    public static final String BRAND_LOGO_URL = BRAND_PREFIX + "logo-url";
    public static final String BRAND_PRIMARY_COLOR = BRAND_PREFIX + "primary-color";
    public static final String BRAND_BACKGROUND_COLOR = BRAND_PREFIX + "background-color";

    // ---- client attribute, role, client scope -------------------------------------------------------------------------

    /** On a client: the alias of the organization whose login theme its pages use. */
    public static final String CLIENT_ORGANIZATION = "tenancy.organization";

    /** Master realm role of the platform operators: tenants and their limits. */
    public static final String PROVISIONER_ROLE = "tenancy-provisioner";

    /** Client scope whose audience the self-service API requires; applications that call the API ask for it. */
    public static final String API_SCOPE = "tenancy-api";

    private Tenancy() {
    }

    public static boolean isEnabled(RealmModel realm) {
        return realm != null && Boolean.parseBoolean(realm.getAttribute(ENABLED));
    }

    /** The organization provider when Organizations are on for the context's realm; otherwise null. */
    public static OrganizationProvider organizations(KeycloakSession session) {
        RealmModel realm = session.getContext().getRealm();
        if (realm == null || !realm.isOrganizationsEnabled()) {
            return null;
        }
        OrganizationProvider organizations = session.getProvider(OrganizationProvider.class);
        return organizations != null && organizations.isEnabled() ? organizations : null;
    }

    /**
     * The organization named by an id or an alias, or null; an {@code {org}} path segment accepts either. An id of
     * another realm's organization, which Keycloak refuses with an exception, is not found either.
     */
    public static OrganizationModel findOrganization(KeycloakSession session, String idOrAlias) {
        if (!InputText.isSafeKey(idOrAlias)) {
            return null;
        }
        OrganizationProvider organizations = session.getProvider(OrganizationProvider.class);
        if (organizations == null) {
            return null;
        }
        OrganizationModel byId;
        try {
            byId = organizations.getById(idOrAlias);
        } catch (ModelException e) {
            byId = null;
        }
        return byId != null ? byId : organizations.getByAlias(idOrAlias);
    }
}
