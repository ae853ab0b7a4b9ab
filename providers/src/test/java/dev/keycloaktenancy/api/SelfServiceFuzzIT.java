package dev.keycloaktenancy.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keycloaktenancy.testing.ApiClient;
import dev.keycloaktenancy.testing.ApiClient.Result;
import dev.keycloaktenancy.testing.SampleUsers;
import dev.keycloaktenancy.testing.TenancyServerConfig;
import dev.keycloaktenancy.testing.TenancyServerTest;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input on every write operation of the self-service API, called by an owner (so only the input is at fault):
 * hand-picked malformed bodies must be refused with a JSON 4xx, and generated random bodies and path segments must
 * never produce a 5xx. The random generator is seeded, so a failure replays.
 */
@KeycloakIntegrationTest(config = TenancyServerConfig.class)
class SelfServiceFuzzIT extends TenancyServerTest {

    private static final long SEED = 20261126L;
    private static final int RANDOM_BODIES_PER_OPERATION = 40;

    private record Write(String method, String path) {
    }

    @Test
    void badInputIsRefusedWithJsonAndNeverCrashes() {
        importRealms("saas-b2b");
        String token = ApiClient.selfServiceToken(urls.getBase(), "saas-b2b", "carol@globex.test", "carol");
        ApiClient owner = new ApiClient(urls.getBase() + "/realms/saas-b2b/tenancy", () -> token);
        String dave = SampleUsers.id(admin.realm("saas-b2b"), "dave@globex.test");
        owner.post("/organizations/globex/roles", ApiClient.json(Map.of("name", "fuzzed")));

        List<Write> writes = List.of(
                new Write("PUT", "/organizations/globex"),
                new Write("PUT", "/organizations/globex/members/" + dave + "/roles"),
                new Write("POST", "/organizations/globex/roles"),
                new Write("PUT", "/organizations/globex/roles/fuzzed"),
                new Write("POST", "/organizations/globex/invitations"),
                new Write("POST", "/organizations/globex/domains"));

        int calls = 0;
        for (Write write : writes) {
            for (String body : malformedBodies()) {
                Result result = send(owner, write, body);
                calls++;
                assertTrue(result.status() >= 400 && result.status() < 500, () -> write + " " + shorten(body) + " -> " + result);
                assertJsonError(result, write, body);
            }
        }

        Random random = new Random(SEED);
        for (Write write : writes) {
            for (int i = 0; i < RANDOM_BODIES_PER_OPERATION; i++) {
                String body = randomBody(random);
                Result result = send(owner, write, body);
                calls++;
                assertTrue(result.status() < 500, () -> write + " " + shorten(body) + " -> " + result);
                if (result.status() >= 400) {
                    assertJsonError(result, write, body);
                }
            }
        }

        for (String segment : hostileSegments(random)) {
            for (Write write : List.of(new Write("PUT", "/organizations/" + segment),
                    new Write("DELETE", "/organizations/globex/members/" + segment),
                    new Write("PUT", "/organizations/globex/members/" + segment + "/roles"),
                    new Write("DELETE", "/organizations/globex/roles/" + segment),
                    new Write("POST", "/organizations/globex/invitations/" + segment + "/resend"),
                    new Write("DELETE", "/organizations/globex/invitations/" + segment),
                    new Write("POST", "/organizations/globex/domains/" + segment + "/verify"),
                    new Write("DELETE", "/organizations/globex/domains/" + segment))) {
                Result result = send(owner, write, "{\"roles\": [\"member\"]}");
                calls++;
                assertTrue(result.status() >= 400 && result.status() < 500, () -> write + " -> " + result);
            }
        }

        for (String search : List.of("%00", "%01", "x%00y", "%25", "%5C", "%27", "a".repeat(300))) {
            Result result = owner.get("/organizations/globex/members?search=" + search);
            calls++;
            assertTrue(result.status() == 200 || result.status() == 400, () -> "search " + search + " -> " + result);
        }
        for (String list : List.of("/organizations/globex/members", "/organizations/globex/invitations")) {
            for (String paging : List.of("max=abc", "first=x", "max=0", "max=101", "first=-1", "max=1e3", "first=99999999999")) {
                Result result = owner.get(list + "?" + paging);
                calls++;
                assertEquals(400, result.status(), () -> list + "?" + paging + " -> " + result);
                assertJsonError(result, new Write("GET", list), paging);
            }
        }
        System.out.println("Self-service fuzzing: " + calls + " requests, no 5xx.");
    }

    private static void assertJsonError(Result result, Write write, String body) {
        JsonNode error = result.json();
        assertTrue(error.hasNonNull("error") && error.hasNonNull("error_description"),
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
            case "PUT" -> api.put(write.path(), body);
            case "POST" -> api.post(write.path(), body);
            default -> api.delete(write.path());
        };
    }

    private static String shorten(String body) {
        return body.length() > 120 ? body.substring(0, 120) + "…" : body;
    }
}
