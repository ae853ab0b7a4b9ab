package dev.keycloaktenancy.keycloak;

import org.keycloak.services.Urls;

import java.net.URI;

/** The addresses of Keycloak's own pages and files, below a base URI (the server's frontend or admin address). */
public final class ServerUrls {

    private ServerUrls() {
    }

    /** The realm's admin console. */
    public static URI adminConsole(URI adminBase, String realm) {
        return Urls.adminConsoleRoot(adminBase, realm);
    }

    /** The realm's account console. */
    public static URI accountConsole(URI base, String realm) {
        return Urls.accountBase(base).build(realm);
    }

    /** Where theme files are served: {@code <root>/<type>/<theme>/<path>}. */
    public static URI themeRoot(URI base) {
        return Urls.themeRoot(base);
    }
}
