package dev.keycloaktenancy.keycloak;

import org.keycloak.models.KeycloakSession;
import org.keycloak.theme.DefaultThemeSelectorProvider;
import org.keycloak.theme.ThemeSelectorProvider;

/** Keycloak's own theme choice: the client's login theme, then the realm's theme, then the server's default. */
public final class DefaultThemeSelection {

    private DefaultThemeSelection() {
    }

    public static ThemeSelectorProvider of(KeycloakSession session) {
        return new DefaultThemeSelectorProvider(session);
    }
}
