package dev.keycloaktenancy.theme;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.theme.Theme;
import org.keycloak.theme.ThemeSelectorProvider;

import java.util.List;
import java.util.Optional;

/**
 * Login pages and emails use the theme their organization names ({@code tenancy.theme.login},
 * {@code tenancy.theme.email}); everything else, and every page without an organization, is left to Keycloak's
 * default selector (client login theme, then realm theme).
 */
final class TenancyThemeSelector implements ThemeSelectorProvider {

    static final String LOGIN_THEME_ATTRIBUTE = "tenancy.theme.login";
    static final String EMAIL_THEME_ATTRIBUTE = "tenancy.theme.email";

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
        List<String> values = organization.getAttributes()
                .get(type == Theme.Type.LOGIN ? LOGIN_THEME_ATTRIBUTE : EMAIL_THEME_ATTRIBUTE);
        String name = values == null || values.isEmpty() ? null : values.get(0);
        if (name != null && !name.isBlank()
                && installedThemes.isInstalled(session, name.trim(), type, "Organization " + organization.getAlias())) {
            return name.trim();
        }
        return keycloakDefault.getThemeName(type);
    }

    @Override
    public void close() {
    }
}
