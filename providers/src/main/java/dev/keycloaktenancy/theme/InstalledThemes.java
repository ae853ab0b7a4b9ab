package dev.keycloaktenancy.theme;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.theme.Theme;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks that a theme named in an attribute is installed, so a typo falls back to Keycloak's choice instead of an
 * error page. Installed themes do not change while the server runs, so a positive answer is kept; an unknown name is
 * warned about once.
 */
final class InstalledThemes {

    private static final Logger LOG = Logger.getLogger(InstalledThemes.class);
    private static final int MAX_REMEMBERED = 1000;

    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    boolean isInstalled(KeycloakSession session, String name, Theme.Type type, String owner) {
        String key = type + "/" + name;
        if (known.contains(key)) {
            return true;
        }
        boolean installed;
        try {
            installed = session.theme().nameSet(type).contains(name);
        } catch (RuntimeException e) {
            installed = false;
        }
        if (installed) {
            known.add(key);
        } else if (warned.size() < MAX_REMEMBERED && warned.add(owner + "|" + key)) {
            LOG.warnf("%s names %s theme '%s', which is not installed; using the default choice", owner,
                    type.name().toLowerCase(Locale.ROOT), name);
        }
        return installed;
    }
}
