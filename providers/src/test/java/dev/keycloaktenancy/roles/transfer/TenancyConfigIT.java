package dev.keycloaktenancy.roles.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keycloaktenancy.testing.ApiClient;
import dev.keycloaktenancy.testing.ApiClient.Result;
import dev.keycloaktenancy.testing.AdminLookups;
import dev.keycloaktenancy.testing.PartnerIdentityProvider;
import dev.keycloaktenancy.testing.SampleUsers;
import dev.keycloaktenancy.testing.TenancyServerConfig;
import dev.keycloaktenancy.testing.TenancyServerTest;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.OrganizationDomainRepresentation;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.StreamSupport;

import static dev.keycloaktenancy.testing.ApiAssertions.assertError;
import static dev.keycloaktenancy.testing.ApiAssertions.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tenancy as code: {@code GET/PUT /admin/realms/{realm}/tenancy/config} on the sample realm saas-b2b and a fresh realm.
 */
@KeycloakIntegrationTest(config = TenancyServerConfig.class)
class TenancyConfigIT extends TenancyServerTest {

    private static final String FRESH = "tenancy-config-fresh";

    private ApiClient api;

    @BeforeEach
    void importRealms() {
        importRealms("saas-b2b", "tenant-university-a");
        api = adminApi("saas-b2b");
    }

    @Test
    void theConfigurationMovesToAFreshRealmAndReadsTheSame() {
        Result settings = api.put("/config", ApiClient.json(Map.of("settings",
                Map.of("claimDefaultForm", "Roles", "maxDomainsPerOrganization", 20,
                        "selfServeCreateOrganizations", true, "maxOrganizationsPerUser", 3,
                        "personalOrganization", false, "personalOrganizationName", "{firstName}'s team"),
                "webhooks", List.of(webhook("http://localhost:9/crm", List.of("organization.created"), true, SECRET)),
                "organizations", List.of(Map.of("alias", "acme", "webhooks", List.of(
                        webhook("http://localhost:9/acme", List.of("member.removed", "member.added"), false, SECRET)))))));
        assertEquals(200, settings.status(), settings::toString);
        JsonNode source = api.get("/config").json();
        assertEquals("roles", source.get("settings").get("claimDefaultForm").asText());
        assertTrue(source.get("settings").get("selfServeCreateOrganizations").asBoolean(), source::toString);
        assertEquals(3, source.get("settings").get("maxOrganizationsPerUser").asInt(), source::toString);
        Map<String, String> attributes = saas().toRepresentation().getAttributes();
        assertEquals("20", attributes.get("tenancy.domains.max-per-organization"),
                "settings are the realm attributes the pack reads");
        assertEquals("true", attributes.get("tenancy.self-service.create-organizations"));
        assertEquals("3", attributes.get("tenancy.limits.max-organizations-per-user"));
        assertEquals("false", attributes.get("tenancy.self-service.personal-organization"));
        assertEquals("{firstName}'s team", attributes.get("tenancy.self-service.personal-organization-name"));
        Result created = selfService("saas-b2b", "erin@example.test", "erin").post("/organizations",
                ApiClient.json(Map.of("name", "Erin's Shop")));
        assertEquals(201, created.status(), "the self-serve feature reads the setting: " + created);
        assertEquals(List.of("acme"), aliases(source), "organizations with roles of their own");
        assertFalse(source.get("organizations").get(0).has("members"), "members are data, not configuration");

        assertEquals(List.of("http://localhost:9/crm"), source.get("webhooks").findValuesAsText("url"));
        JsonNode acmeHook = source.get("organizations").get(0).get("webhooks").get(0);
        assertEquals(List.of("member.added", "member.removed"), names(acmeHook.get("events")), acmeHook::toString);
        assertFalse(acmeHook.get("enabled").asBoolean());
        assertFalse(source.toString().contains("whsec_"), "never a secret: " + source);

        ApiClient fresh = freshRealm(List.of("acme", "globex"));
        Result withoutSecrets = fresh.put("/config", source.toString());
        assertError(400, withoutSecrets);
        assertTrue(withoutSecrets.json().get("problems").toString().contains("webhooks[0].secret"), withoutSecrets::toString);
        ObjectNode withSecrets = source.deepCopy();
        ((ObjectNode) withSecrets.get("webhooks").get(0)).put("secret", SECRET);
        ((ObjectNode) withSecrets.get("organizations").get(0).get("webhooks").get(0)).put("secret", SECRET);
        Result ssrf = fresh.put("/config", withSecrets.toString());
        assertError(400, ssrf);
        assertTrue(ssrf.json().get("error_description").asText().contains("webhooks[0].url: The webhook URL is refused"),
                "the webhook API's SSRF guard, in a realm that does not allow private targets: " + ssrf);
        RealmRepresentation freshRealm = admin.realm(FRESH).toRepresentation();
        freshRealm.getAttributes().put("tenancy.webhooks.allow-private-targets", "true");
        admin.realm(FRESH).update(freshRealm);

        Result applied = fresh.put("/config", withSecrets.toString());
        assertEquals(200, applied.status(), applied::toString);
        assertTrue(applied.json().get("changed").asBoolean());
        assertFalse(applied.toString().contains("whsec_"), "the answer shows no secret: " + applied);
        assertEquals(1, fresh.get("/webhooks").json().size(), "the realm's webhook, as the webhook API lists it");

        JsonNode copy = fresh.get("/config").json();
        assertEquals(withoutRealm(source), withoutRealm(copy));

        for (JsonNode document : List.of(copy, withSecrets)) {
            Result again = fresh.put("/config", document.toString());
            assertEquals(200, again.status(), again::toString);
            assertFalse(again.json().get("changed").asBoolean(), "applying the same document again changes nothing,"
                    + " the secrets it gives included: " + again);
            assertEquals(0, again.json().get("changes").size(), again::toString);
        }
    }

    @Test
    void webhooksFollowTheDocumentAndTheDryRunPlanIsWhatApplyingDoes() {
        String otherSecret = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
        String created = fresh("/webhooks", Map.of("url", "http://localhost:9/old", "events", List.of("member.added")));
        String kept = fresh("/webhooks", Map.of("url", "http://localhost:9/kept", "events", List.of("member.added")));
        String document = ApiClient.json(Map.of("prune", true,
                "roleTemplate", api.get("/config").json().get("roleTemplate"),
                "webhooks", List.of(
                        webhook("http://localhost:9/kept", List.of("member.added", "member.removed"), true, otherSecret),
                        webhook("http://localhost:9/new", List.of("domain.verified"), true, SECRET)),
                "organizations", List.of(Map.of("alias", "globex", "webhooks", List.of(
                        webhook("http://localhost:9/globex", List.of("member.added"), true, SECRET))))));
        JsonNode before = api.get("/config").json();

        Result planned = api.put("/config?dryRun=true", document);
        assertEquals(200, planned.status(), planned::toString);
        assertEquals(List.of("delete webhook null http://localhost:9/old", "change webhook null http://localhost:9/kept",
                "change webhookSecret null http://localhost:9/kept", "create webhook null http://localhost:9/new",
                "create webhook globex http://localhost:9/globex"), summaries(planned.json()), planned::toString);
        assertFalse(planned.toString().contains("whsec_"), planned::toString);
        assertEquals(before, api.get("/config").json(), "a dry run changes nothing");

        Result applied = api.put("/config", document);
        assertEquals(200, applied.status(), applied::toString);
        assertEquals(planned.json().get("changes"), applied.json().get("changes"), "the plan is what applying did");
        assertEquals(404, api.get("/webhooks/" + created).status(), "pruned");
        JsonNode keptNow = api.get("/webhooks/" + kept).json();
        assertEquals(List.of("member.added", "member.removed"), names(keptNow.get("events")),
                "changed in place, through the webhook API's storage: " + keptNow);
        assertEquals(1, api.get("/organizations/globex/webhooks").json().size());
        Result again = api.put("/config", document);
        assertFalse(again.json().get("changed").asBoolean(), "the same secrets change nothing: " + again);

        JsonNode afterApply = api.get("/config").json();
        Map<String, String> bad = Map.of(
                "{\"webhooks\": [{\"url\": \"ftp://localhost/x\", \"events\": [\"member.added\"], \"secret\": \"" + SECRET + "\"}]}",
                "webhooks[0].url",
                "{\"webhooks\": [{\"url\": \"http://localhost:9/x\", \"events\": [\"member.joined\"], \"secret\": \"" + SECRET + "\"}]}",
                "webhooks[0].events",
                "{\"organizations\": [{\"alias\": \"globex\", \"webhooks\": [{\"url\": \"http://localhost:9/y\", \"events\": [\"member.added\"], \"secret\": \"short\"}]}]}",
                "organizations[0].webhooks[0].secret",
                "{\"webhooks\": [{\"url\": \"http://localhost:9/z\", \"events\": [\"member.added\"]}]}",
                "webhooks[0].secret",
                "{\"webhooks\": [{\"url\": \"http://localhost:9/z\", \"events\": [\"member.added\"], \"id\": \"x\"}]}",
                "webhooks[0].id");
        bad.forEach((json, path) -> {
            Result refused = api.put("/config?dryRun=true", json);
            assertError(400, refused, json);
            assertTrue(refused.json().get("error_description").asText().contains(path), path + ": " + refused);
        });
        assertEquals(afterApply, api.get("/config").json(), "refused documents change nothing");

        String viewerToken = adminWith("saas-b2b", "viewer@example.test", "view-realm",
                "view-organizations");
        JsonNode viewed = new ApiClient(urls.getBase() + "/admin/realms/saas-b2b/tenancy", () -> viewerToken)
                .get("/config").json();
        assertFalse(viewed.has("webhooks"), "webhooks only for who may manage them (view-realm may not): " + viewed);
    }

    @Test
    void theDryRunPlanIsWhatApplyingDoes() {
        String document = ApiClient.json(Map.of(
                "prune", true,
                "roleTemplate", List.of(
                        ownerRole(),
                        Map.of("name", "member", "permissions", List.of("reports:read"), "default", true),
                        Map.of("name", "viewer", "description", "Reads reports", "permissions", List.of("reports:read"))),
                "organizations", List.of(Map.of("alias", "acme", "roles", List.of(
                        Map.of("name", "support", "permissions", List.of("tickets:read"))))),
                "settings", Map.of("claimDefaultForm", "ids", "personalOrganizationName", "{name}'s space")));
        JsonNode before = api.get("/config").json();

        Result planned = api.put("/config?dryRun=true", document);
        assertEquals(200, planned.status(), planned::toString);
        assertTrue(planned.json().get("dryRun").asBoolean());
        assertEquals(List.of("delete organizationRole acme billing", "delete templateRole null admin",
                        "change templateRole null member", "create templateRole null viewer",
                        "create organizationRole acme support", "create setting null claimDefaultForm",
                        "delete setting null selfServeCreateOrganizations",
                        "create setting null personalOrganizationName"),
                summaries(planned.json()), planned::toString);
        assertEquals(before, api.get("/config").json(), "a dry run changes nothing");

        Result applied = api.put("/config", document);
        assertEquals(200, applied.status(), applied::toString);
        assertFalse(applied.json().get("dryRun").asBoolean());
        assertEquals(planned.json().get("changes"), applied.json().get("changes"), "the plan is what applying did");

        JsonNode after = api.get("/config").json();
        assertEquals(List.of("member", "owner", "viewer"), names(after.get("roleTemplate")));
        assertEquals(List.of("support"), names(after.get("organizations").get(0).get("roles")));
        assertEquals("ids", after.get("settings").get("claimDefaultForm").asText());
        assertFalse(after.get("settings").has("selfServeCreateOrganizations"),
                "the sample realm's switch, absent from a pruning document, is back to its default: " + after);
        assertTrue(saas().getAdminEvents().stream().anyMatch(e -> "TENANCY".equals(e.getResourceType())
                && "UPDATE".equals(e.getOperationType()) && e.getResourcePath().endsWith("tenancy/config")));

        Result noLongerPlanned = api.put("/config?dryRun=true", document);
        assertFalse(noLongerPlanned.json().get("changed").asBoolean(), noLongerPlanned::toString);
    }

    @Test
    void twoConcurrentAppliesQueueUpAndOneOfThemFindsNothingToDo() throws Exception {
        String document = ApiClient.json(Map.of(
                "roleTemplate", List.of(Map.of("name", "viewer", "permissions", List.of("reports:read"))),
                "organizations", List.of(Map.of("alias", "globex", "roles", List.of(
                        Map.of("name", "support", "permissions", List.of("tickets:read")))))));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Result>> applies = pool.invokeAll(List.of(() -> api.put("/config", document),
                    () -> api.put("/config", document)));
            List<Result> results = new ArrayList<>();
            for (Future<Result> apply : applies) {
                results.add(apply.get());
            }
            for (Result result : results) {
                assertEquals(200, result.status(), result::toString);
            }
            assertEquals(1, results.stream().filter(r -> r.json().get("changed").asBoolean()).count(),
                    "the second apply plans against what the first committed: " + results);
        } finally {
            pool.shutdownNow();
        }
        JsonNode after = api.get("/config").json();
        assertEquals(List.of("admin", "member", "owner", "viewer"), names(after.get("roleTemplate")));
        assertEquals(List.of("acme", "globex"), aliases(after));
        assertFalse(api.put("/config", document).json().get("changed").asBoolean());
    }

    @Test
    void withoutPruneNothingIsDeleted() {
        Result applied = api.put("/config", ApiClient.json(Map.of("roleTemplate", List.of(),
                "organizations", List.of(Map.of("alias", "acme", "roles", List.of())))));
        assertEquals(200, applied.status(), applied::toString);
        assertFalse(applied.json().get("changed").asBoolean(), applied::toString);
        assertEquals(List.of("admin", "member", "owner"), names(api.get("/config").json().get("roleTemplate")));
    }

    @Test
    void malformedDocumentsAre400WithThePathOfTheFieldAndChangeNothing() {
        JsonNode before = api.get("/config").json();
        Map<String, String> documents = Map.of(
                "{\"settings\": {\"maxDomainsPerOrganization\": \"ten\"}}", "settings.maxDomainsPerOrganization",
                "{\"organizations\": [{\"alias\": \"acme\", \"colour\": \"red\"}]}", "organizations[0].colour",
                "{\"roleTemplate\": [{\"name\": \"viewer\"}, null]}", "roleTemplate[1]",
                "{\"roleTemplate\": [{\"name\": \"viewer\"}, {\"name\": \"bad name\"}]}", "roleTemplate[1]",
                "{\"roleTemplate\": [{\"name\": \"viewer\"}, {\"name\": \"viewer\"}]}", "roleTemplate[1].name",
                "{\"roleTemplate\": [{\"name\": \"viewer\"}], \"organizations\": [{\"alias\": \"nope\"}]}",
                "organizations[0].alias",
                "{\"organizations\": [{\"alias\": \"globex\", \"members\": []}]}", "organizations[0].members",
                "{\"roleTemplate\": [{\"name\": \"viewer\"}], \"settings\": {\"claimDefaultForm\": \"compact\"}}",
                "settings.claimDefaultForm",
                "{\"roleTemplate\": [{\"name\": \"viewer\", \"permissions\": [\"org:everything\"]}]}",
                "roleTemplate[0]",
                "{\"settings\": {\"selfServeCreateOrganizations\": true, \"personalOrganizationName\": \"{company}\"}}",
                "settings.personalOrganizationName");
        documents.forEach((document, path) -> {
            for (String dryRun : List.of("", "?dryRun=true")) {
                Result refused = api.put("/config" + dryRun, document);
                assertError(400, refused, document);
                assertTrue(refused.json().get("error_description").asText().contains(path),
                        "the answer names " + path + ": " + refused);
            }
        });
        assertError(400, api.put("/config", "{not json"));
        assertError(400, api.put("/config", ""));
        assertEquals(before, api.get("/config").json(), "refused documents change nothing");
    }

    @Test
    void securityPoliciesAndTheRealmsSecuritySettingsAreInTheDocument() {
        String document = ApiClient.json(Map.of(
                "settings", Map.of("allowedMfaMethods", "OTP", "auditRetentionDays", 30),
                "organizations", List.of(Map.of("alias", "globex",
                        "security", Map.of("mfa", "required", "mfaMethods", List.of("otp"))))));
        JsonNode before = api.get("/config").json();
        JsonNode acme = before.get("organizations").get(0).get("security");
        assertTrue(acme.get("ssoRequired").asBoolean(), "acme requires SSO in the sample realm: " + before);
        assertEquals("off", acme.get("mfa").asText(), acme::toString);

        Result planned = api.put("/config?dryRun=true", document);
        assertEquals(200, planned.status(), planned::toString);
        assertEquals(List.of("create setting null allowedMfaMethods", "create setting null auditRetentionDays",
                "change organizationSecurity globex security"), summaries(planned.json()), planned::toString);
        assertEquals(before, api.get("/config").json(), "a dry run changes nothing");

        Result applied = api.put("/config", document);
        assertEquals(200, applied.status(), applied::toString);
        assertEquals(planned.json().get("changes"), applied.json().get("changes"));
        JsonNode after = api.get("/config").json();
        assertEquals("otp", after.get("settings").get("allowedMfaMethods").asText());
        assertEquals(30, after.get("settings").get("auditRetentionDays").asInt());
        assertEquals(List.of("acme", "globex"), aliases(after));
        JsonNode globex = after.get("organizations").get(1);
        assertFalse(globex.has("roles"), "globex has no roles of its own: " + globex);
        assertEquals("required", globex.get("security").get("mfa").asText());
        Map<String, String> attributes = saas().toRepresentation().getAttributes();
        assertEquals("otp", attributes.get("tenancy.security.allowed-mfa-methods"));
        assertEquals("30", attributes.get("tenancy.audit.retention-days"));
        JsonNode policy = api.get("/organizations/globex/security").json();
        assertEquals("required", policy.get("mfa").asText(), "the API reads what the document wrote: " + policy);
        assertEquals(List.of("otp"), names(policy.get("allowedMfaMethods")));

        Result again = api.put("/config", after.toString());
        assertEquals(200, again.status(), again::toString);
        assertFalse(again.json().get("changed").asBoolean(), "the document read back changes nothing: " + again);

        Result off = api.put("/config", ApiClient.json(Map.of("organizations", List.of(Map.of("alias", "globex",
                "security", Map.of("mfa", "off"))))));
        assertEquals(200, off.status(), off::toString);
        assertEquals("off", api.get("/organizations/globex/security").json().get("mfa").asText());
        assertEquals(List.of("otp"), names(api.get("/config").json().get("organizations").get(1).get("security")
                .get("mfaMethods")), "a field left out stays as it is");
    }

    @Test
    void securityValuesThePolicyApiRefusesAreRefusedInTheDocumentAndInTheTab() {
        JsonNode before = api.get("/config").json();
        Map<String, String> documents = Map.of(
                "{\"settings\": {\"allowedMfaMethods\": \"otp,sms\"}}", "settings.allowedMfaMethods",
                "{\"settings\": {\"auditRetentionDays\": 0}}", "settings.auditRetentionDays",
                "{\"organizations\": [{\"alias\": \"globex\", \"security\": {\"mfa\": \"sometimes\"}}]}",
                "organizations[0].security.mfa",
                "{\"organizations\": [{\"alias\": \"globex\", \"security\": {\"mfaMethods\": [\"sms\"]}}]}",
                "organizations[0].security.mfaMethods",
                "{\"settings\": {\"allowedMfaMethods\": \"otp\"}, \"organizations\": [{\"alias\": \"globex\","
                        + " \"security\": {\"mfaMethods\": [\"webauthn\"]}}]}", "organizations[0].security.mfaMethods",
                "{\"settings\": {\"allowedMfaMethods\": \"none\"}, \"organizations\": [{\"alias\": \"globex\","
                        + " \"security\": {\"mfa\": \"required\"}}]}", "organizations[0].security.mfa",
                "{\"organizations\": [{\"alias\": \"globex\", \"security\": {\"ssoRequired\": true}}]}",
                "organizations[0].security.ssoRequired",
                "{\"organizations\": [{\"alias\": \"globex\", \"security\": {\"strict\": true}}]}",
                "organizations[0].security.strict");
        documents.forEach((document, path) -> {
            for (String dryRun : List.of("", "?dryRun=true")) {
                Result refused = api.put("/config" + dryRun, document);
                assertError(400, refused, document);
                assertTrue(refused.json().get("error_description").asText().contains(path),
                        "the answer names " + path + ": " + refused);
            }
        });
        assertEquals(before, api.get("/config").json(), "refused documents change nothing");

        ComponentRepresentation tab = new ComponentRepresentation();
        tab.setName("Tenancy");
        tab.setProviderId("Tenancy");
        tab.setProviderType("org.keycloak.services.ui.extend.UiTabProvider");
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        config.putSingle("allowedMfaMethods", "sms");
        tab.setConfig(config);
        try (Response refused = saas().components().add(tab)) {
            assertEquals(400, refused.getStatus());
            String body = refused.readEntity(String.class);
            assertTrue(body.contains("allowedMfaMethods: ''sms'' is not a second-factor method")
                    || body.contains("allowedMfaMethods: 'sms' is not a second-factor method"), body);
        }
        config.putSingle("allowedMfaMethods", "webauthn");
        config.putSingle("auditRetentionDays", "400");
        try (Response saved = saas().components().add(tab)) {
            assertEquals(201, saved.getStatus(), () -> saved.readEntity(String.class));
        }
        JsonNode settings = api.get("/config").json().get("settings");
        assertEquals("webauthn", settings.get("allowedMfaMethods").asText(), settings::toString);
        assertEquals(400, settings.get("auditRetentionDays").asInt(), settings::toString);
    }

    @Test
    void callersWithoutRealmRightsAreRefused() {
        String document = ApiClient.json(Map.of("roleTemplate", List.of(Map.of("name", "viewer"))));
        ApiClient anonymous = new ApiClient(urls.getBase() + "/admin/realms/saas-b2b/tenancy", null);
        assertEquals(401, anonymous.get("/config").status());
        assertEquals(401, anonymous.put("/config", document).status());

        String daveToken = ApiClient.passwordGrant(urls.getBase(), "saas-b2b", "dave@globex.test", "dave");
        ApiClient plainUser = new ApiClient(urls.getBase() + "/admin/realms/saas-b2b/tenancy", () -> daveToken);
        assertEquals(403, plainUser.get("/config").status());
        assertEquals(403, plainUser.put("/config", document).status());
        assertEquals(403, plainUser.put("/config?dryRun=true", document).status());

        String organizationsAdmin = adminWith("saas-b2b", "orgs-admin@example.test", "manage-organizations");
        ApiClient delegated = new ApiClient(urls.getBase() + "/admin/realms/saas-b2b/tenancy", () -> organizationsAdmin);
        assertEquals(403, delegated.put("/config", document).status(), "applying needs manage-realm");

        String otherRealmAdmin = adminWith("tenant-university-a", "realm-admin@example.test", "realm-admin");
        ApiClient foreignAdmin = new ApiClient(urls.getBase() + "/admin/realms/saas-b2b/tenancy", () -> otherRealmAdmin);
        for (Result refused : List.of(foreignAdmin.get("/config"), foreignAdmin.put("/config", document),
                foreignAdmin.put("/config?dryRun=true", document))) {
            assertTrue(refused.status() == 401 || refused.status() == 403,
                    "an admin of another realm is refused, got " + refused);
        }
        assertEquals(List.of("admin", "member", "owner"), names(api.get("/config").json().get("roleTemplate")),
                "nothing changed");
    }

    private static final String SECRET = "whsec_" + java.util.Base64.getEncoder().encodeToString(
            "a secret of thirty-two bytes ...".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

    private static Map<String, Object> webhook(String url, List<String> events, boolean enabled, String secret) {
        return Map.of("url", url, "events", events, "enabled", enabled, "secret", secret);
    }

    /** Creates a realm webhook through the webhook API; its id. */
    private String fresh(String path, Map<String, Object> body) {
        Result created = api.post(path, ApiClient.json(body));
        assertEquals(201, created.status(), created::toString);
        return created.json().get("id").asText();
    }

    private ApiClient freshRealm(List<String> aliases) {
        removeAfterTest(FRESH);
        RealmRepresentation representation = new RealmRepresentation();
        representation.setRealm(FRESH);
        representation.setEnabled(true);
        representation.setOrganizationsEnabled(true);
        admin.realms().create(representation);
        // acme requires SSO in the sample realm, which needs an identity provider where the document goes too
        IdentityProviderRepresentation idp = PartnerIdentityProvider.copyOfAcmeProvider(saas(), "acme-idp");
        try (Response created = admin.realm(FRESH).identityProviders().create(idp)) {
            assertEquals(201, created.getStatus());
        }
        for (String alias : aliases) {
            OrganizationRepresentation organization = new OrganizationRepresentation();
            organization.setName(alias);
            organization.setAlias(alias);
            organization.addDomain(new OrganizationDomainRepresentation(alias + ".config-fresh.test"));
            try (Response created = admin.realm(FRESH).organizations().create(organization)) {
                assertEquals(201, created.getStatus());
            }
            if (alias.equals("acme")) {
                try (Response linked = AdminLookups.organizationResource(admin.realm(FRESH), alias).identityProviders()
                        .addIdentityProvider("acme-idp")) {
                    assertEquals(204, linked.getStatus());
                }
            }
        }
        ApiClient fresh = adminApi(FRESH);
        Result enabled = fresh.post("/enable", "");
        assertEquals(200, enabled.status(), enabled::toString);
        return fresh;
    }

    /** The owner template role as the realm has it. */
    private Map<?, ?> ownerRole() {
        for (JsonNode role : api.get("/config").json().get("roleTemplate")) {
            if (role.get("name").asText().equals("owner")) {
                return new ObjectMapper().convertValue(role, Map.class);
            }
        }
        throw new AssertionError("no owner template role");
    }

    private String adminWith(String realmName, String username, String... roles) {
        RealmResource realm = admin.realm(realmName);
        String id = SampleUsers.create(realm, username, "secret");
        String managementClient = realm.clients().findByClientId("realm-management").get(0).getId();
        realm.users().get(id).roles().clientLevel(managementClient).add(java.util.Arrays.stream(roles)
                .map(role -> realm.clients().get(managementClient).roles().get(role).toRepresentation()).toList());
        return ApiClient.passwordGrant(urls.getBase(), realmName, username, "secret");
    }

    private static JsonNode withoutRealm(JsonNode document) {
        ObjectNode copy = document.deepCopy();
        copy.remove("realm");
        return copy;
    }

    private static List<String> aliases(JsonNode document) {
        return document.get("organizations").findValuesAsText("alias");
    }

    private static List<String> summaries(JsonNode applied) {
        return StreamSupport.stream(applied.get("changes").spliterator(), false)
                .map(c -> c.get("action").asText() + " " + c.get("kind").asText() + " "
                        + (c.has("organization") ? c.get("organization").asText() : "null") + " " + c.get("name").asText())
                .toList();
    }
}
