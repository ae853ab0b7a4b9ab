package dev.keycloaktenancy.theme;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ThemeOrganizationTest {

    @Test
    void onlyASingleNamedOrganizationScopeNamesAnOrganization() {
        assertEquals(Optional.of("acme"), ThemeOrganization.requestedScopeAlias("openid organization:acme profile"));
        assertEquals(Optional.of("acme"), ThemeOrganization.requestedScopeAlias("organization:acme organization:acme"));
        assertEquals(Optional.empty(), ThemeOrganization.requestedScopeAlias("openid organization:*"));
        assertEquals(Optional.empty(), ThemeOrganization.requestedScopeAlias("openid organization"));
        assertEquals(Optional.empty(), ThemeOrganization.requestedScopeAlias("organization:acme organization:globex"));
        assertEquals(Optional.empty(), ThemeOrganization.requestedScopeAlias("organization:"));
        assertEquals(Optional.empty(), ThemeOrganization.requestedScopeAlias(null));
    }
}
