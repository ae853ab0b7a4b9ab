package dev.keycloaktenancy.security;

import dev.keycloaktenancy.OrganizationSettings;
import dev.keycloaktenancy.TenancyException;
import dev.keycloaktenancy.accounts.AccountOwnership;
import dev.keycloaktenancy.domains.DomainName;
import dev.keycloaktenancy.keycloak.ActionLinks;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.credential.CredentialModel;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.UserSessionProvider;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What an organization's admins may do to the accounts the organization owns ({@link AccountOwnership}: managed
 * members, and members whose verified email is at one of its verified domains): sign them out everywhere, send a password
 * reset email, remove their second factors, suspend and restore them. Any other member's account is refused with 403 {@code account_not_owned}
 * and the reason. Sending a password reset email is refused while the organization requires single sign-on.
 */
public final class AccountControls {

    /** Credential types that are second factors: those of every MFA method, and recovery codes. */
    static final Set<String> SECOND_FACTOR_TYPES = Set.of("otp", "webauthn", "webauthn-passwordless",
            "recovery-authn-codes");

    /** What signing out removed. */
    public record SignedOut(int sessions, int offlineSessions) {
    }

    /**
     * The controls that can lock someone out, which an admin may not use on their own account: suspending it would lock them out with no way back but a
     * realm administrator, and removing their own second factors would let a stolen session downgrade the account
     * (Keycloak's account console, which asks to sign in again, is the place for one's own factors). Signing oneself
     * out everywhere and sending oneself a reset email lock nobody out.
     */
    public enum OwnAccount {
        SUSPEND("suspend", "suspend your own account: you would be signed out and could not sign in again until someone else"
                + " restores it"),
        RESET_MFA("remove the second factors of", "remove your own second factors here: manage them in your account settings, which ask you to sign"
                + " in again first");

        private final String verb;
        private final String refusal;

        OwnAccount(String verb, String refusal) {
            this.verb = verb;
            this.refusal = refusal;
        }

        /** What the control does to an account, as in "… can suspend the account of …". */
        public String verb() {
            return verb;
        }
    }

    private static final Logger LOG = Logger.getLogger(AccountControls.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final OrganizationModel organization;

    public AccountControls(KeycloakSession session, OrganizationModel organization) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.organization = organization;
    }

    /** Refuses unless the organization owns the member's account, saying why not. */
    public void requireOwned(UserModel member) {
        AccountOwnership ownership = new AccountOwnership(session, organization);
        if (ownership.owns(member)) {
            return;
        }
        throw TenancyException.forbidden("account_not_owned", notOwned(organization.getName(), member.getEmail(),
                member.isEmailVerified()));
    }

    /** Refuses a control the caller may not use on their own account ({@code self} true), with 409 {@code own_account}. */
    public static void requireNotOwn(boolean self, OwnAccount control) {
        if (self) {
            throw TenancyException.conflict("own_account", "You cannot " + control.refusal
                    + ". Another administrator of the organization can.");
        }
    }

    /** Why an organization does not own a member's account, for the refusal. */
    static String notOwned(String organizationName, String email, boolean emailVerified) {
        String why;
        if (email == null || email.isBlank()) {
            why = "the account has no email address";
        } else if (!emailVerified) {
            why = "its email address is not verified";
        } else {
            why = "its email address is not at one of " + organizationName + "'s verified domains"
                    + DomainName.ofEmail(email).map(domain -> " (" + domain + ")").orElse("");
        }
        return organizationName + " does not own this account: it is not a managed member of " + organizationName
                + ", and " + why + ". Only the organization that owns an account can act on it.";
    }

    /**
     * Ends every session of the account, offline ones (offline tokens) included, and makes tokens issued before now
     * invalid wherever Keycloak checks them.
     */
    public SignedOut signOut(UserModel member) {
        UserSessionProvider sessions = session.sessions();
        List<UserSessionModel> online = sessions.getUserSessionsStream(realm, member).toList();
        online.forEach(userSession -> sessions.removeUserSession(realm, userSession));
        List<UserSessionModel> offline = sessions.getOfflineUserSessionsStream(realm, member).toList();
        offline.forEach(userSession -> sessions.removeOfflineUserSession(realm, userSession));
        session.users().setNotBeforeForUser(realm, member, Time.currentTime());
        return new SignedOut(online.size(), offline.size());
    }

    /** Removes the account's second factors; the next sign-in sets one up again where a policy requires it. */
    public List<String> removeSecondFactors(UserModel member) {
        List<CredentialModel> factors = member.credentialManager().getStoredCredentialsStream()
                .filter(credential -> SECOND_FACTOR_TYPES.contains(credential.getType()))
                .toList();
        factors.forEach(credential -> member.credentialManager().removeStoredCredentialById(credential.getId()));
        return factors.stream().map(CredentialModel::getType).distinct().sorted().toList();
    }

    /** Refuses a password reset email that cannot or may not be sent (see {@link #sendPasswordReset}). */
    public void requirePasswordResetPossible(UserModel member) {
        if (OrganizationSettings.of(organization).ssoRequired()) {
            throw TenancyException.conflict("sso_required", organization.getName() + " requires single sign-on: its"
                    + " people's passwords are managed by its identity provider, so no password reset is sent here.");
        }
        if (member.getEmail() == null || member.getEmail().isBlank()) {
            throw TenancyException.conflict("no_email", "The account has no email address to send a reset link to.");
        }
        Map<String, String> smtp = realm.getSmtpConfig();
        if (smtp == null || smtp.getOrDefault("host", "").isBlank()) {
            throw TenancyException.conflict("email_not_configured", "Realm " + realm.getName() + " has no email"
                    + " server, so no reset email can be sent. An administrator of the realm sets one in Realm"
                    + " settings, Email.");
        }
    }

    /**
     * Emails the account a link to set a new password (Keycloak's "update password" action link). Refused while the
     * organization requires single sign-on (its people's passwords are its identity provider's), for an account
     * without email, and in a realm without an email server.
     */
    public void sendPasswordReset(UserModel member) {
        requirePasswordResetPossible(member);
        int lifespan = realm.getActionTokenGeneratedByAdminLifespan();
        String link = ActionLinks.requiredActions(session, realm, member, Time.currentTime() + lifespan,
                List.of(UserModel.RequiredAction.UPDATE_PASSWORD.name()), null, Constants.ACCOUNT_MANAGEMENT_CLIENT_ID);
        try {
            session.getProvider(EmailTemplateProvider.class).setRealm(realm).setUser(member)
                    .sendExecuteActions(link, TimeUnit.SECONDS.toMinutes(lifespan));
        } catch (EmailException e) {
            LOG.warnf(e, "Password reset email for a member of organization %s of realm %s could not be sent",
                    organization.getAlias(), realm.getName());
            throw TenancyException.unavailable("mail_unavailable", "The mail server did not take the reset email."
                    + " Try again later; if it keeps failing, an administrator of the realm checks its email settings"
                    + " (Realm settings, Email).", 60);
        }
    }

    /** Suspends (signing the account out everywhere) or restores the account. */
    public void setEnabled(UserModel member, boolean enabled) {
        member.setEnabled(enabled);
        if (!enabled) {
            signOut(member);
        }
    }
}
