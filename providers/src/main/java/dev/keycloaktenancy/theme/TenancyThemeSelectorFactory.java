package dev.keycloaktenancy.theme;

import dev.keycloaktenancy.keycloak.DefaultThemeSelection;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.theme.ThemeSelectorProvider;
import org.keycloak.theme.ThemeSelectorProviderFactory;

/** Wiring only. An order above Keycloak's default (0) makes this the selector without any configuration. */
public final class TenancyThemeSelectorFactory implements ThemeSelectorProviderFactory {

    public static final String ID = "tenancy";

    private final InstalledThemes installedThemes = new InstalledThemes();

    @Override
    public ThemeSelectorProvider create(KeycloakSession session) {
        return new TenancyThemeSelector(session, DefaultThemeSelection.of(session), installedThemes);
    }

    @Override
    public int order() {
        return 10;
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
