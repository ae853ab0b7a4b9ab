package dev.keycloaktenancy;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.keycloak.OAuth2Constants;
import org.keycloak.TokenVerifier;
import org.keycloak.WebAuthnConstants;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.authentication.actiontoken.inviteorg.InviteOrgActionToken;
import org.keycloak.authentication.authenticators.broker.AbstractIdpAuthenticator;
import org.keycloak.authentication.authenticators.browser.AbstractUsernameFormAuthenticator;
import org.keycloak.authentication.authenticators.browser.IdentityProviderAuthenticator;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.common.VerificationException;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.crypto.CryptoUtils;
import org.keycloak.forms.login.freemarker.model.AuthenticationContextBean;
import org.keycloak.forms.login.freemarker.model.IdentityProviderBean;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.Constants;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelValidationException;
import org.keycloak.models.OrganizationDomainModel;
import org.keycloak.models.OrganizationInvitationModel;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.OrganizationModel.IdentityProviderRedirectMode;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.jpa.entities.OrganizationEntity;
import org.keycloak.models.jpa.entities.RealmEntity;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.organization.authentication.authenticators.browser.OrganizationAuthenticator;
import org.keycloak.organization.authentication.authenticators.browser.OrganizationAuthenticatorFactory;
import org.keycloak.organization.forms.login.freemarker.model.OrganizationAwareAuthenticationContextBean;
import org.keycloak.organization.forms.login.freemarker.model.OrganizationAwareIdentityProviderBean;
import org.keycloak.organization.utils.Organizations;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.OIDCLoginProtocolService;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.representations.IDToken;
import org.keycloak.services.Urls;
import org.keycloak.services.resources.LoginActionsService;
import org.keycloak.sessions.AuthenticationSessionModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every place where the pack reads Keycloak's organization internals rather than a stable SPI: the organization
 * settings that 26.7 keeps in an identity provider's config map ({@code kc.org.*} keys, which 26.8 moves), the
 * organization scope of a token request, the identity-first login step that routing builds on, its login-page beans,
 * invitation links, and the organization and domain tables. When Keycloak changes them, this class changes and its callers do not (see
 * docs/keycloak-compatibility.md).
 */
public final class NativeOrganizations {

    /** Auth-session and client-session note naming the organization resolved during a login. */
    public static final String FLOW_ORGANIZATION_NOTE = OrganizationModel.ORGANIZATION_ATTRIBUTE;

    /** The value of {@link #identityProviderDomain} that stands for every domain of the organization. */
    public static final String ANY_DOMAIN = OrganizationDomainModel.ANY_DOMAIN;

    private NativeOrganizations() {
    }

    /** Whether this request is a sign-in through an identity provider (Keycloak's first broker login or linking). */
    public static boolean isBrokeredLogin(KeycloakSession session) {
        AuthenticationSessionModel authSession = session.getContext().getAuthenticationSession();
        return authSession != null && authSession.getAuthNote(AbstractIdpAuthenticator.BROKERED_CONTEXT_NOTE) != null;
    }

    /** The organization provider when Organizations are on for the context's realm; otherwise null. */
    public static OrganizationProvider provider(KeycloakSession session) {
        if (session.getContext().getRealm() == null || !session.getContext().getRealm().isOrganizationsEnabled()) {
            return null;
        }
        OrganizationProvider organizations = session.getProvider(OrganizationProvider.class);
        return organizations != null && organizations.isEnabled() ? organizations : null;
    }

    // ---- domains ------------------------------------------------------------------------------------------------------

    /** The organization one of whose domains (exact or wildcard) covers an ASCII, lower-case domain; or null. */
    public static OrganizationModel organizationOfDomain(OrganizationProvider organizations, String domain) {
        try {
            return organizations.getByDomainName(domain);
        } catch (ModelValidationException e) {
            return null;
        }
    }

    /** The organization's most specific domain that covers the given domain, or null. */
    public static OrganizationDomainModel matchingDomain(String domain, OrganizationModel organization) {
        return Organizations.getMatchingDomain(domain, organization);
    }

    /** Keycloak's own syntax rules for an organization domain (wildcards included); throws when they fail. */
    public static void validateDomain(String domain) {
        Organizations.validateDomain(domain);
    }

    /**
     * The verified domains of the realm's other organizations stored under one of the given names, plus those below
     * a zone (a name ending in "." + zone): what a new claim must not overlap. One query on Keycloak's domain table.
     */
    public static List<String> verifiedDomainsOfOthers(KeycloakSession session, String realmId, String organizationId,
                                                       List<String> names, String zoneBelow) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager().createQuery(
                        "select d.name from OrganizationDomainEntity d where d.organization.realmId = :realmId"
                                + " and d.organization.id <> :organizationId and d.verified = true"
                                + " and (d.name in :names or d.name like :below)", String.class)
                .setParameter("realmId", realmId).setParameter("organizationId", organizationId)
                .setParameter("names", names).setParameter("below", zoneBelow == null ? "" : "%." + zoneBelow)
                .getResultList();
    }

    // ---- rows to serialize on --------------------------------------------------------------------------------------

    /** Locks the realm's row until the transaction ends: writers of realm-wide data queue up behind each other. */
    public static void lockRealmRow(KeycloakSession session, String realmId) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        em.find(RealmEntity.class, realmId, LockModeType.PESSIMISTIC_WRITE);
        em.flush();
    }

    /** Locks the organization's row until the transaction ends; returns its internal group's id (null if gone). */
    public static String lockOrganizationRow(KeycloakSession session, String organizationId) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        OrganizationEntity entity = em.find(OrganizationEntity.class, organizationId, LockModeType.PESSIMISTIC_WRITE);
        em.flush();
        return entity == null ? null : entity.getGroupId();
    }

    // ---- invitations ------------------------------------------------------------------------------------------------

    /** An invitation link being followed: to which organization, for which email, which invitation. */
    public record InvitationLink(String organizationId, String email, String invitationId) {
    }

    /**
     * The invitation whose link this request follows, with a token Keycloak has verified: a registration through the
     * link (Keycloak keeps the token on the session), or an existing account accepting it at the action-token
     * endpoint (the token is the request's {@code key}, verified again here).
     */
    public static Optional<InvitationLink> invitationBeingAccepted(KeycloakSession session) {
        InviteOrgActionToken token = session.getAttribute(InviteOrgActionToken.class.getName(), InviteOrgActionToken.class);
        if (token == null) {
            token = actionTokenOfRequest(session);
        }
        if (token == null || token.getOrgId() == null || token.getEmail() == null || token.getId() == null) {
            return Optional.empty();
        }
        return Optional.of(new InvitationLink(token.getOrgId(), token.getEmail(), token.getId()));
    }

    /**
     * The link an invitation email carries, as Keycloak's own invitations build it: for an existing account, an
     * action link to confirm joining; for a new person, the registration page with the email fixed. It lands on the
     * organization's redirect URL, else the account console.
     */
    public static String invitationLink(KeycloakSession session, RealmModel realm, OrganizationModel organization,
                                        OrganizationInvitationModel invitation, UserModel existingAccount) {
        InviteOrgActionToken token = new InviteOrgActionToken(existingAccount == null ? null : existingAccount.getId(),
                invitation.getExpiresAt(), invitation.getEmail(), Constants.ACCOUNT_MANAGEMENT_CLIENT_ID);
        token.setOrgId(organization.getId());
        token.id(invitation.getId());
        String redirect = organization.getRedirectUrl();
        token.setRedirectUri(redirect == null || redirect.isBlank()
                ? Urls.accountBase(session.getContext().getUri().getBaseUri()).path("/").build(realm.getName()).toString()
                : redirect);
        String serialized = token.serialize(session, realm, session.getContext().getUri());
        if (existingAccount != null) {
            return LoginActionsService.actionTokenProcessor(session.getContext().getUri())
                    .queryParam(Constants.KEY, serialized).build(realm.getName()).toString();
        }
        return OIDCLoginProtocolService.registrationsUrl(session.getContext().getUri().getBaseUriBuilder())
                .queryParam(OAuth2Constants.RESPONSE_TYPE, OAuth2Constants.CODE)
                .queryParam(Constants.CLIENT_ID, Constants.ACCOUNT_MANAGEMENT_CLIENT_ID)
                .queryParam(Constants.TOKEN, serialized)
                .buildFromMap(Map.of("realm", realm.getName(), "protocol", OIDCLoginProtocol.LOGIN_PROTOCOL)).toString();
    }

    private static InviteOrgActionToken actionTokenOfRequest(KeycloakSession session) {
        HttpRequest request = CurrentRequest.of(session).orElse(null);
        if (request == null || !request.getUri().getPath().endsWith("/login-actions/action-token")) {
            return null;
        }
        String key = request.getUri().getQueryParameters().getFirst(Constants.KEY);
        if (key == null) {
            return null;
        }
        try {
            TokenVerifier<InviteOrgActionToken> verifier = TokenVerifier.create(key, InviteOrgActionToken.class)
                    .withChecks(TokenVerifier.IS_ACTIVE, new TokenVerifier.RealmUrlCheck(Urls.realmIssuer(
                            session.getContext().getUri().getBaseUri(), session.getContext().getRealm().getName())));
            verifier.verifierContext(CryptoUtils.getSignatureProvider(session, verifier.getHeader().getAlgorithm().name())
                    .verifier(verifier.getHeader().getKeyId()));
            InviteOrgActionToken token = verifier.verify().getToken();
            return InviteOrgActionToken.TOKEN_TYPE.equals(token.getActionId()) ? token : null;
        } catch (VerificationException | RuntimeException e) {
            return null;
        }
    }

    /** The names and branded display names of the realm's other organizations (what people may mistake for others). */
    public static List<String> namesOfOtherOrganizations(KeycloakSession session, String realmId, String organizationId) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        List<String> names = new ArrayList<>(em.createQuery("select o.name from OrganizationEntity o"
                        + " where o.realmId = :realmId and o.id <> :organizationId", String.class)
                .setParameter("realmId", realmId).setParameter("organizationId", organizationId).getResultList());
        names.addAll(em.createQuery("select a.value from GroupAttributeEntity a where a.name = :key and a.group.id in"
                        + " (select o.groupId from OrganizationEntity o where o.realmId = :realmId and o.id <> :organizationId)",
                        String.class)
                .setParameter("key", Tenancy.BRAND_DISPLAY_NAME).setParameter("realmId", realmId)
                .setParameter("organizationId", organizationId).getResultList());
        return names;
    }

    // ---- identity providers linked to organizations ----------------------------------------------------------------

    /** The organization domain an identity provider is configured for: a domain name, {@link #ANY_DOMAIN}, or null. */
    public static String identityProviderDomain(IdentityProviderModel identityProvider) {
        return identityProvider.getConfig().get(OrganizationModel.ORGANIZATION_DOMAIN_ATTRIBUTE);
    }

    /** The organization an identity provider is linked to, or null (26.7 links a provider to one organization). */
    public static String organizationIdOf(IdentityProviderModel identityProvider) {
        return identityProvider.getOrganizationId();
    }

    /** Whether the provider has "redirect when email domain matches" on. */
    public static boolean redirectsWhenEmailMatches(IdentityProviderModel identityProvider) {
        return IdentityProviderRedirectMode.EMAIL_MATCH.isSet(identityProvider);
    }

    /** Whether the provider's "excluded domains" list names this domain (Keycloak's own routing skips it then). */
    public static boolean excludes(IdentityProviderModel identityProvider, String domain) {
        String excluded = identityProvider.getConfig().get(OrganizationModel.ORGANIZATION_EXCLUDED_DOMAIN_ATTRIBUTE);
        if (excluded == null) {
            return false;
        }
        for (String name : excluded.split(",")) {
            if (Organizations.isSameDomain(domain, name.trim())) {
                return true;
            }
        }
        return false;
    }

    /** The organization identity providers a user is linked to and would be sent to straight away. */
    public static List<IdentityProviderModel> homeBrokers(KeycloakSession session, UserModel user) {
        return Organizations.resolveHomeBroker(session, user);
    }

    // ---- tokens -------------------------------------------------------------------------------------------------------

    /** The token's organization claim as a map from alias to entry, written back into the token by Keycloak. */
    public static Map<String, Object> organizationClaim(IDToken token, ProtocolMapperModel mapper) {
        return OIDCAttributeMapperHelper.getOrInitializeOrganizationClaimAsMap(token, mapper);
    }

    // ---- the identity-first login step ------------------------------------------------------------------------------

    /** Keycloak's "Organization Identity-First Login" step, which the pack's routing step wraps. */
    public static Authenticator identityFirstStep(KeycloakSession session) {
        return new OrganizationAuthenticator(session);
    }

    /** The factory of that step: its configuration, requirement choices and availability. */
    public static AuthenticatorFactory identityFirstStepFactory() {
        return new OrganizationAuthenticatorFactory();
    }

    /** Whether the step's configuration requires the user to be a member of the organization. */
    public static boolean requiresMembership(AuthenticatorConfigModel config) {
        return config != null && config.getConfig() != null
                && Boolean.parseBoolean(config.getConfig().get(OrganizationAuthenticatorFactory.REQUIRES_USER_MEMBERSHIP));
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
     */
    public static void continueWithoutOrganization(AuthenticationFlowContext context, String username) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        if (form.containsKey("rememberMe")) {
            AuthenticatorUtils.processRememberMe(context, form);
        }
        context.getAuthenticationSession().removeAuthNote(FLOW_ORGANIZATION_NOTE);
        context.setUser(KeycloakModelUtils.findUserByNameOrEmail(context.getSession(), context.getRealm(), username));
        context.getAuthenticationSession().setAuthNote(AbstractUsernameFormAuthenticator.ATTEMPTED_USERNAME, username);
        context.getAuthenticationSession().setAuthNote(AbstractUsernameFormAuthenticator.USERNAME_HIDDEN, Boolean.TRUE.toString());
        context.attempted();
    }

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
