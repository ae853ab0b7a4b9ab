package dev.keycloaktenancy.keycloak;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.keycloak.WebAuthnConstants;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.authentication.authenticators.broker.AbstractIdpAuthenticator;
import org.keycloak.authentication.authenticators.browser.AbstractUsernameFormAuthenticator;
import org.keycloak.authentication.authenticators.browser.IdentityProviderAuthenticator;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.forms.login.freemarker.model.AuthenticationContextBean;
import org.keycloak.forms.login.freemarker.model.IdentityProviderBean;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.authentication.authenticators.browser.OrganizationAuthenticator;
import org.keycloak.organization.authentication.authenticators.browser.OrganizationAuthenticatorFactory;
import org.keycloak.organization.forms.login.freemarker.model.OrganizationAwareAuthenticationContextBean;
import org.keycloak.organization.forms.login.freemarker.model.OrganizationAwareIdentityProviderBean;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.sessions.AuthenticationSessionModel;

import java.util.Map;

/**
 * Keycloak's identity-first organization login, which the pack's routing step wraps: the step itself and its
 * factory, the pages and hand-offs it uses (the username page, the broker redirect, continuing to the password step),
 * and the notes it leaves on the login.
 */
public final class IdentityFirstLogin {

    /** Auth-session and client-session note naming the organization resolved during a login. */
    public static final String FLOW_ORGANIZATION_NOTE = OrganizationModel.ORGANIZATION_ATTRIBUTE;

    private IdentityFirstLogin() {
    }

    /** Keycloak's "Organization Identity-First Login" step. */
    public static Authenticator step(KeycloakSession session) {
        return new OrganizationAuthenticator(session);
    }

    /** The factory of that step: its configuration, requirement choices and availability. */
    public static AuthenticatorFactory stepFactory() {
        return new OrganizationAuthenticatorFactory();
    }

    /** Whether the step's configuration requires the user to be a member of the organization. */
    public static boolean requiresMembership(AuthenticatorConfigModel config) {
        return config != null && config.getConfig() != null
                && Boolean.parseBoolean(config.getConfig().get(OrganizationAuthenticatorFactory.REQUIRES_USER_MEMBERSHIP));
    }

    /** Whether this request is a sign-in through an identity provider (Keycloak's first broker login or linking). */
    public static boolean isBrokeredLogin(KeycloakSession session) {
        AuthenticationSessionModel authSession = session.getContext().getAuthenticationSession();
        return authSession != null && authSession.getAuthNote(AbstractIdpAuthenticator.BROKERED_CONTEXT_NOTE) != null;
    }

    /** Sends the browser to an identity provider, as the identity-first step does, passing the email as login_hint. */
    public static void redirectToIdentityProvider(AuthenticationFlowContext context, String alias, String loginHint) {
        new BrokerRedirect().to(context, alias, loginHint);
    }

    /** The identity-first page as Keycloak shows it (no organization brokers listed), pre-filled with an email. */
    public static void showUsernamePage(AuthenticationFlowContext context, String email) {
        context.challenge(context.form()
                .setFormData(new MultivaluedHashMap<>(Map.of(UserModel.USERNAME, email)))
                .setAttributeMapper(attributes -> {
                    attributes.computeIfPresent("social", (key, bean) ->
                            new OrganizationAwareIdentityProviderBean((IdentityProviderBean) bean, false, true));
                    attributes.computeIfPresent("auth", (key, bean) ->
                            new OrganizationAwareAuthenticationContextBean((AuthenticationContextBean) bean, false));
                    return attributes;
                })
                .createLoginUsername());
    }

    /**
     * What the identity-first step does when an email designates no organization: the username is kept for the next
     * step of the flow (the password form), which takes over.
     *
     * @param user the account the username names (already looked up by the caller), or null
     */
    public static void continueWithoutOrganization(AuthenticationFlowContext context, String username, UserModel user) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        if (form.containsKey("rememberMe")) {
            AuthenticatorUtils.processRememberMe(context, form);
        }
        context.getAuthenticationSession().removeAuthNote(FLOW_ORGANIZATION_NOTE);
        context.setUser(user);
        context.getAuthenticationSession().setAuthNote(AbstractUsernameFormAuthenticator.ATTEMPTED_USERNAME, username);
        context.getAuthenticationSession().setAuthNote(AbstractUsernameFormAuthenticator.USERNAME_HIDDEN, Boolean.TRUE.toString());
        context.attempted();
    }

    /** Keycloak's note of the username typed on the first page of a login (also read by the SSO steps). */
    public static final String ATTEMPTED_USERNAME = AbstractUsernameFormAuthenticator.ATTEMPTED_USERNAME;
    /** The request parameters the routing steps read, as Keycloak's OIDC endpoint keeps them on the session. */
    public static final String LOGIN_HINT_PARAM = OIDCLoginProtocol.LOGIN_HINT_PARAM;
    public static final String PROMPT_PARAM = OIDCLoginProtocol.PROMPT_PARAM;
    public static final String PROMPT_VALUE_LOGIN = OIDCLoginProtocol.PROMPT_VALUE_LOGIN;

    /**
     * Whether a form post belongs to the step's other uses (a passkey, or the organization picked on the selection
     * page), which the step handles itself.
     */
    public static boolean isPasskeyOrOrganizationChoice(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        return form.containsKey(WebAuthnConstants.AUTHENTICATOR_DATA) || form.containsKey(WebAuthnConstants.ERROR)
                || form.containsKey(FLOW_ORGANIZATION_NOTE);
    }

    /** Keycloak's redirect to a broker is protected; this subclass only makes it callable. */
    private static final class BrokerRedirect extends IdentityProviderAuthenticator {
        void to(AuthenticationFlowContext context, String alias, String loginHint) {
            redirect(context, alias, loginHint);
        }
    }
}
