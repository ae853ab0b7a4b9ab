package dev.keycloaktenancy;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LimitValueTest {

    @Test
    void wholeNumbersAreLimits() {
        assertEquals(5000, LimitValue.read("5000", null, "realm r", "tenancy.limits.max-users"));
        assertEquals(0, LimitValue.read(" 0 ", null, "realm r", "tenancy.limits.max-users"));
        assertEquals(LimitValue.HIGHEST, LimitValue.read(String.valueOf(LimitValue.HIGHEST), null, "realm r", "k"));
        assertNull(LimitValue.read(null, null, "realm r", "k"), "no value: no limit");
        assertNull(LimitValue.read("  ", null, "realm r", "k"));
    }

    @Test
    void anythingElseIsTheStrictestReading() {
        for (String typo : List.of("1,000", "50 seats", "1e3", "-5", "5.0", "10000001", "99999999999", "unlimited", "0x10")) {
            assertFalse(LimitValue.isValid(typo), typo);
            assertEquals(0, LimitValue.read(typo, null, "realm r", "tenancy.limits.max-users"), typo + " reads as 0");
        }
        assertTrue(LimitValue.isValid(null));
        assertTrue(LimitValue.expected("tenancy.limits.max-users").contains("digits only"));
    }
}
