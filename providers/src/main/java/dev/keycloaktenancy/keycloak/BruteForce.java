package dev.keycloaktenancy.keycloak;

import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.BruteForceProtector;

import java.util.Set;

/**
 * The realm's brute force protection, as Keycloak's own credential steps use it: a second factor asked for outside
 * the realm's flows locks out and counts failures the same way. {@code BruteForceProtector} lives in Keycloak's
 * services module, not its public SPI, hence here.
 */
public final class BruteForce {

    private BruteForce() {
    }

    /** Is the user locked out, for now or for good, by the realm's protection (never when it is off). */
    public static boolean lockedOut(KeycloakSession session, RealmModel realm, UserModel user) {
        if (!realm.isBruteForceProtected()) {
            return false;
        }
        BruteForceProtector protector = session.getProvider(BruteForceProtector.class);
        return protector.isTemporarilyDisabled(session, realm, user)
                || protector.isPermanentlyLockedOut(session, realm, user);
    }

    /** Counts a wrong answer of one of the credential types towards the realm's protection, when it is on. */
    public static void failed(RequiredActionContext context, Set<String> credentialTypes) {
        RealmModel realm = context.getRealm();
        if (!realm.isBruteForceProtected()) {
            return;
        }
        context.getSession().getProvider(BruteForceProtector.class).failedLogin(realm, context.getUser(),
                context.getConnection(), context.getUriInfo(), credentialTypes);
    }
}
