package dev.keycloaktenancy.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keycloaktenancy.testing.AdminLookups;
import dev.keycloaktenancy.testing.ApiClient;
import dev.keycloaktenancy.testing.ApiClient.Result;
import dev.keycloaktenancy.testing.SampleUsers;
import dev.keycloaktenancy.testing.TenancyServerConfig;
import dev.keycloaktenancy.testing.TenancyServerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static dev.keycloaktenancy.testing.ApiAssertions.assertError;
import static dev.keycloaktenancy.testing.ApiAssertions.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The organization's security policy ({@code …/organizations/{org}/security}) on both doors: who may read and change
 * it, how it is checked (the PUT rule, the fields' values, the realm's cap) and where it is stored (organization
 * attributes; {@code ssoRequired} is the sign-in settings' own value).
 */
@KeycloakIntegrationTest(config = TenancyServerConfig.class)
class SecurityPolicyIT extends TenancyServerTest {

    private static final String PUT_BODY = "{\"mfa\": \"off\", \"mfaMethods\": [\"otp\"], \"ssoRequired\": false}";
    private static final String PATCH_BODY = "{\"mfaMethods\": [\"otp\", \"webauthn\"]}";

    @BeforeEach
    void importRealms() {
        importRealms("saas-b2b", "tenant-university-a");
    }

    @Test
    void authorizationMatrixOnBothDoors() {
        String gina = SampleUsers.createMember(saas(), "globex", "gina@globex.test", "gina");
        assertEquals(200, adminApi("saas-b2b").put("/organizations/globex/members/" + gina + "/roles",
                roles("admin")).status());
        String oscar = SampleUsers.createMember(saas(), "acme", "oscar@example.test", "oscar");
        assertEquals(200, adminApi("saas-b2b").put("/organizations/acme/members/" + oscar + "/roles",
                roles("admin")).status());

        Map<String, ApiClient> selfService = new LinkedHashMap<>();
        selfService.put("owner", selfService("saas-b2b", "carol@globex.test", "carol"));
        selfService.put("admin", selfService("saas-b2b", "gina@globex.test", "gina"));
        selfService.put("member", selfService("saas-b2b", "dave@globex.test", "dave"));
        selfService.put("other organization's admin", selfService("saas-b2b", "oscar@example.test", "oscar"));
        String otherRealm = ApiClient.passwordGrant(urls.getBase(), "tenant-university-a", "sam@example.test", "sam-a");
        selfService.put("other realm", new ApiClient(selfServiceBase(), () -> otherRealm));
        selfService.put("anonymous", new ApiClient(selfServiceBase(), null));

        Map<String, ApiClient> adminDoor = new LinkedHashMap<>();
        adminDoor.put("realm administrator", adminApi("saas-b2b"));
        adminDoor.put("viewer (view-organizations)", managementUser("saas-b2b", "viewer@example.test", "view-organizations"));
        String plainUser = ApiClient.passwordGrant(urls.getBase(), "saas-b2b", "dave@globex.test", "dave");
        adminDoor.put("member, no admin role", new ApiClient(adminBase(), () -> plainUser));
        adminDoor.put("other realm's administrator", realmAdminCallingSaas("tenant-university-a"));
        adminDoor.put("anonymous", new ApiClient(adminBase(), null));

        Map<String, List<Integer>> expected = new LinkedHashMap<>();
        expected.put("self-service owner", List.of(200, 200, 200));
        expected.put("self-service admin", List.of(200, 200, 200));
        expected.put("self-service member", List.of(403, 403, 403));
        expected.put("self-service other organization's admin", List.of(404, 404, 404));
        expected.put("self-service other realm", List.of(401, 401, 401));
        expected.put("self-service anonymous", List.of(401, 401, 401));
        expected.put("admin realm administrator", List.of(200, 200, 200));
        expected.put("admin viewer (view-organizations)", List.of(200, 403, 403));
        expected.put("admin member, no admin role", List.of(403, 403, 403));
        expected.put("admin other realm's administrator", List.of(403, 403, 403));
        expected.put("admin anonymous", List.of(401, 401, 401));

        Map<String, List<Integer>> actual = new LinkedHashMap<>();
        selfService.forEach((name, api) -> actual.put("self-service " + name, statuses(api)));
        adminDoor.forEach((name, api) -> actual.put("admin " + name, statuses(api)));
        StringBuilder table = new StringBuilder("| caller | GET | PUT | PATCH |\n|---|---|---|---|\n");
        actual.forEach((name, statuses) -> table.append("| ").append(name).append(" | ")
                .append(statuses.get(0)).append(" | ").append(statuses.get(1)).append(" | ").append(statuses.get(2))
                .append(" |\n"));
        System.out.println(table);
        assertEquals(expected, actual, table.toString());

        assertTrue(saas().getAdminEvents().stream().anyMatch(e -> "TENANCY_SECURITY".equals(e.getResourceType())),
                "a change of the policy is an admin event");
    }

    @Test
    void thePolicyIsCheckedAndStoredWhereTheRestOfThePackReadsIt() {
        ApiClient owner = selfService("saas-b2b", "carol@globex.test", "carol");
        JsonNode initial = owner.get("/organizations/globex/security").json();
        assertEquals("off", initial.get("mfa").asText());
        assertEquals(List.of("otp", "webauthn"), texts(initial.get("mfaMethods")), "none stored: every allowed one");
        assertFalse(initial.get("ssoRequired").asBoolean());
        assertEquals(List.of("otp", "webauthn"), texts(initial.get("allowedMfaMethods")));

        String path = "/organizations/globex/security";
        Result missing = owner.put(path, "{\"mfa\": \"required\", \"mfaMethods\": [\"otp\"]}");
        assertError(400, missing);
        assertEquals("missing_field", missing.json().get("error").asText());
        assertError(400, owner.put(path, "{\"mfa\": \"on\", \"mfaMethods\": [\"otp\"], \"ssoRequired\": false}"));
        assertError(400, owner.put(path, "{\"mfa\": \"required\", \"mfaMethods\": [\"sms\"], \"ssoRequired\": false}"));
        assertError(400, owner.put(path, "{\"mfa\": \"required\", \"mfaMethods\": [], \"ssoRequired\": false}"));
        assertError(400, owner.put(path, "{\"mfa\": \"required\", \"mfaMethods\": \"otp\", \"ssoRequired\": false}"));
        assertError(400, owner.patch(path, "{\"allowedMfaMethods\": [\"otp\"]}"));
        assertEquals("off", owner.get(path).json().get("mfa").asText(), "nothing refused was stored");

        Result stored = owner.put(path, "{\"mfa\": \"required\", \"mfaMethods\": [\"otp\"], \"ssoRequired\": false}");
        assertEquals(200, stored.status(), stored::toString);
        assertEquals("required", stored.json().get("mfa").asText());
        assertEquals(List.of("otp"), texts(stored.json().get("mfaMethods")));
        Map<String, List<String>> attributes = AdminLookups.organizationResource(saas(), "globex").toRepresentation().getAttributes();
        assertEquals(List.of("required"), attributes.get("tenancy.security.mfa"));
        assertEquals(List.of("otp"), attributes.get("tenancy.security.mfa-methods"));
        assertEquals("required", adminApi("saas-b2b").get(path).json().get("mfa").asText(),
                "the realm administrator sees the policy");

        // The realm caps the methods: a method it does not allow is refused, and no longer counts where stored.
        RealmRepresentation realm = saas().toRepresentation();
        realm.setAttributes(new HashMap<>(realm.getAttributes()));
        realm.getAttributes().put("tenancy.security.allowed-mfa-methods", "webauthn");
        saas().update(realm);
        Result capped = owner.patch(path, "{\"mfaMethods\": [\"otp\"]}");
        assertError(400, capped);
        assertEquals("method_not_allowed", capped.json().get("error").asText());
        JsonNode underCap = owner.get(path).json();
        assertEquals(List.of("webauthn"), texts(underCap.get("allowedMfaMethods")));
        assertEquals(List.of("webauthn"), texts(underCap.get("mfaMethods")), "the stored method gives way to the cap");
        realm.getAttributes().put("tenancy.security.allowed-mfa-methods", "none");
        saas().update(realm);
        assertEquals("method_not_allowed", owner.patch(path, "{\"mfa\": \"required\"}").json().get("error").asText());
        assertEquals(200, owner.patch(path, "{\"mfa\": \"off\"}").status(), "turning MFA off is always allowed");

        // ssoRequired is the sign-in settings' value: one source of truth, with its rules and permission.
        Result noIdp = owner.patch(path, "{\"ssoRequired\": true}");
        assertError(409, noIdp);
        assertEquals("no_identity_provider", noIdp.json().get("error").asText());
        assertEquals(201, owner.post("/organizations/globex/roles", ApiClient.json(Map.of("name", "security-officer",
                "permissions", List.of("org:security:manage")))).status());
        String ivan = SampleUsers.createMember(saas(), "globex", "ivan@globex.test", "ivan");
        assertEquals(200, owner.put("/organizations/globex/members/" + ivan + "/roles", roles("security-officer"))
                .status());
        ApiClient officer = selfService("saas-b2b", "ivan@globex.test", "ivan");
        OrganizationRepresentation globex = AdminLookups.organizationResource(saas(), "globex").toRepresentation();
        Map<String, List<String>> globexAttributes = new HashMap<>(
                globex.getAttributes() == null ? Map.of() : globex.getAttributes());
        globexAttributes.put("tenancy.sso.required", List.of("true"));
        globex.setAttributes(globexAttributes);
        AdminLookups.organizationResource(saas(), "globex").update(globex).close();
        assertTrue(owner.get(path).json().get("ssoRequired").asBoolean());
        assertTrue(owner.get("/organizations/globex/sign-in").json().get("ssoRequired").asBoolean());
        assertEquals(200, officer.patch(path, "{\"mfa\": \"off\", \"ssoRequired\": true}").status(),
                "an unchanged ssoRequired needs no more than org:security:manage");
        assertError(403, officer.patch(path, "{\"ssoRequired\": false}"), "turning SSO off needs org:sso:manage");
        assertError(403, officer.get("/organizations/globex/sign-in"));
        assertEquals(200, owner.patch(path, "{\"ssoRequired\": false}").status());
        assertFalse(owner.get("/organizations/globex/sign-in").json().get("ssoRequired").asBoolean());
        assertEquals(List.of(), AdminLookups.organizationResource(saas(), "globex").toRepresentation().getAttributes()
                .getOrDefault("tenancy.sso.required", List.of()));
    }

    private List<Integer> statuses(ApiClient api) {
        List<Integer> statuses = new ArrayList<>();
        List<Function<ApiClient, Result>> calls = List.of(
                a -> a.get("/organizations/globex/security"),
                a -> a.put("/organizations/globex/security", PUT_BODY),
                a -> a.patch("/organizations/globex/security", PATCH_BODY));
        for (Function<ApiClient, Result> call : calls) {
            Result result = call.apply(api);
            if (result.status() >= 400 && result.body() != null && !result.body().isEmpty()) {
                assertTrue(result.json().hasNonNull("error"), result::toString);
            }
            statuses.add(result.status());
        }
        return statuses;
    }

    private String selfServiceBase() {
        return urls.getBase() + "/realms/saas-b2b/tenancy";
    }

    private String adminBase() {
        return urls.getBase() + "/admin/realms/saas-b2b/tenancy";
    }

    /** A user of the realm holding one of realm-management's roles, calling the admin API with admin-cli's token. */
    private ApiClient managementUser(String realmName, String email, String role) {
        RealmResource realm = admin.realm(realmName);
        String password = email.substring(0, email.indexOf('@'));
        String id = SampleUsers.create(realm, email, password);
        String management = realm.clients().findByClientId("realm-management").get(0).getId();
        realm.users().get(id).roles().clientLevel(management)
                .add(List.of(realm.clients().get(management).roles().get(role).toRepresentation()));
        String token = ApiClient.passwordGrant(urls.getBase(), realmName, email, password);
        return new ApiClient(adminBase(), () -> token);
    }

    /** The realm administrator of another realm, calling this realm's admin API. */
    private ApiClient realmAdminCallingSaas(String otherRealm) {
        RealmResource realm = admin.realm(otherRealm);
        String id = SampleUsers.create(realm, "realm-admin@example.test", "realm-admin");
        String management = realm.clients().findByClientId("realm-management").get(0).getId();
        realm.users().get(id).roles().clientLevel(management)
                .add(List.of(realm.clients().get(management).roles().get("realm-admin").toRepresentation()));
        String token = ApiClient.passwordGrant(urls.getBase(), otherRealm, "realm-admin@example.test", "realm-admin");
        return new ApiClient(adminBase(), () -> token);
    }

    private static String roles(String... names) {
        return ApiClient.json(Map.of("roles", List.of(names)));
    }
}
