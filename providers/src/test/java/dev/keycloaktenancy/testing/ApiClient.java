package dev.keycloaktenancy.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Raw HTTP calls to the pack's REST APIs with a bearer token (or none), so tests see exactly the status codes and
 * JSON bodies that clients see, malformed requests included.
 */
public final class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String baseUrl;
    private final Supplier<String> token;

    /** @param token supplies the bearer token per call; null for anonymous calls */
    public ApiClient(String baseUrl, Supplier<String> token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    public record Result(int status, String body, java.net.http.HttpHeaders headers) {

        /** A response header, or null. */
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("Not JSON (status " + status + "): " + body, e);
            }
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    public Result get(String path) {
        return send(request(path).GET());
    }

    public Result post(String path, String body) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Result put(String path, String body) {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Result patch(String path, String body) {
        return send(request(path).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
    }

    public Result delete(String path) {
        return send(request(path).DELETE());
    }

    /** A DELETE that carries a JSON body (a confirmation). */
    public Result deleteWithBody(String path, String body) {
        return send(request(path).header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString(body)));
    }

    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Access token of a user through the password grant of the realm's public admin-cli client. */
    public static String passwordGrant(String serverUrl, String realm, String username, String password) {
        return passwordGrant(serverUrl, realm, username, password, "admin-cli", null);
    }

    /**
     * Access token for the self-service API of the sample realm: the password grant of its public client demo-cli,
     * asking for the API's scope.
     */
    public static String selfServiceToken(String serverUrl, String realm, String username, String password) {
        return passwordGrant(serverUrl, realm, username, password, "demo-cli", "tenancy-api");
    }

    /** Access token of a user through the password grant of a public client, asking for a scope (or none). */
    public static String passwordGrant(String serverUrl, String realm, String username, String password,
                                       String clientId, String scope) {
        Result answer = passwordGrantAnswer(serverUrl, realm, username, password, clientId, scope);
        if (answer.status() != 200) {
            throw new AssertionError("Password grant for " + username + " failed: " + answer.body());
        }
        return answer.json().get("access_token").asText();
    }

    /** The token endpoint's raw answer to a password grant, for tests of refused grants. */
    public static Result passwordGrantAnswer(String serverUrl, String realm, String username, String password,
                                             String clientId, String scope) {
        Map<String, String> parameters = new LinkedHashMap<>(Map.of("grant_type", "password",
                "client_id", clientId, "username", username, "password", password));
        if (scope != null) {
            parameters.put("scope", scope);
        }
        String form = parameters.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(serverUrl + "/realms/" + realm + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token.get());
        }
        return builder;
    }

    private static Result send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Result(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
