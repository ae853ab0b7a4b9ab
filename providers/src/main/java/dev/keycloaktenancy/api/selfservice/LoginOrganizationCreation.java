package dev.keycloaktenancy.api.selfservice;

import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.TenancyException;
import dev.keycloaktenancy.api.organization.OrganizationCaller;
import dev.keycloaktenancy.api.organization.SelfServeOrganizations;
import dev.keycloaktenancy.keycloak.AdminEvents;
import dev.keycloaktenancy.roles.Actor;
import dev.keycloaktenancy.roles.HeldRoles;
import jakarta.ws.rs.core.MultivaluedMap;
import org.jboss.logging.Logger;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.organization.OrganizationProvider;

import org.keycloak.util.JsonSerialization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The login page that leads a user who belongs to no organization to create one, where the realm asks for it
 * ({@link Tenancy#LOGIN_CREATE_ORGANIZATION}: {@code offer}, with a skip, or {@code require}) and lets users create
 * organizations. It runs after joining by email domain and the personal workspace, so a user those gave an
 * organization is not asked. The page goes through {@link SelfServeOrganizations#create}, the API's own path (limits,
 * alias and name rules, the daily cap), in a transaction of its own: a refusal leaves nothing behind and shows its
 * sentence on the page. Only logins through the authorization endpoint are asked (the password grant cannot show a
 * page). A limit refusal lets even a required page be left: the user cannot do anything about it.
 */
final class LoginOrganizationCreation implements RequiredActionProvider {

    static final String ID = "tenancy-create-organization";
    static final String TEMPLATE = "tenancy-create-organization.ftl";
    static final String NAME = "tenancy_organization_name";
    static final String ALIAS = "tenancy_organization_alias";
    static final String SKIP = "tenancy_skip";
    /**
     * On the authentication session: the user skipped the page. Keycloak evaluates every required action again after
     * one completes, and the user still has no organization; without this the page would come straight back.
     */
    private static final String SKIPPED = "tenancy.create-organization.skipped";
    /** The message that shows a refusal's sentence as it is (a parameter, so no quote or brace in it is read). */
    private static final String REFUSED = "tenancyCreateOrganizationRefused";
    private static final Set<String> LEAVE_ON_REFUSAL = Set.of("limit_reached", "too_many_requests");
    private static final Logger LOG = Logger.getLogger(LoginOrganizationCreation.class);

    /** What the realm asks: {@code off}, {@code offer} or {@code require}. */
    static String mode(RealmModel realm) {
        String mode = realm.getAttribute(Tenancy.LOGIN_CREATE_ORGANIZATION);
        mode = mode == null ? "off" : mode.trim().toLowerCase(Locale.ROOT);
        boolean creating = Boolean.parseBoolean(realm.getAttribute(Tenancy.SELF_SERVICE_CREATE_ORGANIZATIONS));
        return creating && Tenancy.isEnabled(realm) && realm.isOrganizationsEnabled()
                && (mode.equals("offer") || mode.equals("require")) ? mode : "off";
    }

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
        if (!"off".equals(mode(context.getRealm())) && context.getUser() != null
                && context.getAuthenticationSession().getAuthNote(SKIPPED) == null
                && context.getAuthenticationSession().getClientNote("response_type") != null
                && withoutOrganization(context.getSession(), context.getUser())) {
            context.getAuthenticationSession().addRequiredAction(ID);
        }
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        if ("off".equals(mode(context.getRealm())) || !withoutOrganization(context.getSession(), context.getUser())) {
            context.success();
            return;
        }
        context.challenge(page(context, !"require".equals(mode(context.getRealm())), "", "")
                .createForm(TEMPLATE));
    }

    @Override
    public void processAction(RequiredActionContext context) {
        String mode = mode(context.getRealm());
        if ("off".equals(mode) || !withoutOrganization(context.getSession(), context.getUser())) {
            context.success();
            return;
        }
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        boolean mayLeave = "offer".equals(mode) || "true".equals(context.getAuthenticationSession()
                .getAuthNote(SKIP));
        if (form.containsKey(SKIP)) {
            if (mayLeave) {
                context.getAuthenticationSession().setAuthNote(SKIPPED, "true");
                context.success();
            } else {
                context.challenge(page(context, false, "", "").createForm(TEMPLATE));
            }
            return;
        }
        String name = form.getFirst(NAME) == null ? "" : form.getFirst(NAME);
        String alias = form.getFirst(ALIAS) == null ? "" : form.getFirst(ALIAS).strip();
        try {
            create(context, name, alias.isEmpty() ? null : alias);
            context.success();
        } catch (TenancyException refused) {
            if (LEAVE_ON_REFUSAL.contains(refused.error())) {
                context.getAuthenticationSession().setAuthNote(SKIP, "true");
                mayLeave = true;
            }
            context.challenge(page(context, mayLeave, name, alias).setError(REFUSED, refused.description())
                    .createForm(TEMPLATE));
        } catch (RuntimeException fault) {
            // nothing was created (the transaction rolled back); the page says so rather than ending the login
            String id = KeycloakModelUtils.generateId();
            LOG.errorf(fault, "Creating an organization on the login page of realm %s failed (correlation id %s)",
                    context.getRealm().getName(), id);
            context.challenge(page(context, mayLeave, name, alias).setError(REFUSED, "The organization could not be"
                    + " created because of a fault on the server (correlation id " + id + "). Try again in a moment.")
                    .createForm(TEMPLATE));
        }
    }

    /**
     * Creates the organization in a transaction of its own, through the API's path, recorded as the API records it
     * (admin event and audit record naming the user and the login's client).
     */
    private static void create(RequiredActionContext context, String name, String alias) {
        String realmId = context.getRealm().getId();
        String userId = context.getUser().getId();
        String clientId = context.getAuthenticationSession().getClient().getClientId();
        KeycloakModelUtils.runJobInTransaction(context.getSession().getKeycloakSessionFactory(), session -> {
            RealmModel realm = session.realms().getRealm(realmId);
            session.getContext().setRealm(realm);
            session.getContext().setConnection(context.getSession().getContext().getConnection());
            session.getContext().setHttpRequest(context.getSession().getContext().getHttpRequest());
            UserModel user = session.users().getUserById(realm, userId);
            Map<String, String> body = new HashMap<>();
            body.put("name", name);
            if (alias != null) {
                body.put("alias", alias);
            }
            OrganizationModel created;
            try {
                created = SelfServeOrganizations.create(session, user, JsonSerialization.writeValueAsString(body));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            SelfServeOrganizations.recordCreation(new OrganizationCaller(session, created, new Owner(),
                    AdminEvents.ofLoginPage(session, userId, clientId)));
            LOG.debugf("User %s created organization %s on the login page of realm %s", userId, created.getAlias(),
                    realm.getName());
        });
    }

    private static boolean withoutOrganization(KeycloakSession session, UserModel user) {
        OrganizationProvider organizations = session.getProvider(OrganizationProvider.class);
        return organizations != null && organizations.getByMember(user).findAny().isEmpty();
    }

    private static LoginFormsProvider page(RequiredActionContext context, boolean mayLeave, String name, String alias) {
        return context.form()
                .setAttribute("tenancyMayLeave", mayLeave)
                .setAttribute("tenancyOrganizationName", name)
                .setAttribute("tenancyOrganizationAlias", alias);
    }

    @Override
    public void close() {
    }

    /** The creator, owner of what they just created: how the creation is recorded. */
    private static final class Owner implements OrganizationCaller.Authority {

        /** Nothing but the record is done as this caller. */
        @Override
        public void require(OrganizationModel organization, String permission, boolean change) {
            throw TenancyException.forbidden("The login page only creates organizations.");
        }

        @Override
        public Actor actor() {
            return Actor.member(HeldRoles.NONE);
        }

        @Override
        public boolean mayDeleteAccounts() {
            return false;
        }
    }
}
