package dev.keycloaktenancy.portal;

import jakarta.ws.rs.core.MediaType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The portal's files inside the JAR ({@code tenancy-portal/…}), read once each; they never change while it runs. Only
 * files that exist are kept, so requests for made-up names cannot grow the map.
 */
final class PortalAssets {

    private static final String ROOT = "tenancy-portal/";
    private static final Map<String, Asset> LOADED = new ConcurrentHashMap<>();

    /** A file with the tag a browser sends back to learn whether its copy is still current. */
    record Asset(byte[] content, MediaType mediaType, String etag) {

        String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    private PortalAssets() {
    }

    /** The file at this path under the portal's root, or null if the JAR has none. */
    static Asset get(String path) {
        return LOADED.computeIfAbsent(path, PortalAssets::load);
    }

    /** The file, or null (which the map does not keep) when the JAR has none. */
    private static Asset load(String path) {
        try (InputStream in = PortalAssets.class.getClassLoader().getResourceAsStream(ROOT + path)) {
            if (in == null) {
                return null;
            }
            byte[] content = in.readAllBytes();
            return new Asset(content, mediaType(path), "\"" + digest(content) + "\"");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + ROOT + path + " from the keycloak-tenancy JAR", e);
        }
    }

    private static MediaType mediaType(String path) {
        if (path.endsWith(".js")) {
            return new MediaType("text", "javascript", "UTF-8");
        }
        if (path.endsWith(".css")) {
            return new MediaType("text", "css", "UTF-8");
        }
        if (path.endsWith(".svg")) {
            return new MediaType("image", "svg+xml");
        }
        return MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8");
    }

    private static String digest(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK lacks SHA-256", e);
        }
    }
}
