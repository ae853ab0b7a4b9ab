package dev.keycloaktenancy;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class OrganizationAttributeValuesTest {

    @Test
    void thePacksKeysTakeWhatItsApiAccepts() {
        for (String[] accepted : List.of(new String[]{Tenancy.SSO_REQUIRED, "true"},
                new String[]{Tenancy.JOIN_BY_EMAIL_DOMAIN, "false"}, new String[]{Tenancy.MFA, "required"},
                new String[]{Tenancy.MFA_METHODS, "webauthn"}, new String[]{Tenancy.LOGIN_THEME, "tenancy"},
                new String[]{Tenancy.MAX_MEMBERS, "50"}, new String[]{Tenancy.BRAND_DISPLAY_NAME, "Acme Corp"},
                new String[]{Tenancy.BRAND_LOGO_URL, "https://cdn.acme.test/logo.svg"},
                new String[]{Tenancy.BRAND_LOGO_URL, "theme:img/demo/acme.svg"},
                new String[]{Tenancy.BRAND_PRIMARY_COLOR, "#1A2b3c"},
                new String[]{Tenancy.DOMAIN_VERIFICATION_PREFIX + "acme.test", "any token"},
                new String[]{"tenancy.something-else", "anything"}, new String[]{"department", "<b>"})) {
            assertNull(OrganizationAttributeValues.problem(accepted[0], accepted[1]), accepted[0]);
        }
    }

    @Test
    void aRefusalSaysWhatTheKeyTakes() {
        assertEquals("Organization attribute tenancy.brand.primary-color cannot be 'red': use a colour like #1a2b3c.",
                OrganizationAttributeValues.problem(Tenancy.BRAND_PRIMARY_COLOR, "red"));
        assertEquals("Organization attribute tenancy.sso.required cannot be 'yes': use true or false.",
                OrganizationAttributeValues.problem(Tenancy.SSO_REQUIRED, "yes"));
        assertEquals("Organization attribute tenancy.security.mfa-methods cannot be 'otp,webauthn': use one method per"
                + " value: otp or webauthn.", OrganizationAttributeValues.problem(Tenancy.MFA_METHODS, "otp,webauthn"));
        for (String[] refused : List.of(new String[]{Tenancy.BRAND_LOGO_URL, "http://acme.test/logo.png"},
                new String[]{Tenancy.BRAND_LOGO_URL, "javascript:alert(1)"}, new String[]{Tenancy.MFA, "on"},
                new String[]{Tenancy.MAX_MEMBERS, "1e3"}, new String[]{Tenancy.LOGIN_THEME, "../etc"},
                new String[]{Tenancy.BRAND_DISPLAY_NAME, "two\nlines"})) {
            assertEquals(true, OrganizationAttributeValues.problem(refused[0], refused[1]) != null, refused[1]);
        }
    }
}
