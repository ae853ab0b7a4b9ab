package dev.keycloaktenancy;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BrandingTest {

    @Test
    void logosAreHttpsUrlsOrFilesOfTheTenancyTheme() {
        assertTrue(Branding.isValidLogoUrl("https://cdn.acme.test/logo.svg"));
        assertTrue(Branding.isValidLogoUrl("theme:img/demo/acme.svg"));
        for (String hostile : List.of("javascript:alert(1)", "http://acme.test/logo.png", "data:image/svg+xml,<svg/>",
                "//evil.test/logo.png", "/\\evil.test/logo.png", "theme:../../secret", "theme:img/../../x.svg",
                "theme:/etc/passwd", "theme:", "https://acme.test/a\"onerror=\"x", "https://user@acme.test/logo.png")) {
            assertFalse(Branding.isValidLogoUrl(hostile), hostile);
        }
    }

    @Test
    void coloursAreSixDigitHexOnly() {
        assertTrue(Branding.isValidColor("#c2410C"));
        for (String hostile : List.of("red", "#fff", "red;} body{display:none", "#ffffff; }", "#ffffff\n")) {
            assertFalse(Branding.isValidColor(hostile), hostile);
        }
    }

    @Test
    void invalidStoredValuesAreDroppedValidOnesKept() {
        Branding branding = Branding.fromAttributes(Map.of(
                Tenancy.BRAND_DISPLAY_NAME, List.of("Acme <b>Corp</b>"),
                Tenancy.BRAND_LOGO_URL, List.of("javascript:alert(1)"),
                Tenancy.BRAND_PRIMARY_COLOR, List.of("#c2410c"),
                Tenancy.BRAND_BACKGROUND_COLOR, List.of("red;} body{display:none")), "organization acme");
        assertEquals(new Branding("Acme <b>Corp</b>", null, "#c2410c", null), branding,
                "markup in a name is kept as text (templates escape it); invalid URL and colour are dropped");
    }

    @Test
    void writesRefuseInvalidValuesNamingTheField() {
        TenancyException refused = assertThrows(TenancyException.class,
                () -> new Branding(null, "theme:../x", null, null).validatedForWrite());
        assertEquals(400, refused.status());
        assertTrue(refused.description().contains("logoUrl"), refused.description());
    }
}
