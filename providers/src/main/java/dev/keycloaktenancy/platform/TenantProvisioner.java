package dev.keycloaktenancy.platform;

import dev.keycloaktenancy.Branding;
import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.TenancyException;
import dev.keycloaktenancy.domains.DomainRepresentation;
import dev.keycloaktenancy.domains.OrganizationDomains;
import dev.keycloaktenancy.keycloak.ActionLinks;
import dev.keycloaktenancy.keycloak.Realms;
import dev.keycloaktenancy.keycloak.ServerUrls;
import dev.keycloaktenancy.limits.UsageLimits;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.models.AdminRoles;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.urls.UrlType;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Creates, lists, suspends, resumes and deletes tenant realms. Creation happens in the caller's transaction: when
 * any step fails (the template, a domain, the administrator, the invitation email) the transaction is rolled back
 * and no part of the tenant remains.
 */
public final class TenantProvisioner {

    private static final String DEFAULT_THEME = "tenancy";
    private static final Logger LOG = Logger.getLogger(TenantProvisioner.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeycloakSession session;
    private final TenantTemplates templates;
    /** The platform's own address (the master realm's frontend URL), which tenants without a hostname share. */
    private final URI platform;
    /** Where admin consoles are served ({@code --hostname-admin}, else the platform's address). */
    private final URI adminBase;

    /** Made in a request of the master realm, whose frontend URL is the platform's. */
    public TenantProvisioner(KeycloakSession session, TenantTemplates templates) {
        this.session = session;
        this.templates = templates;
        this.platform = session.getContext().getUri(UrlType.FRONTEND).getBaseUri();
        this.adminBase = session.getContext().getUri(UrlType.ADMIN).getBaseUri();
    }

    /** @param created false when the same tenant already existed (the call is idempotent on the realm name) */
    public record Outcome(TenantView tenant, boolean created) {
    }

    public Outcome create(TenantRequest request) {
        request.validated();
        RealmModel existing = session.realms().getRealmByName(request.realm());
        if (existing != null) {
            if (request.template().equals(existing.getAttribute(Tenancy.TENANT_TEMPLATE))) {
                return new Outcome(retried(existing, request), false);
            }
            throw TenancyException.conflict("realm_exists", "A realm named " + request.realm() + " already exists"
                    + (existing.getAttribute(Tenancy.TENANT_TEMPLATE) == null ? "" : " (a tenant made from template "
                    + existing.getAttribute(Tenancy.TENANT_TEMPLATE) + ")") + ". Choose another name.");
        }
        request.parsedHostname().ifPresent(hostname -> checkHostnameFree(hostname, null));
        RealmRepresentation representation = templates.read(request.template());
        prepare(representation, request);

        RealmModel previous = session.getContext().getRealm();
        try {
            RealmModel realm = Realms.importRealm(session, representation);
            session.getContext().setRealm(realm);
            List<DomainRepresentation> domains = claimDomains(realm, request);
            UsageLimits.checkRoomForUser(session, realm);
            UserModel administrator = createAdministrator(realm, request.administrator());
            String temporaryPassword = request.administrator().invited() ? null : setTemporaryPassword(administrator);
            session.getProvider(JpaConnectionProvider.class).getEntityManager().flush();
            if (request.administrator().invited()) {
                invite(realm, administrator);
            }
            TenantView.AdministratorView admin = new TenantView.AdministratorView(administrator.getUsername(),
                    request.administrator().invited(), temporaryPassword);
            return new Outcome(view(realm, admin, domains, true), true);
        } catch (TenancyException e) {
            session.getTransactionManager().setRollbackOnly();
            throw e;
        } catch (RuntimeException e) {
            session.getTransactionManager().setRollbackOnly();
            String correlationId = UUID.randomUUID().toString();
            LOG.errorf(e, "Provisioning tenant %s from template %s failed; nothing was kept (correlation id %s)",
                    request.realm(), request.template(), correlationId);
            throw TenancyException.serverFault("provisioning_failed", "Template '" + request.template() + "' could"
                    + " not be applied to " + request.realm() + " (" + rootMessage(e) + "); nothing was created.",
                    correlationId);
        } finally {
            session.getContext().setRealm(previous);
        }
    }

    /**
     * The existing tenant for a repeated request: the same request again is answered as a success (provisioning is
     * idempotent on the realm name); a different request for the same name is refused, and changes nothing. Tenants
     * made before the pack kept the request's fingerprint are not compared.
     */
    private TenantView retried(RealmModel existing, TenantRequest request) {
        String original = existing.getAttribute(Tenancy.TENANT_REQUEST);
        if (original == null || original.equals(request.fingerprint())) {
            return view(existing);
        }
        throw TenancyException.conflict("tenant_exists_different_request", "Tenant " + existing.getName()
                + " already exists, made by a different request: nothing in this request was applied. Change the tenant"
                + " with its own calls (hostname, limits, suspend, resume), or choose another realm name for a new"
                + " tenant.");
    }

    public List<TenantView> list() {
        return session.realms().getRealmsStream()
                .filter(realm -> realm.getAttribute(Tenancy.TENANT_TEMPLATE) != null)
                .sorted(Comparator.comparing(RealmModel::getName))
                .map(realm -> view(realm, null, domainsOf(realm), false))
                .toList();
    }

    public Optional<RealmModel> find(String name) {
        return Optional.ofNullable(name == null ? null : session.realms().getRealmByName(name))
                .filter(realm -> realm.getAttribute(Tenancy.TENANT_TEMPLATE) != null);
    }

    /**
     * Suspends or resumes the tenant. Disabling a realm only stops new sign-ins, so suspending also ends its sessions
     * and makes every token issued so far invalid (the realm's "not before"), its administrators' included: they
     * cannot act on their realm until it is resumed, and then sign in again.
     */
    public TenantView setEnabled(RealmModel realm, boolean enabled) {
        realm.setEnabled(enabled);
        if (!enabled) {
            realm.setNotBefore(Time.currentTime());
            session.sessions().removeUserSessions(realm);
        }
        return view(realm);
    }

    public void delete(RealmModel realm) {
        Realms.remove(session, realm);
    }

    /**
     * Replaces the tenant's limits: a limit left out is removed. Nobody is removed when a limit falls below what the
     * tenant already holds; only new users or organizations are refused.
     */
    public TenantView setLimits(RealmModel realm, TenantLimits limits) {
        List<String> problems = limits.problems();
        if (!problems.isEmpty()) {
            throw TenancyException.badRequest("Invalid limits: " + String.join("; ", problems) + ".");
        }
        setOrRemove(realm, Tenancy.MAX_USERS, limits.maxUsers());
        setOrRemove(realm, Tenancy.MAX_ORGANIZATIONS, limits.maxOrganizations());
        return view(realm);
    }

    /**
     * Serves the tenant on its own hostname (its realm's frontend URL), or on the platform's again when the hostname
     * is null. Tokens and email links issued before name the old issuer, which Keycloak then refuses: users sign in
     * again.
     */
    public TenantView setHostname(RealmModel realm, String input) {
        if (input == null) {
            realm.removeAttribute(Tenancy.FRONTEND_URL);
            return view(realm);
        }
        TenantHostname hostname = TenantHostname.parse(input);
        checkHostnameFree(hostname, realm);
        realm.setAttribute(Tenancy.FRONTEND_URL, hostname.frontendUrl(platform.getScheme()));
        return view(realm);
    }

    /** A hostname serves one realm only, and never the platform's own addresses (its hostname, its admin hostname). */
    private void checkHostnameFree(TenantHostname hostname, RealmModel tenant) {
        if (Stream.of(platform, adminBase).map(own -> TenantHostname.ofFrontendUrl(own.toString()))
                .flatMap(Optional::stream).anyMatch(own -> own.sameHostAs(hostname))) {
            throw TenancyException.conflict("hostname_taken", hostname.authority() + " is the platform's own"
                    + " hostname, which every tenant without a hostname shares; choose the tenant's own.");
        }
        session.realms().getRealmsStream()
                .filter(realm -> tenant == null || !realm.getId().equals(tenant.getId()))
                .filter(realm -> TenantHostname.ofFrontendUrl(realm.getAttribute(Tenancy.FRONTEND_URL))
                        .filter(held -> held.sameHostAs(hostname)).isPresent())
                .findFirst()
                .ifPresent(holder -> {
                    throw TenancyException.conflict("hostname_taken", hostname.authority() + " is already the hostname of "
                            + (holder.getAttribute(Tenancy.TENANT_TEMPLATE) == null ? "realm " : "tenant ")
                            + holder.getName() + ". A hostname serves one realm only.");
                });
    }

    /** One tenant, with what it uses of its limits. */
    public TenantView view(RealmModel realm) {
        return view(realm, null, domainsOf(realm), true);
    }

    private static void setOrRemove(RealmModel realm, String attribute, Integer value) {
        if (value == null) {
            realm.removeAttribute(attribute);
        } else {
            realm.setAttribute(attribute, value.toString());
        }
    }

    private TenantView view(RealmModel realm, TenantView.AdministratorView administrator,
                            List<DomainRepresentation> domains, boolean withUsage) {
        Optional<TenantHostname> hostname = TenantHostname.ofFrontendUrl(realm.getAttribute(Tenancy.FRONTEND_URL));
        URI frontend = hostname.map(own -> URI.create(own.frontendUrl(platform.getScheme()) + "/")).orElse(platform);
        Map<String, List<String>> attributes = new HashMap<>();
        realm.getAttributes().forEach((key, value) -> attributes.put(key, List.of(value)));
        Branding branding = Branding.fromAttributes(attributes, "realm " + realm.getName());
        return TenantView.of(realm.getName())
                .displayName(realm.getDisplayName())
                .template(realm.getAttribute(Tenancy.TENANT_TEMPLATE))
                .enabled(realm.isEnabled())
                .createdAt(realm.getAttribute(Tenancy.TENANT_CREATED))
                .limits(TenantLimits.of(realm))
                .usage(withUsage ? UsageLimits.usage(session, realm) : null)
                .branding(branding)
                .domains(domains)
                .administrator(administrator)
                .hostname(hostname.map(TenantHostname::authority).orElse(null),
                        hostname.map(own -> HostnameSetup.of(realm.getName(), own, platform)).orElse(null))
                .urls(ServerUrls.adminConsole(adminBase, realm.getName()).toString(),
                        ServerUrls.accountConsole(frontend, realm.getName()).toString())
                .build();
    }

    private void prepare(RealmRepresentation representation, TenantRequest request) {
        representation.setId(null);
        representation.setRealm(request.realm());
        representation.setEnabled(true);
        if (request.displayName() != null) {
            representation.setDisplayName(request.displayName());
        }
        Map<String, String> attributes = representation.getAttributes() == null ? new HashMap<>()
                : new HashMap<>(representation.getAttributes());
        attributes.put(Tenancy.TENANT_TEMPLATE, request.template());
        attributes.put(Tenancy.TENANT_CREATED, Instant.now().toString());
        attributes.put(Tenancy.TENANT_REQUEST, request.fingerprint());
        Branding branding = request.branding();
        if (branding != null) {
            branding.byAttribute().forEach((key, value) -> putIfPresent(attributes, key, value));
        }
        TenantLimits limits = request.limits();
        if (limits != null) {
            putIfPresent(attributes, Tenancy.MAX_USERS, limits.maxUsers() == null ? null : limits.maxUsers().toString());
            putIfPresent(attributes, Tenancy.MAX_ORGANIZATIONS,
                    limits.maxOrganizations() == null ? null : limits.maxOrganizations().toString());
        }
        // A template's own frontend URL would give every tenant made from it the same hostname, unchecked.
        attributes.remove(Tenancy.FRONTEND_URL);
        request.parsedHostname().ifPresent(hostname ->
                attributes.put(Tenancy.FRONTEND_URL, hostname.frontendUrl(platform.getScheme())));
        representation.setAttributes(attributes);
        if (representation.getLoginTheme() == null) {
            representation.setLoginTheme(DEFAULT_THEME);
        }
        if (representation.getEmailTheme() == null) {
            representation.setEmailTheme(DEFAULT_THEME);
        }
        if (!request.normalizedDomains().isEmpty()) {
            representation.setOrganizationsEnabled(true);
        }
    }

    /** The tenant's own domains belong to one organization named after the tenant, to be verified through DNS. */
    private List<DomainRepresentation> claimDomains(RealmModel realm, TenantRequest request) {
        List<String> names = request.normalizedDomains();
        if (names.isEmpty()) {
            return List.of();
        }
        String name = realm.getDisplayName() != null ? realm.getDisplayName() : realm.getName();
        OrganizationModel organization = session.getProvider(OrganizationProvider.class).create(name, realm.getName());
        OrganizationDomains domains = new OrganizationDomains(session, organization);
        List<DomainRepresentation> claimed = new ArrayList<>();
        for (String domain : names) {
            claimed.add(domains.claim(domain));
        }
        return claimed;
    }

    private List<DomainRepresentation> domainsOf(RealmModel realm) {
        if (!realm.isOrganizationsEnabled()) {
            return List.of();
        }
        RealmModel previous = session.getContext().getRealm();
        session.getContext().setRealm(realm);
        try {
            OrganizationModel organization = session.getProvider(OrganizationProvider.class).getByAlias(realm.getName());
            return organization == null ? List.of() : new OrganizationDomains(session, organization).list();
        } finally {
            session.getContext().setRealm(previous);
        }
    }

    private UserModel createAdministrator(RealmModel realm, TenantRequest.Administrator input) {
        String email = input.email().trim().toLowerCase(Locale.ROOT);
        UserModel user = session.users().addUser(realm, email);
        user.setEmail(email);
        user.setFirstName(input.firstName());
        user.setLastName(input.lastName());
        user.setEnabled(true);
        ClientModel realmManagement = realm.getClientByClientId(Constants.REALM_MANAGEMENT_CLIENT_ID);
        if (realmManagement == null || realmManagement.getRole(AdminRoles.REALM_ADMIN) == null) {
            throw TenancyException.badRequest("The new realm has no realm-management client to make "
                    + email + " its administrator; check the template.");
        }
        user.grantRole(realmManagement.getRole(AdminRoles.REALM_ADMIN));
        user.addRequiredAction(UserModel.RequiredAction.UPDATE_PASSWORD);
        return user;
    }

    private static String setTemporaryPassword(UserModel user) {
        String password = generatePassword();
        user.credentialManager().updateCredential(UserCredentialModel.password(password, false));
        return password;
    }

    /** Sends the administrator a link to choose a password, landing in the tenant's admin console. */
    private void invite(RealmModel realm, UserModel user) {
        if (realm.getSmtpConfig() == null || realm.getSmtpConfig().isEmpty()) {
            throw TenancyException.badRequest("Template '" + realm.getAttribute(Tenancy.TENANT_TEMPLATE)
                    + "' configures no email server (smtpServer), so the administrator cannot be invited by email."
                    + " Leave administrator.invite off to get a temporary password instead.");
        }
        int lifespan = realm.getActionTokenGeneratedByAdminLifespan();
        String link = ActionLinks.requiredActions(session, realm, user, Time.currentTime() + lifespan,
                List.of(UserModel.RequiredAction.UPDATE_PASSWORD.name()),
                ServerUrls.adminConsole(adminBase, realm.getName()).toString(), Constants.ADMIN_CONSOLE_CLIENT_ID);
        try {
            session.getProvider(EmailTemplateProvider.class).setRealm(realm).setUser(user)
                    .sendExecuteActions(link, TimeUnit.SECONDS.toMinutes(lifespan));
        } catch (EmailException e) {
            LOG.warnf(e, "Invitation email to the administrator of tenant %s failed", realm.getName());
            throw TenancyException.unavailable("mail_unavailable", "The invitation email to " + user.getEmail()
                    + " could not be sent (" + rootMessage(e) + "); nothing was created. Try again later.", 60);
        }
    }

    /** 24 characters with upper and lower case letters, digits and symbols, to pass the usual password policies. */
    static String generatePassword() {
        String[] classes = {"ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnopqrstuvwxyz", "23456789", "!#%+-=?@_"};
        List<Character> characters = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String pool = classes[i % classes.length];
            characters.add(pool.charAt(RANDOM.nextInt(pool.length())));
        }
        Collections.shuffle(characters, RANDOM);
        StringBuilder password = new StringBuilder();
        characters.forEach(password::append);
        return password.toString();
    }

    private static void putIfPresent(Map<String, String> attributes, String key, String value) {
        if (value != null && !value.isEmpty()) {
            attributes.put(key, value);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
