package dev.keycloaktenancy;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An organization's settings read from its attributes: what counts as on, as a theme name, as a limit. */
class OrganizationSettingsTest {

    @Test
    void settingsAreReadFromTheirAttributes() {
        OrganizationSettings settings = OrganizationSettings.of(Map.of(
                Tenancy.SSO_REQUIRED, List.of("true"),
                Tenancy.JOIN_BY_EMAIL_DOMAIN, List.of("false"),
                Tenancy.LOGIN_THEME, List.of(" tenancy "),
                Tenancy.EMAIL_THEME, List.of(""),
                Tenancy.MAX_MEMBERS, List.of("25"),
                Tenancy.MFA, List.of("required"),
                Tenancy.MFA_METHODS, List.of(" otp ", "", "webauthn"),
                Tenancy.DOMAIN_VERIFICATION_PREFIX + "acme.test", List.of("token-1")));
        assertTrue(settings.ssoRequired());
        assertFalse(settings.joinByEmailDomain());
        assertEquals("tenancy", settings.loginTheme());
        assertNull(settings.emailTheme(), "an empty name is no theme");
        assertEquals(25, settings.maxMembers());
        assertTrue(settings.mfaRequired());
        assertEquals(List.of("otp", "webauthn"), settings.mfaMethods());
        assertEquals("token-1", settings.verificationToken("acme.test"));
        assertNull(settings.verificationToken("globex.test"));
    }

    @Test
    void nothingSetMeansOffAndNoLimit() {
        OrganizationSettings settings = OrganizationSettings.of(Map.of(Tenancy.SSO_REQUIRED, List.of("yes")));
        assertFalse(settings.ssoRequired(), "only 'true' turns a switch on");
        assertFalse(settings.joinByEmailDomain());
        assertNull(settings.loginTheme());
        assertNull(settings.maxMembers());
        assertFalse(settings.mfaRequired());
        assertEquals(List.of(), settings.mfaMethods());
    }

    @Test
    void aLimitIsAWholeNumberOrNoLimitAtAll() {
        assertEquals(5000, OrganizationSettings.number(" 5000 "));
        assertNull(OrganizationSettings.number(null));
        assertNull(OrganizationSettings.number(""));
        assertNull(OrganizationSettings.number("many"));
    }
}
