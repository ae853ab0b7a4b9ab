package dev.keycloaktenancy.keycloak;

import com.webauthn4j.data.AuthenticationRequest;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.Challenge;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import com.webauthn4j.util.exception.WebAuthnException;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.WebAuthnConstants;
import org.keycloak.common.util.Base64Url;
import org.keycloak.common.util.UriUtils;
import org.keycloak.credential.CredentialProvider;
import org.keycloak.credential.WebAuthnCredentialModelInput;
import org.keycloak.credential.WebAuthnCredentialProvider;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.forms.login.freemarker.model.WebAuthnAuthenticatorsBean;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.WebAuthnPolicy;
import org.keycloak.models.credential.WebAuthnCredentialModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Asks a signed-in user for one of their security keys or passkeys outside the realm's flows, the way Keycloak's
 * WebAuthn authenticator does inside them: its page ({@code webauthn-authenticate.ftl}) with a fresh challenge kept on
 * the authentication session, and the answer checked by Keycloak's WebAuthn credential provider (signature, origin,
 * relying party, challenge, signature counter, user verification as the realm's WebAuthn policy requires). A user
 * with a two-factor security key is asked for it under the realm's WebAuthn policy; a user with passkeys only, for a
 * passkey under the passwordless policy.
 */
public final class SecurityKeyCheck {

    /** The WebAuthn policy's user verification requirement under which the key must have verified its user. */
    private static final String USER_VERIFICATION_REQUIRED = "required";

    /** What the answer to the page proved. */
    public enum Result {
        /** One of the user's keys signed this login's challenge. */
        VERIFIED,
        /** The browser reported an error (cancelled, no key, timeout): nothing was checked. */
        CANCELLED,
        /** An answer that does not prove one of the user's keys (missing fields, wrong signature, another user). */
        REFUSED
    }

    private SecurityKeyCheck() {
    }

    /** The page asking for a key, with a new challenge; {@code error} is a message key of the login theme, or null. */
    public static Response page(KeycloakSession session, AuthenticationSessionModel authSession, UserModel user,
                                LoginFormsProvider form, String error) {
        RealmModel realm = authSession.getRealm();
        String type = credentialType(user);
        WebAuthnPolicy policy = policy(realm, type);
        String challenge = Base64Url.encode(new DefaultChallenge().getValue());
        authSession.setAuthNote(WebAuthnConstants.AUTH_CHALLENGE_NOTE, challenge);
        WebAuthnAuthenticatorsBean keys = new WebAuthnAuthenticatorsBean(session, realm, user, type,
                provider(session, type).getMetadataService());
        if (error != null) {
            form.setError(error);
        }
        return form.setAttribute(WebAuthnConstants.CHALLENGE, challenge)
                .setAttribute(WebAuthnConstants.RP_ID, rpId(session, policy))
                .setAttribute(WebAuthnConstants.CREATE_TIMEOUT, policy.getCreateTimeout())
                .setAttribute(WebAuthnConstants.ALLOWED_AUTHENTICATORS, keys)
                .setAttribute(WebAuthnConstants.IS_USER_IDENTIFIED, "true")
                .setAttribute(WebAuthnConstants.USER_VERIFICATION, policy.getUserVerificationRequirement())
                .setAttribute(WebAuthnConstants.SHOULD_DISPLAY_AUTHENTICATORS, keys.getAuthenticators().size() > 1)
                .createLoginWebAuthn();
    }

    /** Checks the page's answer against the challenge it was given (used once: a second answer is refused). */
    public static Result verify(KeycloakSession session, AuthenticationSessionModel authSession, UserModel user,
                                MultivaluedMap<String, String> answer) {
        String challenge = authSession.getAuthNote(WebAuthnConstants.AUTH_CHALLENGE_NOTE);
        authSession.removeAuthNote(WebAuthnConstants.AUTH_CHALLENGE_NOTE);
        if (notBlank(answer.getFirst(WebAuthnConstants.ERROR))) {
            return Result.CANCELLED;
        }
        List<String> fields = List.of(WebAuthnConstants.CREDENTIAL_ID, WebAuthnConstants.CLIENT_DATA_JSON,
                WebAuthnConstants.AUTHENTICATOR_DATA, WebAuthnConstants.SIGNATURE);
        if (challenge == null || !fields.stream().allMatch(field -> notBlank(answer.getFirst(field)))) {
            return Result.REFUSED;
        }
        String userHandle = answer.getFirst(WebAuthnConstants.USER_HANDLE);
        if (notBlank(userHandle)
                && !user.getId().equals(new String(Base64Url.decode(userHandle), StandardCharsets.UTF_8))) {
            return Result.REFUSED;
        }
        String type = credentialType(user);
        WebAuthnPolicy policy = policy(authSession.getRealm(), type);
        Challenge expected = new DefaultChallenge(challenge);
        ServerProperty server = new ServerProperty(new Origin(UriUtils.getOrigin(session.getContext().getUri()
                .getBaseUri())), rpId(session, policy), expected);
        WebAuthnCredentialModelInput input = new WebAuthnCredentialModelInput(type);
        try {
            input.setAuthenticationRequest(new AuthenticationRequest(
                    Base64Url.decode(answer.getFirst(WebAuthnConstants.CREDENTIAL_ID)),
                    Base64Url.decode(answer.getFirst(WebAuthnConstants.AUTHENTICATOR_DATA)),
                    Base64Url.decode(answer.getFirst(WebAuthnConstants.CLIENT_DATA_JSON)),
                    Base64Url.decode(answer.getFirst(WebAuthnConstants.SIGNATURE))));
            input.setAuthenticationParameters(new WebAuthnCredentialModelInput.KeycloakWebAuthnAuthenticationParameters(
                    server, USER_VERIFICATION_REQUIRED.equals(policy.getUserVerificationRequirement())));
            return user.credentialManager().isValid(input) ? Result.VERIFIED : Result.REFUSED;
        } catch (WebAuthnException | IllegalArgumentException e) {
            // a malformed or forged answer, as Keycloak's own step treats it: not a proof
            return Result.REFUSED;
        }
    }

    /** Two-factor security keys when the user has one, else passkeys. */
    private static String credentialType(UserModel user) {
        return user.credentialManager().isConfiguredFor(WebAuthnCredentialModel.TYPE_TWOFACTOR)
                ? WebAuthnCredentialModel.TYPE_TWOFACTOR : WebAuthnCredentialModel.TYPE_PASSWORDLESS;
    }

    private static WebAuthnPolicy policy(RealmModel realm, String type) {
        return WebAuthnCredentialModel.TYPE_TWOFACTOR.equals(type) ? realm.getWebAuthnPolicy()
                : realm.getWebAuthnPolicyPasswordless();
    }

    private static WebAuthnCredentialProvider provider(KeycloakSession session, String type) {
        return (WebAuthnCredentialProvider) session.getProvider(CredentialProvider.class,
                WebAuthnCredentialModel.TYPE_TWOFACTOR.equals(type) ? "keycloak-webauthn"
                        : "keycloak-webauthn-passwordless");
    }

    private static String rpId(KeycloakSession session, WebAuthnPolicy policy) {
        String rpId = policy.getRpId();
        return rpId == null || rpId.isEmpty() ? session.getContext().getUri().getBaseUri().getHost() : rpId;
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }
}
