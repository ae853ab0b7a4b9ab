package dev.keycloaktenancy.security;

import dev.keycloaktenancy.TenancyException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sentence of an {@code account_not_owned} refusal, and what counts as a second factor. */
class AccountControlsTest {

    @Test
    void theRefusalSaysWhyTheAccountIsNotOwned() {
        assertEquals("Acme does not own this account: it is not a managed member of Acme, and its email address is not"
                        + " at one of Acme's verified domains (globex.test). Only the organization that owns an account"
                        + " can act on it.",
                AccountControls.notOwned("Acme", "carol@globex.test", true));
        assertTrue(AccountControls.notOwned("Acme", "carol@acme.test", false)
                .contains("its email address is not verified"));
        assertTrue(AccountControls.notOwned("Acme", null, false).contains("the account has no email address"));
    }

    @Test
    void anAdminMayNotLockThemselvesOut() {
        AccountControls.requireNotOwn(false, AccountControls.OwnAccount.SUSPEND);
        TenancyException refused = assertThrows(TenancyException.class,
                () -> AccountControls.requireNotOwn(true, AccountControls.OwnAccount.SUSPEND));
        assertEquals("own_account", refused.error());
        assertEquals(409, refused.status());
        assertEquals("You cannot suspend your own account: you would be signed out and could not sign in again until"
                + " someone else restores it. Another administrator of the organization can.", refused.description());
        assertTrue(assertThrows(TenancyException.class,
                () -> AccountControls.requireNotOwn(true, AccountControls.OwnAccount.RESET_MFA)).description()
                .contains("manage them in your account settings"));
    }

    @Test
    void secondFactorsAreEveryMfaMethodsCredentialsAndRecoveryCodes() {
        for (MfaMethod method : MfaMethod.values()) {
            assertTrue(AccountControls.SECOND_FACTOR_TYPES.containsAll(method.credentialTypes()), method.name());
        }
        assertTrue(AccountControls.SECOND_FACTOR_TYPES.contains("recovery-authn-codes"));
        assertEquals(false, AccountControls.SECOND_FACTOR_TYPES.contains("password"));
    }
}
