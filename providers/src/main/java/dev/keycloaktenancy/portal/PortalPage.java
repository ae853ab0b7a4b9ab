package dev.keycloaktenancy.portal;

import org.keycloak.common.Version;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.urls.UrlType;
import org.keycloak.util.JsonSerialization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The portal's page for one request: the template from the JAR with the realm's addresses, the texts in the user's
 * language and PatternFly from Keycloak's own theme resources. Addresses use the realm's frontend URL, as its login
 * pages do. The settings travel as a JSON data block, which the browser never runs, so the page needs no inline script.
 */
final class PortalPage {

    private static final String PATTERNFLY = "/common/keycloak/vendor/patternfly-v5/patternfly.min.css";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final Locale locale;
    private final Map<String, String> messages;

    PortalPage(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.locale = session.getContext().resolveLocale(null);
        this.messages = PortalMessages.forLocale(locale);
    }

    /** The portal's address on the realm's frontend URL. */
    String portalUrl() {
        return realmUrl() + "/tenancy/portal/";
    }

    /** The address of the mode for realm administrators. */
    String adminUrl() {
        return portalUrl() + "admin/";
    }

    /** The page of the mode for realm administrators: it signs in at this realm with the admin portal's client. */
    String renderAdmin() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("clientId", AdminPortalClient.CLIENT_ID);
        config.put("authority", realmUrl());
        config.put("serverUrl", trimmedSlash(session.getContext().getUri(UrlType.FRONTEND).getBaseUri().toString()));
        config.put("signInRealm", realm.getName());
        config.put("scope", "openid");
        config.put("portalUrl", adminUrl());
        config.put("userPortalUrl", portalUrl());
        config.put("locale", locale.toLanguageTag());
        config.put("messages", messages);
        return fill(PortalAssets.get("admin.html").text(), config);
    }

    String render() {
        String authority = realmUrl();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("clientId", PortalClient.CLIENT_ID);
        config.put("authority", authority);
        config.put("apiBase", authority + "/tenancy");
        config.put("portalUrl", portalUrl());
        config.put("locale", locale.toLanguageTag());
        config.put("messages", messages);
        return fill(PortalAssets.get("index.html").text(), config);
    }

    private String fill(String template, Map<String, Object> config) {
        String resources = trimmedSlash(session.getContext().getUri(UrlType.FRONTEND).getBaseUri().getRawPath())
                + "/resources/" + Version.RESOURCES_VERSION + PATTERNFLY;
        return template
                .replace("{{lang}}", escapeHtml(locale.toLanguageTag()))
                .replace("{{title}}", escapeHtml(messages.getOrDefault("title", "Organization administration")))
                .replace("{{patternfly}}", escapeHtml(resources))
                .replace("{{config}}", jsonForScriptBlock(config));
    }

    /** A page that only says why the portal cannot be used here. */
    String unavailable(String reason) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
                + escapeHtml(messages.getOrDefault("title", "Organization administration"))
                + "</title></head><body><main><h1>" + escapeHtml(messages.getOrDefault("title", "Organization administration"))
                + "</h1><p>" + escapeHtml(reason) + "</p></main></body></html>";
    }

    private String realmUrl() {
        return trimmedSlash(session.getContext().getUri(UrlType.FRONTEND).getBaseUri().toString())
                + "/realms/" + realm.getName();
    }

    private static String trimmedSlash(String value) {
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }

    /** JSON that cannot close its script element nor open a comment: the characters that could are escaped. */
    static String jsonForScriptBlock(Object value) {
        try {
            return JsonSerialization.writeValueAsString(value)
                    .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String escapeHtml(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
