package dev.keycloaktenancy.api;

import dev.keycloaktenancy.testing.ApiClient;
import dev.keycloaktenancy.testing.ApiClient.Result;
import dev.keycloaktenancy.testing.Mails;
import dev.keycloaktenancy.testing.SampleUsers;
import dev.keycloaktenancy.testing.TenancyServerConfig;
import dev.keycloaktenancy.testing.TenancyServerTest;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Both APIs serve one implementation of each organization operation, entered through two doors: a member's token
 * (self-service) and an administrator's token (admin API). The same matrix of operations and rules, run through
 * both doors as an owner of the organization and as a realm administrator, must give the same answers: every
 * operation is served by both, and every rule (the whole-resource PUT, the security policy's checks, template roles
 * read-only, the last owner, invitations to unverified addresses, unknown members and roles) holds on both.
 */
@KeycloakIntegrationTest(config = TenancyServerConfig.class)
class OrganizationDoorsIT extends TenancyServerTest {

    /** One step: what it does, and the call (path below the door's base). */
    private record Step(String name, Function<ApiClient, Result> call) {
    }

    @Test
    void bothDoorsAnswerTheSameMatrix() {
        importRealms("saas-b2b");
        Mails.useTestMailServer(saas());
        String carol = SampleUsers.id(saas(), "carol@globex.test");
        String dave = SampleUsers.id(saas(), "dave@globex.test");
        String unverified = SampleUsers.create(saas(), "unverified@example.test", "Unverified-pass-1");
        UserRepresentation user = saas().users().get(unverified).toRepresentation();
        user.setEmailVerified(false);
        saas().users().get(unverified).update(user);

        String token = ApiClient.selfServiceToken(urls.getBase(), "saas-b2b", "carol@globex.test", "carol");
        Map<String, ApiClient> doors = new LinkedHashMap<>();
        doors.put("self-service (owner)", new ApiClient(urls.getBase() + "/realms/saas-b2b/tenancy", () -> token));
        doors.put("admin (realm administrator)", adminApi("saas-b2b"));

        Map<String, List<String>> answers = new LinkedHashMap<>();
        for (Map.Entry<String, ApiClient> door : doors.entrySet()) {
            String suffix = door.getKey().startsWith("self") ? "self" : "admin";
            List<Step> steps = List.of(
                    step("GET profile", api -> api.get("/organizations/globex")),
                    step("PATCH profile", api -> api.patch("/organizations/globex", "{\"description\": \"via " + suffix + "\"}")),
                    step("PUT profile without name", api -> api.put("/organizations/globex", "{\"description\": \"x\", \"branding\": {}}")),
                    step("GET usage", api -> api.get("/organizations/globex/usage")),
                    step("GET sign-in", api -> api.get("/organizations/globex/sign-in")),
                    step("PUT sign-in, part of it", api -> api.put("/organizations/globex/sign-in", "{\"ssoRequired\": false}")),
                    step("PATCH sign-in", api -> api.patch("/organizations/globex/sign-in", "{\"joinByEmailDomain\": true}")),
                    step("GET security", api -> api.get("/organizations/globex/security")),
                    step("PUT security, part of it", api -> api.put("/organizations/globex/security", "{\"mfa\": \"off\"}")),
                    step("PATCH security", api -> api.patch("/organizations/globex/security", "{\"mfaMethods\": [\"otp\"]}")),
                    step("PATCH security, unknown method", api -> api.patch("/organizations/globex/security", "{\"mfaMethods\": [\"sms\"]}")),
                    step("GET members", api -> api.get("/organizations/globex/members")),
                    step("GET one member", api -> api.get("/organizations/globex/members/" + dave)),
                    step("GET an unknown member", api -> api.get("/organizations/globex/members/nobody")),
                    step("POST member roles", api -> api.post("/organizations/globex/members/" + dave + "/roles", roles("member"))),
                    step("DELETE a member role", api -> api.delete("/organizations/globex/members/" + dave + "/roles/member")),
                    step("PUT member roles", api -> api.put("/organizations/globex/members/" + dave + "/roles", roles("member"))),
                    step("demote the last owner", api -> api.put("/organizations/globex/members/" + carol + "/roles", roles("member"))),
                    step("GET roles", api -> api.get("/organizations/globex/roles")),
                    step("POST a role", api -> api.post("/organizations/globex/roles", "{\"name\": \"r-" + suffix + "\"}")),
                    step("GET the role", api -> api.get("/organizations/globex/roles/r-" + suffix)),
                    step("PUT the role, part of it", api -> api.put("/organizations/globex/roles/r-" + suffix, "{\"default\": true}")),
                    step("PATCH the role", api -> api.patch("/organizations/globex/roles/r-" + suffix, "{\"description\": \"d\"}")),
                    step("PATCH a template role", api -> api.patch("/organizations/globex/roles/admin", "{\"description\": \"d\"}")),
                    step("DELETE the role", api -> api.delete("/organizations/globex/roles/r-" + suffix)),
                    step("POST an unknown role to a member", api -> api.post("/organizations/globex/members/" + dave + "/roles", roles("nope"))),
                    step("invite", api -> api.post("/organizations/globex/invitations", "{\"email\": \"new-" + suffix + "@example.test\"}")),
                    step("invite an unverified address", api -> api.post("/organizations/globex/invitations", "{\"email\": \"unverified@example.test\"}")),
                    step("invite a member", api -> api.post("/organizations/globex/invitations", "{\"email\": \"dave@globex.test\"}")),
                    step("GET invitations", api -> api.get("/organizations/globex/invitations")),
                    step("claim a domain", api -> api.post("/organizations/globex/domains", "{\"name\": \"" + suffix + ".globex.test\"}")),
                    step("GET the domain", api -> api.get("/organizations/globex/domains/" + suffix + ".globex.test")),
                    step("claim it again", api -> api.post("/organizations/globex/domains", "{\"name\": \"" + suffix + ".globex.test\"}")),
                    step("DELETE the domain", api -> api.delete("/organizations/globex/domains/" + suffix + ".globex.test")),
                    step("GET an unknown organization", api -> api.get("/organizations/nope/members")));
            List<String> results = new ArrayList<>();
            for (Step step : steps) {
                Result result = step.call().apply(door.getValue());
                String error = result.status() >= 400 ? " " + result.json().path("error").asText() : "";
                results.add(step.name() + ": " + result.status() + error);
            }
            answers.put(door.getKey(), results);
        }
        List<String> selfService = answers.get("self-service (owner)");
        List<String> administrator = answers.get("admin (realm administrator)");
        StringBuilder table = new StringBuilder("| step | self-service (owner) | admin (realm administrator) |\n|---|---|---|\n");
        for (int i = 0; i < selfService.size(); i++) {
            table.append("| ").append(selfService.get(i).replace(": ", " | ")).append(" | ")
                    .append(administrator.get(i).substring(administrator.get(i).indexOf(": ") + 2)).append(" |\n");
        }
        System.out.println(table);
        assertEquals(selfService, administrator, table.toString());
        assertEquals("GET an unknown organization: 404 not_found", selfService.get(selfService.size() - 1));
        assertEquals("GET an unknown organization: 404 not_found", administrator.get(administrator.size() - 1));
    }

    private static Step step(String name, Function<ApiClient, Result> call) {
        return new Step(name, call);
    }

    private static String roles(String... names) {
        return ApiClient.json(Map.of("roles", List.of(names)));
    }
}
