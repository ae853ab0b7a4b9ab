package dev.keycloaktenancy;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InputTextTest {

    @Test
    void keysRefuseControlCharactersAndOversizedValues() {
        assertTrue(InputText.isSafeKey("acme"));
        assertTrue(InputText.isSafeKey("3f0c0d9e-0000-4000-8000-000000000000"));
        assertFalse(InputText.isSafeKey(null));
        assertFalse(InputText.isSafeKey(""));
        assertFalse(InputText.isSafeKey("a\u0000b"));
        assertFalse(InputText.isSafeKey("line\nbreak"));
        assertFalse(InputText.isSafeKey("x".repeat(256)));
    }

    @Test
    void bodiesRefuseRawAndEscapedNul() {
        assertThrows(TenancyException.class, () -> InputText.requireNoNul("{\"name\": \"a\u0000\"}"));
        assertThrows(TenancyException.class, () -> InputText.requireNoNul("{\"name\": \"a\\u0000\"}"));
        assertThrows(TenancyException.class, () -> InputText.requireNoNul("{\"name\": \"a\\U0000\"}"));
        assertDoesNotThrow(() -> InputText.requireNoNul("{\"name\": \"a\\u0041\"}"));
    }

    @Test
    void descriptionsKeepLineBreaksButNotOtherControls() {
        assertDoesNotThrow(() -> InputText.requireText("two\nlines\tand tab", "description"));
        assertThrows(TenancyException.class, () -> InputText.requireText("bell\u0007", "description"));
        assertThrows(TenancyException.class, () -> InputText.requireSingleLine("two\nlines", "name"));
    }

    @Test
    void textDirectionControlsAndLineSeparatorsAreRefusedEverywhere() {
        for (String invisible : new String[]{"\u202E", "\u202A", "\u2066", "\u2069", "\u200E", "\u200F", "\u061C",
                "\u2028", "\u2029", "\u0085"}) {
            assertFalse(InputText.isPlainLine("Acme" + invisible), invisible);
            assertThrows(TenancyException.class, () -> InputText.requireSingleLine("Acme" + invisible, "name"));
            assertThrows(TenancyException.class, () -> InputText.requireText("Acme" + invisible, "description"));
        }
        assertTrue(InputText.isPlainLine("Bücher GmbH – 東京"), "letters of any script are fine");
    }

    /** A value quoted in a log line (a refused identity provider choice) cannot start a forged line of its own. */
    @Test
    void quotedValuesCannotForgeLogLines() {
        String forged = "x'\r\n2026-12-06 09:00:00 INFO [org.keycloak.events] type=LOGIN userId=admin\u001B[0m\u2028";
        String quoted = InputText.shorten(forged);
        assertFalse(quoted.chars().anyMatch(c -> c < 0x20 || c == 0x7F || c == 0x2028), quoted);
        assertTrue(quoted.startsWith("x'??2026-12-06 09:00:00 INFO"), quoted);
        assertEquals("", InputText.shorten(null));
        assertEquals(81, InputText.shorten("y".repeat(200)).length(), "80 characters and an ellipsis");
    }
}
