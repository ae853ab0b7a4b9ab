package dev.keycloaktenancy.portal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The portal's texts in a language: {@code tenancy-portal/messages/messages_<language>.properties} over the English
 * bundle, so a partial translation still shows every text.
 */
final class PortalMessages {

    private static final String BUNDLE = "tenancy-portal/messages/messages_%s.properties";
    private static final Map<String, Map<String, String>> BY_LANGUAGE = new ConcurrentHashMap<>();

    private PortalMessages() {
    }

    static Map<String, String> forLocale(Locale locale) {
        String language = locale == null || locale.getLanguage().isEmpty() ? "en" : locale.getLanguage();
        return BY_LANGUAGE.computeIfAbsent(language, PortalMessages::load);
    }

    private static Map<String, String> load(String language) {
        Map<String, String> messages = new TreeMap<>(read("en"));
        if (!"en".equals(language)) {
            messages.putAll(read(language));
        }
        return Map.copyOf(messages);
    }

    private static Map<String, String> read(String language) {
        String name = String.format(BUNDLE, language.replaceAll("[^a-z]", ""));
        Properties properties = new Properties();
        try (InputStream in = PortalMessages.class.getClassLoader().getResourceAsStream(name)) {
            if (in != null) {
                properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + name + " from the keycloak-tenancy JAR", e);
        }
        Map<String, String> messages = new TreeMap<>();
        properties.forEach((key, value) -> messages.put(key.toString(), value.toString()));
        return messages;
    }
}
