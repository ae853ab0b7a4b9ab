package dev.keycloaktenancy.theme;

import dev.keycloaktenancy.OrganizationSettings;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.theme.Theme;
import org.keycloak.theme.ThemeSelectorProvider;

import java.util.Optional;

/**
 * Login pages and emails use the theme their organization names ({@code tenancy.theme.login},
 * {@code tenancy.theme.email}); everything else, and every page without an organization, is left to Keycloak's
 * default selector (client login theme, then realm theme).
 */
final class TenancyThemeSelector implements ThemeSelectorProvider {

    private final KeycloakSession session;
    private final ThemeSelectorProvider keycloakDefault;
    private final InstalledThemes installedThemes;

    TenancyThemeSelector(KeycloakSession session, ThemeSelectorProvider keycloakDefault, InstalledThemes installedThemes) {
        this.session = session;
        this.keycloakDefault = keycloakDefault;
        this.installedThemes = installedThemes;
    }

    @Override
    public String getThemeName(Theme.Type type) {
        Optional<OrganizationModel> organization = switch (type) {
            case LOGIN -> ThemeOrganization.forLoginPage(session);
            case EMAIL -> ThemeOrganization.forEmail(session);
            default -> Optional.empty();
        };
        return organization.map(org -> organizationTheme(org, type)).orElseGet(() -> keycloakDefault.getThemeName(type));
    }

    private String organizationTheme(OrganizationModel organization, Theme.Type type) {
        OrganizationSettings settings = OrganizationSettings.of(organization);
        String name = type == Theme.Type.LOGIN ? settings.loginTheme() : settings.emailTheme();
        if (name != null && installedThemes.isInstalled(session, name, type, "Organization " + organization.getAlias())) {
            return name;
        }
        return keycloakDefault.getThemeName(type);
    }

    @Override
    public void close() {
    }
}
