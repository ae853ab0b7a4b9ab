package dev.keycloaktenancy.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keycloaktenancy.testing.ApiClient;
import dev.keycloaktenancy.testing.ApiClient.Result;
import dev.keycloaktenancy.testing.Mails;
import dev.keycloaktenancy.testing.OpenApiDescription;
import dev.keycloaktenancy.testing.SampleUsers;
import dev.keycloaktenancy.testing.TenancyServerConfig;
import dev.keycloaktenancy.testing.TenancyServerTest;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input on every operation of both APIs, as their descriptions under docs/ list them (so a new operation is fuzzed
 * as soon as it is documented), called by a caller entitled to it (an organization's owner; the server
 * administrator), so only the input is at fault: hand-picked malformed bodies must be refused with a JSON 4xx,
 * generated random bodies and hostile path segments must never produce a 5xx. The random generator is seeded, so a
 * failure replays. CI runs it on H2, PostgreSQL and MariaDB.
 */
@KeycloakIntegrationTest(config = TenancyServerConfig.class)
class ApiFuzzIT extends TenancyServerTest {

    private static final long SEED = 20261126L;
    private static final int RANDOM_BODIES_PER_OPERATION = 12;
    private static final Set<String> WRITES = Set.of("PUT", "PATCH", "POST");

    private record Write(String method, String path) {
    }

    /** What a refusal's body must hold: the pack's JSON error, or SCIM's. */
    private interface ErrorBody {
        void check(Result result, Write write, String body);
    }

    @Test
    void selfServiceApi() {
        importRealms("saas-b2b");
        // A mail server that takes mail: a send that fails answers 503, a fault of the server, not of the input.
        Mails.useTestMailServer(saas());
        String token = ApiClient.selfServiceToken(urls.getBase(), "saas-b2b", "carol@globex.test", "carol");
        ApiClient owner = new ApiClient(urls.getBase() + "/realms/saas-b2b/tenancy", () -> token);
        Set<String> operations = new TreeSet<>(OpenApiDescription.read("self-service-api.openapi.json").operations());
        Set<String> scimOperations = new TreeSet<>(operations);
        scimOperations.removeIf(operation -> !operation.contains(" /scim/"));
        operations.removeAll(scimOperations);
        Map<String, String> parameters = parameters(owner);
        fuzz("self-service", owner, operations, parameters, ApiFuzzIT::assertJsonError);
        // SCIM is called by a directory with the organization's SCIM token, and answers SCIM's own error bodies
        Result created = adminApi("saas-b2b").post("/organizations/globex/scim-tokens", "{\"name\": \"fuzz\"}");
        String scimToken = created.json().get("token").asText();
        ApiClient directory = new ApiClient(urls.getBase() + "/realms/saas-b2b/tenancy", () -> scimToken);
        fuzz("SCIM", directory, scimOperations, parameters, ApiFuzzIT::assertScimError);
    }

    @Test
    void adminApi() {
        importRealms("saas-b2b");
        Mails.useTestMailServer(saas());
        ApiClient administrator = adminApi("saas-b2b");
        Set<String> operations = new TreeSet<>(OpenApiDescription.read("admin-api.openapi.json").operations());
        operations.removeIf(operation -> operation.contains(" /tenant"));
        fuzz("admin", administrator, operations, parameters(administrator), ApiFuzzIT::assertJsonError);
        ApiClient operator = adminApi("master");
        Set<String> tenantOperations = new TreeSet<>(OpenApiDescription.read("admin-api.openapi.json").operations());
        tenantOperations.removeIf(operation -> !operation.contains(" /tenant"));
        fuzz("tenants", operator, tenantOperations, Map.of("{tenant}", "no-such-tenant"), ApiFuzzIT::assertJsonError);
    }

    /** Real values for the path parameters, so that only the body or one parameter at a time is at fault. */
    private Map<String, String> parameters(ApiClient api) {
        String dave = SampleUsers.id(admin.realm("saas-b2b"), "dave@globex.test");
        api.post("/organizations/globex/roles", ApiClient.json(Map.of("name", "fuzzed")));
        Result invitation = api.post("/organizations/globex/invitations", ApiClient.json(Map.of("email",
                "fuzz-" + System.nanoTime() + "@example.test")));
        Result domain = api.post("/organizations/globex/domains", ApiClient.json(Map.of("name", "fuzz.globex.test")));
        Map<String, String> values = new java.util.HashMap<>();
        values.put("{org}", "globex");
        values.put("{userId}", dave);
        values.put("{name}", "fuzzed");
        values.put("{role}", "member");
        values.put("{id}", invitation.status() == 201 ? invitation.json().get("id").asText() : "none");
        values.put("{domain}", domain.status() == 201 ? "fuzz.globex.test" : "none.test");
        return values;
    }

    private void fuzz(String api, ApiClient client, Set<String> operations, Map<String, String> parameters,
                      ErrorBody errorBody) {
        Random random = new Random(SEED);
        int calls = 0;
        for (String operation : operations) {
            String method = operation.substring(0, operation.indexOf(' '));
            String template = operation.substring(operation.indexOf(' ') + 1);
            String path = fill(template, parameters);
            if (WRITES.contains(method)) {
                for (String body : malformedBodies()) {
                    Result result = send(client, new Write(method, path), body);
                    calls++;
                    assertTrue(result.status() < 500, () -> api + " " + operation + " " + shorten(body) + " -> " + result);
                    if (result.status() >= 400) {
                        errorBody.check(result, new Write(method, path), body);
                    }
                }
                for (int i = 0; i < RANDOM_BODIES_PER_OPERATION; i++) {
                    String body = randomBody(random);
                    Result result = send(client, new Write(method, path), body);
                    calls++;
                    assertTrue(result.status() < 500, () -> api + " " + operation + " " + shorten(body) + " -> " + result);
                    if (result.status() >= 400) {
                        errorBody.check(result, new Write(method, path), body);
                    }
                }
            }
            for (String parameter : parametersOf(template)) {
                for (String segment : hostileSegments(random)) {
                    Map<String, String> hostile = new java.util.HashMap<>(parameters);
                    hostile.put(parameter, segment);
                    Write write = new Write(method, fill(template, hostile));
                    Result result = send(client, write, "{\"roles\": [\"member\"]}");
                    calls++;
                    assertTrue(result.status() >= 400 && result.status() < 500, () -> api + " " + write + " -> " + result);
                }
            }
            if (method.equals("GET")) {
                for (String query : List.of("max=abc", "first=x", "max=0", "first=-1", "max=1e3", "first=99999999999",
                        "search=%00", "search=" + "a".repeat(300))) {
                    Result result = client.get(path + "?" + query);
                    calls++;
                    assertTrue(result.status() < 500, () -> api + " " + operation + "?" + query + " -> " + result);
                }
            }
        }
        System.out.println("Fuzzing the " + api + " API: " + calls + " requests on " + operations.size()
                + " operations, no 5xx.");
    }

    private static String fill(String template, Map<String, String> parameters) {
        String path = template;
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            path = path.replace(parameter.getKey(), parameter.getValue());
        }
        return path.replaceAll("\\{[^}]+}", "x");
    }

    private static List<String> parametersOf(String template) {
        List<String> names = new ArrayList<>();
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\\{[^}]+}").matcher(template);
        while (matcher.find()) {
            names.add(matcher.group());
        }
        return names;
    }

    private static void assertJsonError(Result result, Write write, String body) {
        JsonNode error = result.json();
        assertTrue(error.hasNonNull("error") && error.hasNonNull("error_description"),
                () -> write + " " + shorten(body) + " -> " + result);
    }

    private static void assertScimError(Result result, Write write, String body) {
        JsonNode error = result.json();
        assertTrue(error.hasNonNull("schemas") && error.hasNonNull("status") && error.hasNonNull("detail"),
                () -> write + " " + shorten(body) + " -> " + result);
    }

    private static List<String> malformedBodies() {
        List<String> bodies = new ArrayList<>(List.of("", " ", "{", "}", "[", "null", "[]", "42", "\"text\"", "true",
                "{\"name\": }", "{'name': 'single quotes'}", "{\"name\": \"x\",}", "{\"unknownField\": 1}",
                "{\"name\": {\"nested\": true}}", "{\"roles\": \"owner\"}", "{\"roles\": [1, 2]}", "{\"roles\": [[\"a\"]]}",
                "{\"email\": 12}", "{\"branding\": \"red\"}", "{\"description\": [\"a\"]}", "\u0000\u0001\u0002",
                "{\"name\": \"\u0000\"}", "<xml/>", "name=x&roles=owner"));
        bodies.add("[".repeat(5000) + "]".repeat(5000));
        bodies.add("{\"name\": \"" + "x".repeat(70_000) + "\"}");
        bodies.add("{\"description\": \"" + "é".repeat(40_000) + "\"}");
        bodies.add("{\"name\": \"Globex\u202E\"}");
        bodies.add("{\"branding\": {\"displayName\": \"Acme Corp\"}}");
        bodies.add("{\"ssoRequired\": true}");
        bodies.add("{\"ssoRequired\": \"yes\"}");
        return bodies;
    }

    private static String randomBody(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> randomJson(random, 0);
            case 1 -> "{\"" + pick(random, "name", "roles", "email", "branding", "permissions", "description", "default")
                    + "\": " + randomJson(random, 1) + "}";
            case 2 -> randomText(random, random.nextInt(200));
            default -> {
                String json = randomJson(random, 0);
                int cut = json.isEmpty() ? 0 : random.nextInt(json.length());
                yield json.substring(0, cut);
            }
        };
    }

    private static String randomJson(Random random, int depth) {
        int kind = depth > 3 ? random.nextInt(4) : random.nextInt(6);
        return switch (kind) {
            case 0 -> ApiClient.json(randomText(random, random.nextInt(80)));
            case 1 -> String.valueOf(random.nextBoolean() ? random.nextLong() : random.nextDouble() * 1e300);
            case 2 -> random.nextBoolean() ? "true" : "null";
            case 3 -> ApiClient.json(pick(random, "owner", "admin", "member", "#00ff00", "https://x.test/l.png",
                    "javascript:alert(1)", "a@b.c", "org:members:manage", ""));
            case 4 -> {
                StringBuilder array = new StringBuilder("[");
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.append(randomJson(random, depth + 1)).append(i > 1 ? "," : "");
                }
                yield array.append(']').toString();
            }
            default -> {
                StringBuilder object = new StringBuilder("{");
                for (int i = random.nextInt(4); i > 0; i--) {
                    object.append(ApiClient.json(pick(random, "name", "roles", "email", "branding", "permissions",
                            "displayName", "logoUrl", "primaryColor", "default", randomText(random, 5))))
                            .append(':').append(randomJson(random, depth + 1)).append(i > 1 ? "," : "");
                }
                yield object.append('}').toString();
            }
        };
    }

    private static List<String> hostileSegments(Random random) {
        return List.of("%00", "..", "%2e%2e", "x".repeat(300), "%F0%9F%92%A5", "'%20OR%201=1--", "%3Cscript%3E",
                randomText(random, 12).replaceAll("[^A-Za-z0-9]", "") + "z");
    }

    private static String randomText(Random random, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int bucket = random.nextInt(10);
            text.appendCodePoint(bucket < 6 ? 32 + random.nextInt(95) : bucket < 8 ? random.nextInt(32)
                    : bucket < 9 ? 0x80 + random.nextInt(0x700) : 0x1F300 + random.nextInt(0x200));
        }
        return text.toString();
    }

    private static String pick(Random random, String... values) {
        return values[random.nextInt(values.length)];
    }

    private static Result send(ApiClient api, Write write, String body) {
        return switch (write.method()) {
            case "GET" -> api.get(write.path());
            case "PUT" -> api.put(write.path(), body);
            case "PATCH" -> api.patch(write.path(), body);
            case "POST" -> api.post(write.path(), body);
            default -> api.delete(write.path());
        };
    }

    private static String shorten(String body) {
        return body.length() > 120 ? body.substring(0, 120) + "…" : body;
    }
}
