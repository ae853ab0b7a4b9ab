package dev.keycloaktenancy.limits;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UsageLimitsTest {

    @Test
    void theRefusalNamesTheRealmAndTheLimit() {
        assertEquals("North University has reached its limit of 3 users; no new account can be created."
                + " Contact its administrator.", UsageLimits.userLimitMessage("North University", 3));
    }
}
