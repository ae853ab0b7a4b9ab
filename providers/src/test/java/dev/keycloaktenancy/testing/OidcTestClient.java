package dev.keycloaktenancy.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A public OIDC client doing what an application does: authorization code flow with PKCE (S256), then the code
 * exchange at the token endpoint. Tokens are decoded, not verified: the server under test issued them over loopback.
 */
public final class OidcTestClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String realmUrl;
    private final String clientId;
    private final String redirectUri;
    private final String verifier;
    private final String state;
    private final HttpClient http;

    public OidcTestClient(String baseUrl, String realm, String clientId, String redirectUri) {
        this(baseUrl, realm, clientId, redirectUri, HttpClient.newHttpClient());
    }

    /** @param http how the application reaches the server, such as through a reverse proxy */
    public OidcTestClient(String baseUrl, String realm, String clientId, String redirectUri, HttpClient http) {
        this.http = http;
        this.realmUrl = baseUrl + "/realms/" + realm;
        this.clientId = clientId;
        this.redirectUri = redirectUri;
        this.verifier = randomUrlSafe(32);
        this.state = randomUrlSafe(16);
    }

    public String redirectUri() {
        return redirectUri;
    }

    public String authorizationUrl(String scope) {
        return authorizationUrl(scope, Map.of());
    }

    /** With further request parameters, such as login_hint, prompt or kc_idp_hint. */
    public String authorizationUrl(String scope, Map<String, String> extra) {
        Map<String, String> parameters = new LinkedHashMap<>(Map.of(
                "client_id", clientId,
                "response_type", "code",
                "redirect_uri", redirectUri,
                "scope", scope,
                "state", state,
                "code_challenge", challenge(verifier),
                "code_challenge_method", "S256"));
        parameters.putAll(extra);
        return realmUrl + "/protocol/openid-connect/auth?" + form(parameters);
    }

    /** Checks the state of the redirect and exchanges its code for tokens (the token endpoint's JSON answer). */
    public JsonNode exchange(URI appRedirect) {
        Map<String, String> params = queryParams(appRedirect);
        if (!state.equals(params.get("state"))) {
            throw new AssertionError("State mismatch in " + appRedirect);
        }
        String code = params.get("code");
        if (code == null) {
            throw new AssertionError("No code in " + appRedirect);
        }
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(realmUrl + "/protocol/openid-connect/token"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(form(Map.of(
                                    "grant_type", "authorization_code",
                                    "client_id", clientId,
                                    "code", code,
                                    "redirect_uri", redirectUri,
                                    "code_verifier", verifier))))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("Token endpoint answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The refresh grant of a public client. */
    public static JsonNode refresh(String baseUrl, String realm, String clientId, String refreshToken) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(baseUrl + "/realms/" + realm + "/protocol/openid-connect/token"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(form(Map.of(
                                    "grant_type", "refresh_token",
                                    "client_id", clientId,
                                    "refresh_token", refreshToken))))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("Refresh answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The claims of a JWT (its payload), without verifying the signature. */
    public static JsonNode claims(String jwt) {
        String[] parts = jwt.split("\\.");
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static Map<String, String> queryParams(URI uri) {
        if (uri.getRawQuery() == null) {
            return Map.of();
        }
        return Arrays.stream(uri.getRawQuery().split("&"))
                .map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> URLDecoder.decode(p[0], StandardCharsets.UTF_8),
                        p -> p.length > 1 ? URLDecoder.decode(p[1], StandardCharsets.UTF_8) : "", (a, b) -> a));
    }

    private static String form(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String randomUrlSafe(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }
}
