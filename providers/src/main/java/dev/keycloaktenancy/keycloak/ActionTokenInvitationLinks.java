package dev.keycloaktenancy.keycloak;

import dev.keycloaktenancy.CurrentRequest;
import org.keycloak.OAuth2Constants;
import org.keycloak.TokenVerifier;
import org.keycloak.authentication.actiontoken.inviteorg.InviteOrgActionToken;
import org.keycloak.common.VerificationException;
import org.keycloak.crypto.CryptoUtils;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationInvitationModel;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.OIDCLoginProtocolService;
import org.keycloak.services.Urls;
import org.keycloak.services.resources.LoginActionsService;

import java.util.Map;
import java.util.Optional;

/** {@link InvitationLinks} on Keycloak's {@link InviteOrgActionToken}. */
final class ActionTokenInvitationLinks implements InvitationLinks {

    private final KeycloakSession session;

    ActionTokenInvitationLinks(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public Optional<Accepted> beingAccepted() {
        InviteOrgActionToken token = session.getAttribute(InviteOrgActionToken.class.getName(), InviteOrgActionToken.class);
        boolean registration = token != null;
        if (token == null) {
            token = actionTokenOfRequest();
        }
        if (token == null || token.getOrgId() == null || token.getEmail() == null || token.getId() == null) {
            return Optional.empty();
        }
        return Optional.of(new Accepted(token.getOrgId(), token.getEmail(), token.getId(), registration));
    }

    @Override
    public String link(RealmModel realm, OrganizationModel organization, OrganizationInvitationModel invitation,
                       UserModel existingAccount, String landing) {
        InviteOrgActionToken token = new InviteOrgActionToken(existingAccount == null ? null : existingAccount.getId(),
                invitation.getExpiresAt(), invitation.getEmail(), Constants.ACCOUNT_MANAGEMENT_CLIENT_ID);
        token.setOrgId(organization.getId());
        token.id(invitation.getId());
        String redirect = organization.getRedirectUrl();
        if (redirect == null || redirect.isBlank()) {
            redirect = landing != null ? landing
                    : Urls.accountBase(session.getContext().getUri().getBaseUri()).path("/").build(realm.getName()).toString();
        }
        token.setRedirectUri(redirect);
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

    private InviteOrgActionToken actionTokenOfRequest() {
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
}
