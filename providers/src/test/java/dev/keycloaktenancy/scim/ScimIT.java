package dev.keycloaktenancy.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.jakarta.rs.json.JacksonJsonProvider;
import com.unboundid.scim2.client.ScimService;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.messages.ListResponse;
import com.unboundid.scim2.common.types.Email;
import com.unboundid.scim2.common.types.GroupResource;
import com.unboundid.scim2.common.types.Member;
import com.unboundid.scim2.common.types.Name;
import com.unboundid.scim2.common.types.ResourceTypeResource;
import com.unboundid.scim2.common.types.ServiceProviderConfigResource;
import com.unboundid.scim2.common.types.UserResource;
import com.unboundid.scim2.common.utils.JsonUtils;
import dev.keycloaktenancy.testing.AdminLookups;
import dev.keycloaktenancy.testing.ApiClient;
import dev.keycloaktenancy.testing.ApiClient.Result;
import dev.keycloaktenancy.testing.SampleUsers;
import dev.keycloaktenancy.testing.TenancyServerConfig;
import dev.keycloaktenancy.testing.TenancyServerTest;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.ClientRequestFilter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SCIM 2.0 per organization against the real server: the token API on both doors, a third-party SCIM client (the
 * UnboundID SDK's) through every operation the service provider config advertises, the provisioning sequences that
 * Microsoft Entra ID and Okta document (test data under {@code scim/}, sources named there), each answer checked
 * against RFC 7643/7644, and everyone who must be refused: another organization's token, another realm, a revoked
 * token, no token, guessing.
 */
@KeycloakIntegrationTest(config = TenancyServerConfig.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScimIT extends TenancyServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    private static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
    private static final String PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    private static final String ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

    @BeforeEach
    void importRealms() {
        importRealms("saas-b2b", "tenant-university-a");
    }

    private String scimBase(String realm, String org) {
        return urls.getBase() + "/realms/" + realm + "/tenancy/scim/v2/" + org;
    }

    /** A new token of the organization, created by the realm administrator through the admin door. */
    private String token(String org) {
        Result created = adminApi("saas-b2b").post("/organizations/" + org + "/scim-tokens", "{\"name\":\"test\"}");
        assertEquals(201, created.status(), created::toString);
        return created.json().get("token").asText();
    }

    private ApiClient scim(String realm, String org, String token) {
        return new ApiClient(scimBase(realm, org), token == null ? null : () -> token);
    }

    @Test
    @Order(1)
    void tokensAreShownOnceStoredHashedListedWithLastUseAndRevocable() {
        ApiClient carol = selfService("saas-b2b", "carol@globex.test", "carol");
        Result created = carol.post("/organizations/globex/scim-tokens", "{\"name\":\"Entra ID\"}");
        assertEquals(201, created.status(), created::toString);
        String secret = created.json().get("token").asText();
        assertTrue(secret.startsWith("tscim_") && secret.length() > 40, created::toString);
        assertEquals(scimBase("saas-b2b", "globex"), created.json().get("baseUrl").asText());
        assertNotNull(created.header("Location"));
        String id = created.json().get("id").asText();

        JsonNode listed = carol.get("/organizations/globex/scim-tokens").json();
        assertEquals(1, listed.size(), listed::toString);
        assertFalse(listed.toString().contains(secret.substring(6)), "a list never shows the secret");
        assertEquals(0, listed.get(0).path("lastUsedTimestamp").asLong(), "not used yet: " + listed);

        assertEquals(200, scim("saas-b2b", "globex", secret).get("/Users").status());
        JsonNode used = carol.get("/organizations/globex/scim-tokens").json();
        assertTrue(used.get(0).path("lastUsedTimestamp").asLong() > 0, used::toString);
        assertTrue(saas().getAdminEvents().stream().anyMatch(e -> "TENANCY_SCIM_TOKEN".equals(e.getResourceType())),
                "creating a token is an admin event");
        JsonNode audited = carol.get("/organizations/globex/audit?action=scim_token.created").json();
        assertEquals(1, audited.size(), audited::toString);

        // a plain member, another organization's admin and anonymous callers are refused
        ApiClient dave = selfService("saas-b2b", "dave@globex.test", "dave");
        assertEquals(403, dave.get("/organizations/globex/scim-tokens").status());
        assertEquals(403, dave.post("/organizations/globex/scim-tokens", "{}").status());
        String oscar = SampleUsers.createMember(saas(), "acme", "oscar@example.test", "oscar-pw");
        assertEquals(200, adminApi("saas-b2b").put("/organizations/acme/members/" + oscar + "/roles",
                ApiClient.json(Map.of("roles", List.of("admin")))).status());
        ApiClient acmeAdmin = selfService("saas-b2b", "oscar@example.test", "oscar-pw");
        // another organization answers like one that does not exist
        assertEquals(404, acmeAdmin.get("/organizations/globex/scim-tokens").status());
        assertEquals(404, acmeAdmin.delete("/organizations/globex/scim-tokens/" + id).status());
        assertEquals(404, acmeAdmin.delete("/organizations/acme/scim-tokens/" + id).status(),
                "another organization's token id is not found");
        assertEquals(401, new ApiClient(urls.getBase() + "/realms/saas-b2b/tenancy", null)
                .get("/organizations/globex/scim-tokens").status());

        assertEquals(204, carol.delete("/organizations/globex/scim-tokens/" + id).status());
        Result revoked = scim("saas-b2b", "globex", secret).get("/Users");
        assertScimError(401, revoked);
        assertEquals("Bearer", revoked.header("WWW-Authenticate"));
        assertEquals(0, carol.get("/organizations/globex/scim-tokens").json().size());
    }

    @Test
    @Order(2)
    void aThirdPartyClientRunsEveryAdvertisedOperation() throws ScimException {
        String token = token("globex");
        Client client = ClientBuilder.newClient().register(new JacksonJsonProvider(JsonUtils.createObjectMapper()))
                .register((ClientRequestFilter) request ->
                        request.getHeaders().putSingle("Authorization", "Bearer " + token));
        try {
            ScimService service = new ScimService(client.target(scimBase("saas-b2b", "globex")));
            ServiceProviderConfigResource config = service.getServiceProviderConfig();
            assertTrue(config.getPatch().isSupported());
            assertTrue(config.getFilter().isSupported());
            assertFalse(config.getBulk().isSupported());
            assertFalse(config.getEtag().isSupported(), "no ETags are advertised, so none are sent");
            ListResponse<ResourceTypeResource> types = service.getResourceTypes();
            assertEquals(2, types.getTotalResults());
            assertEquals(List.of("/Users", "/Groups"), types.getResources().stream()
                    .map(type -> type.getEndpoint().toString()).toList());
            assertEquals(USER_SCHEMA, service.getSchema(USER_SCHEMA).getId());
            assertEquals(GROUP_SCHEMA, service.getSchema(GROUP_SCHEMA).getId());
            assertEquals(2, service.getSchemas().getTotalResults());

            UserResource user = new UserResource().setUserName("ann@globex.test")
                    .setName(new Name().setGivenName("Ann").setFamilyName("Lee"))
                    .setEmails(List.of(new Email().setValue("ann@globex.test").setType("work").setPrimary(true)))
                    .setActive(true);
            user.setExternalId("dir-ann");
            UserResource created = service.create("Users", user);
            assertNotNull(created.getId());
            assertEquals("Ann", created.getName().getGivenName());
            assertEquals("User", created.getMeta().getResourceType());

            assertEquals("ann@globex.test", service.retrieve("Users", created.getId(), UserResource.class)
                    .getUserName());
            ListResponse<UserResource> found = service.searchRequest("Users")
                    .filter("externalId eq \"dir-ann\"").invoke(UserResource.class);
            assertEquals(1, found.getTotalResults());
            ListResponse<UserResource> paged = service.searchRequest("Users").page(1, 1)
                    .invoke(UserResource.class);
            assertEquals(1, paged.getItemsPerPage());
            assertTrue(paged.getTotalResults() >= 3, "carol, dave and ann");
            assertEquals(1, service.searchRequest("Users")
                    .filter("name.givenName sw \"An\" and emails.value co \"@globex\"").invoke(UserResource.class)
                    .getTotalResults());

            created.setName(new Name().setGivenName("Anne").setFamilyName("Lee"));
            assertEquals("Anne", service.replace(created).getName().getGivenName());

            UserResource suspended = service.modifyRequest("Users", created.getId()).replaceValue("active", false)
                    .invoke(UserResource.class);
            assertFalse(suspended.getActive());
            assertFalse(saas().users().get(created.getId()).toRepresentation().isEnabled(),
                    "active=false suspends the account");

            service.delete("Users", created.getId());
            assertTrue(saas().users().search("ann@globex.test", true).isEmpty(), "DELETE removes the account");
            ScimException gone = assertThrows(ScimException.class,
                    () -> service.retrieve("Users", created.getId(), UserResource.class));
            assertEquals(404, gone.getScimError().getStatus());
        } finally {
            client.close();
        }
        JsonNode audited = selfService("saas-b2b", "carol@globex.test", "carol")
                .get("/organizations/globex/audit?action=scim.user.").json();
        assertTrue(audited.size() >= 4, audited::toString);
        assertEquals("scim", audited.get(0).path("actor").path("type").asText(audited.get(0).toString()),
                audited::toString);
        assertTrue(saas().getAdminEvents().stream().anyMatch(e -> "TENANCY_SCIM_USER".equals(e.getResourceType())),
                "SCIM changes are admin events");
    }

    @Test
    @Order(3)
    void entraIdProvisioningSequence() throws Exception {
        replay("entra-id-provisioning.json");
        replay("entra-id-groups.json");
    }

    @Test
    @Order(4)
    void oktaProvisioningSequence() throws Exception {
        replay("okta-provisioning.json");
        replay("okta-groups.json");
    }

    @Test
    @Order(5)
    void accountsStayWithinTheOrganizationsDomainsAndOwnership() {
        ApiClient globex = scim("saas-b2b", "globex", token("globex"));
        Result outside = globex.post("/Users", user("eve@example.test", "eve@example.test"));
        assertScimError(400, outside);
        assertEquals("invalidValue", outside.json().get("scimType").asText());
        assertScimError(400, globex.post("/Users", user("someone", "eve@example.test")));

        // an account at globex.test whose address nobody verified is not globex's: 409 uniqueness
        UserRepresentation unverified = new UserRepresentation();
        unverified.setUsername("frank@globex.test");
        unverified.setEmail("frank@globex.test");
        unverified.setEmailVerified(false);
        unverified.setEnabled(true);
        saas().users().create(unverified).close();
        Result taken = globex.post("/Users", user("frank@globex.test", "frank@globex.test"));
        assertScimError(409, taken);
        assertEquals("uniqueness", taken.json().get("scimType").asText());
        assertFalse(taken.json().get("detail").asText().contains("own"), "one answer whether owned or not: " + taken);

        // an account with a verified address at its verified domain is globex's: linked, and made a member
        String gina = SampleUsers.create(saas(), "gina@globex.test", "gina-pw");
        Result linked = globex.post("/Users", user("gina@globex.test", "gina@globex.test"));
        assertEquals(201, linked.status(), linked::toString);
        assertEquals(gina, linked.json().get("id").asText());
        assertEquals(200, globex.get("/Users/" + gina).status());

        // carol is a member of acme with an address at globex.test: acme's directory cannot change or delete her
        ApiClient acme = scim("saas-b2b", "acme", token("acme"));
        String carol = SampleUsers.id(saas(), "carol@globex.test");
        assertEquals(200, acme.get("/Users/" + carol).status(), "a member is listed");
        assertScimError(403, acme.patch("/Users/" + carol, patchActive(false)));
        assertScimError(403, acme.delete("/Users/" + carol));
        assertTrue(saas().users().get(carol).toRepresentation().isEnabled());

        // limits apply: the organization's member limit refuses as a SCIM error, and nothing is created
        OrganizationRepresentation limited = AdminLookups.organizationResource(saas(), "globex").toRepresentation();
        Map<String, List<String>> attributes = new HashMap<>(limited.getAttributes() == null ? Map.of()
                : limited.getAttributes());
        attributes.put("tenancy.limits.max-members", List.of(String.valueOf(
                AdminLookups.organizationResource(saas(), "globex").members().count())));
        limited.setAttributes(attributes);
        AdminLookups.organizationResource(saas(), "globex").update(limited).close();
        Result full = globex.post("/Users", user("hal@globex.test", "hal@globex.test"));
        assertScimError(409, full);
        assertTrue(full.json().get("detail").asText().contains("limit"), full::toString);
        assertTrue(saas().users().search("hal@globex.test", true).isEmpty(), "the refused creation left nothing");

        Result huge = globex.post("/Users", "{\"userName\":\"" + "x".repeat(300 * 1024) + "\"}");
        assertScimError(413, huge);
        assertScimError(400, globex.post("/Users", "{not json"));
        Result badFilter = globex.get("/Users?filter=userName+eq");
        assertScimError(400, badFilter);
        assertEquals("invalidFilter", badFilter.json().get("scimType").asText());
    }

    @Test
    @Order(6)
    void aTokenActsOnItsOwnOrganizationOnly() {
        String acmeToken = token("acme");
        String globexToken = token("globex");
        String dave = SampleUsers.id(saas(), "dave@globex.test");
        ApiClient acmeOnGlobex = scim("saas-b2b", "globex", acmeToken);
        assertScimError(401, acmeOnGlobex.get("/Users"));
        assertScimError(401, acmeOnGlobex.get("/Users/" + dave));
        assertScimError(401, acmeOnGlobex.put("/Users/" + dave, user("dave@globex.test", "dave@globex.test")));
        assertScimError(401, acmeOnGlobex.patch("/Users/" + dave, patchActive(false)));
        assertScimError(401, acmeOnGlobex.delete("/Users/" + dave));
        assertScimError(401, acmeOnGlobex.post("/Users", user("zed@globex.test", "zed@globex.test")));
        ApiClient acme = scim("saas-b2b", "acme", acmeToken);
        assertScimError(404, acme.get("/Users/" + dave), "dave is not acme's member");
        assertScimError(404, acme.patch("/Users/" + dave, patchActive(false)));
        assertScimError(404, acme.delete("/Users/" + dave));
        JsonNode acmeUsers = acme.get("/Users?filter=userName+eq+%22dave%40globex.test%22").json();
        assertEquals(0, acmeUsers.get("totalResults").asInt(), "a filter finds no one outside the organization");
        assertTrue(saas().users().get(dave).toRepresentation().isEnabled());

        assertScimError(401, scim("tenant-university-a", "globex", globexToken).get("/Users"),
                "another realm");
        assertScimError(401, scim("saas-b2b", "globex", null).get("/Users"), "no token");
        assertScimError(401, scim("saas-b2b", "globex", "tscim_wrong").get("/Users"), "a wrong token");
        // an owner's own access token is no SCIM token, nor is the realm administrator's
        String carolsToken = ApiClient.selfServiceToken(urls.getBase(), "saas-b2b", "carol@globex.test", "carol");
        assertScimError(401, scim("saas-b2b", "globex", carolsToken).get("/Users"), "a user's access token");
        String adminToken = admin.tokenManager().getAccessTokenString();
        assertScimError(401, scim("saas-b2b", "globex", adminToken).get("/Users"), "the server administrator's token");
        // one character changed (a token ending in A would stay itself with an A: 1 run in 64)
        String altered = globexToken.substring(0, globexToken.length() - 1) + (globexToken.endsWith("A") ? "B" : "A");
        assertScimError(401, scim("saas-b2b", "globex", altered).get("/ServiceProviderConfig"),
                "discovery needs the token too");
    }

    @Test
    @Order(7)
    void ownersOtherOrganizationsAndForeignNamesAreKeptFromTheDirectory() {
        ApiClient globex = scim("saas-b2b", "globex", token("globex"));
        // carol owns globex: its directory can neither suspend, rename, re-email nor delete her
        String carol = SampleUsers.id(saas(), "carol@globex.test");
        Result suspend = globex.patch("/Users/" + carol, patchActive(false));
        assertScimError(403, suspend);
        assertTrue(suspend.json().get("detail").asText().contains("owner role"), suspend::toString);
        assertScimError(403, globex.put("/Users/" + carol, user("carol2@globex.test", "carol@globex.test")));
        assertScimError(403, globex.put("/Users/" + carol, user("carol@globex.test", "carol2@globex.test")));
        assertScimError(403, globex.delete("/Users/" + carol));
        UserRepresentation kept = saas().users().get(carol).toRepresentation();
        assertTrue(kept.isEnabled());
        assertEquals("carol@globex.test", kept.getUsername());
        assertEquals("carol@globex.test", kept.getEmail());
        assertEquals(200, globex.get("/Users/" + carol).status(), "carol is still globex's member");

        // ivy came through globex's directory and then joined acme too: deleting her in globex removes the membership
        Result ivyCreated = globex.post("/Users", user("ivy@globex.test", "ivy@globex.test"));
        assertEquals(201, ivyCreated.status(), ivyCreated::toString);
        String ivy = ivyCreated.json().get("id").asText();
        try (var added = AdminLookups.organizationResource(saas(), "acme").members().addMember(ivy)) {
            assertEquals(201, added.getStatus());
        }
        assertEquals(204, globex.delete("/Users/" + ivy).status());
        assertEquals("ivy@globex.test", saas().users().get(ivy).toRepresentation().getUsername(),
                "the account stays, acme still counts her");
        assertScimError(404, globex.get("/Users/" + ivy), "no longer globex's member");
        assertEquals(200, adminApi("saas-b2b").get("/organizations/acme/members/" + ivy).status());

        // a userName is an address at the organization's verified domains, never a bare or foreign name
        Result bare = globex.post("/Users", user("jay", "jay@globex.test"));
        assertScimError(400, bare);
        assertEquals("invalidValue", bare.json().get("scimType").asText());
        assertTrue(bare.json().get("detail").asText().contains("not an email address"), bare::toString);
        assertScimError(400, globex.post("/Users", user("jay@example.test", "jay@globex.test")));
        assertTrue(saas().users().search("jay", false).isEmpty(), "refused creations leave nothing");

        // a member allowed to manage SCIM but not members and security cannot mint a token that could
        assertEquals(201, adminApi("saas-b2b").post("/organizations/globex/roles",
                ApiClient.json(Map.of("name", "directory", "permissions", List.of("org:scim:manage")))).status());
        String dave = SampleUsers.id(saas(), "dave@globex.test");
        assertEquals(200, adminApi("saas-b2b").put("/organizations/globex/members/" + dave + "/roles",
                ApiClient.json(Map.of("roles", List.of("directory")))).status());
        ApiClient daveApi = selfService("saas-b2b", "dave@globex.test", "dave");
        assertEquals(200, daveApi.get("/organizations/globex/scim-tokens").status(), "he may see the tokens");
        Result minted = daveApi.post("/organizations/globex/scim-tokens", "{\"name\":\"mine\"}");
        assertEquals(403, minted.status(), minted::toString);
        assertTrue(minted.json().get("error_description").asText().contains("org:members:manage"), minted::toString);
    }

    @Test
    @Order(8)
    void groupsAreTheOrganizationsRolesUnderTheRoleGuards() throws ScimException {
        String token = token("globex");
        String carol = SampleUsers.id(saas(), "carol@globex.test");
        String dave = SampleUsers.id(saas(), "dave@globex.test");
        Client client = ClientBuilder.newClient().register(new JacksonJsonProvider(JsonUtils.createObjectMapper()))
                .register((ClientRequestFilter) request ->
                        request.getHeaders().putSingle("Authorization", "Bearer " + token));
        String support;
        try {
            ScimService service = new ScimService(client.target(scimBase("saas-b2b", "globex")));
            ListResponse<GroupResource> owners = service.searchRequest("Groups").filter("displayName eq \"owner\"")
                    .invoke(GroupResource.class);
            assertEquals(1, owners.getTotalResults());
            assertEquals(List.of(carol), owners.getResources().get(0).getMembers().stream().map(Member::getValue)
                    .toList(), "the owner group's members hold the owner role");
            assertEquals(service.retrieve("Users", carol, UserResource.class).getUserName(),
                    owners.getResources().get(0).getMembers().get(0).getDisplay(),
                    "a member's display is the userName its User shows");
            assertEquals(1, service.searchRequest("Groups").filter("members[value eq \"" + dave + "\"]")
                    .invoke(GroupResource.class).getTotalResults(), "dave holds the default role member only");

            GroupResource created = service.create("Groups", new GroupResource().setDisplayName("support")
                    .setMembers(new Member().setValue(dave)));
            support = created.getId();
            assertEquals("support", created.getDisplayName());
            assertEquals(List.of("member", "support"), roleNames("globex", dave), "adding a member grants the role");
            GroupResource emptied = service.modifyRequest("Groups", support)
                    .removeValues("members[value eq \"" + dave + "\"]").invoke(GroupResource.class);
            assertTrue(emptied.getMembers() == null || emptied.getMembers().isEmpty(), emptied::toString);
            assertEquals(List.of("member"), roleNames("globex", dave), "removing a member revokes the role");
            GroupResource refilled = service.modifyRequest("Groups", support).addValues("members",
                    new Member().setValue(dave)).invoke(GroupResource.class);
            assertEquals(1, refilled.getMembers().size());
            assertEquals(dave, service.retrieve("Groups", support, GroupResource.class).getMembers().get(0).getValue());
        } finally {
            client.close();
        }
        ApiClient carolApi = selfService("saas-b2b", "carol@globex.test", "carol");
        JsonNode audited = carolApi.get("/organizations/globex/audit?action=member.roles.updated").json();
        assertEquals(3, StreamSupport.stream(audited.spliterator(), false)
                .filter(record -> "scim".equals(record.path("actor").path("type").asText())
                        && dave.equals(record.path("target").asText())).count(),
                () -> "granted, revoked, granted again, each audited with the token as actor: " + audited);
        JsonNode createdRoles = carolApi.get("/organizations/globex/audit?action=role.created").json();
        assertTrue(StreamSupport.stream(createdRoles.spliterator(), false)
                .anyMatch(record -> "scim".equals(record.path("actor").path("type").asText())
                        && "support".equals(record.path("target").asText())), createdRoles::toString);
        assertTrue(saas().getAdminEvents().stream().anyMatch(e -> "TENANCY_MEMBER_ROLES".equals(e.getResourceType())),
                "group changes are admin events");

        // the role guards hold: a token neither grants nor revokes owner, nor a role with more than provisioning
        ApiClient globex = scim("saas-b2b", "globex", token);
        String owner = groupId(globex, "owner");
        String admin = groupId(globex, "admin");
        String member = groupId(globex, "member");
        assertScimError(403, globex.patch("/Groups/" + owner, members("add", dave)), "granting owner");
        Result lastOwner = globex.patch("/Groups/" + owner, members("remove", carol));
        assertScimError(403, lastOwner, "revoking owner");
        assertTrue(lastOwner.json().get("detail").asText().contains("owner"), lastOwner::toString);
        assertScimError(403, globex.put("/Groups/" + owner, ApiClient.json(Map.of("schemas", List.of(GROUP_SCHEMA),
                "displayName", "owner", "members", List.of()))), "emptying the owner group");
        assertScimError(403, globex.patch("/Groups/" + admin, members("add", dave)), "admin carries org:webhooks:manage");
        assertEquals(List.of("member", "support"), roleNames("globex", dave), "refusals change nothing");
        assertScimError(409, globex.delete("/Groups/" + owner), "a template role is not deleted");
        Result taken = globex.post("/Groups", ApiClient.json(Map.of("schemas", List.of(GROUP_SCHEMA),
                "displayName", "member")));
        assertScimError(409, taken);
        assertEquals("uniqueness", taken.json().get("scimType").asText());
        Result rename = globex.patch("/Groups/" + member, ApiClient.json(Map.of("schemas", List.of(PATCH_SCHEMA),
                "Operations", List.of(Map.of("op", "replace", "path", "displayName", "value", "staff")))));
        assertScimError(400, rename);
        assertEquals("mutability", rename.json().get("scimType").asText());
        String stranger = SampleUsers.createMember(saas(), "acme", "pat@example.test", "pat-pw");
        Result foreign = globex.patch("/Groups/" + member, members("add", stranger));
        assertScimError(400, foreign);
        assertEquals("invalidValue", foreign.json().get("scimType").asText());
        assertScimError(400, globex.patch("/Groups/" + member, ApiClient.json(Map.of("schemas", List.of(PATCH_SCHEMA),
                "Operations", List.of(Map.of("op", "add", "path", "description", "value", "x"))))));
        assertFalse(globex.get("/Groups/" + member + "?excludedAttributes=members").json().has("members"));

        // another organization's token, another realm, no token
        String acmeToken = token("acme");
        assertScimError(401, scim("saas-b2b", "globex", acmeToken).get("/Groups/" + member));
        assertScimError(401, scim("saas-b2b", "globex", acmeToken).patch("/Groups/" + support,
                members("remove", dave)));
        assertScimError(404, scim("saas-b2b", "acme", acmeToken).get("/Groups/" + support),
                "globex's own role is no group of acme");
        assertScimError(404, scim("saas-b2b", "acme", acmeToken).delete("/Groups/" + support));
        assertScimError(401, scim("tenant-university-a", "globex", token).get("/Groups"), "another realm");
        assertScimError(401, scim("saas-b2b", "globex", null).get("/Groups"), "no token");

        assertEquals(204, globex.delete("/Groups/" + support).status());
        assertEquals(List.of("member"), roleNames("globex", dave), "deleting the group deletes the role");
    }

    private List<String> roleNames(String org, String userId) {
        JsonNode roles = adminApi("saas-b2b").get("/organizations/" + org + "/members/" + userId + "/roles").json();
        return texts(roles.get("roles"));
    }

    private static String groupId(ApiClient scim, String name) {
        JsonNode found = scim.get("/Groups?excludedAttributes=members&filter=displayName+eq+%22" + name + "%22").json();
        assertEquals(1, found.get("totalResults").asInt(), found::toString);
        return found.get("Resources").get(0).get("id").asText();
    }

    private static String members(String op, String userId) {
        return ApiClient.json(Map.of("schemas", List.of(PATCH_SCHEMA), "Operations",
                List.of(Map.of("op", op, "path", "members", "value", List.of(Map.of("value", userId))))));
    }

    /**
     * A filter no index answers reads every member: in an organization of more members than the operator's limit
     * ({@code scim-max-scanned-members}, 10 000 by default, {@link TenancyServerConfig#SCIM_MAX_SCANNED_MEMBERS} here)
     * it is refused with 400 {@code tooMany}, while an equality on an indexed attribute still answers.
     */
    @Test
    @Order(9)
    void aFilterNoIndexAnswersIsRefusedAboveTheScanLimit() {
        int limit = TenancyServerConfig.SCIM_MAX_SCANNED_MEMBERS;
        ApiClient globex = scim("saas-b2b", "globex", token("globex"));
        String unindexed = "/Users?filter=" + query("name.familyName eq \"Scan\"");
        int members = globex.get("/Users?count=0").json().get("totalResults").asInt();
        assertTrue(members < limit, "globex starts below the limit: " + members);
        for (int i = members; i < limit; i++) {
            provision(globex, i);
        }
        Result atLimit = globex.get(unindexed);
        assertEquals(200, atLimit.status(), atLimit::toString);
        assertList("at the limit", atLimit, JSON.getNodeFactory().numberNode(limit - members));

        provision(globex, limit);
        Result refused = globex.get(unindexed);
        assertScimError(400, refused, "one member beyond the limit");
        assertEquals("tooMany", refused.json().get("scimType").asText());
        assertTrue(refused.json().get("detail").asText().contains("userName"), "the detail names what answers: "
                + refused);
        assertScimError(400, globex.get("/Users?filter=" + query("userName co \"scan\"")), "co is no look-up");
        assertScimError(400, globex.get("/Users?filter=" + query("userName eq \"scan1@globex.test\" or"
                + " userName eq \"scan2@globex.test\"")), "nor is an or");

        // the look-ups directories send still answer, alone or inside an and
        for (String filter : List.of("userName eq \"scan" + limit + "@globex.test\"",
                "emails.value eq \"scan" + limit + "@globex.test\"", "externalId eq \"dir-scan-" + limit + "\"",
                "userName eq \"scan" + limit + "@globex.test\" and name.familyName eq \"Scan\"")) {
            Result found = globex.get("/Users?filter=" + query(filter));
            assertList(filter, found, JSON.getNodeFactory().numberNode(1));
            assertEquals("scan" + limit + "@globex.test", found.json().get("Resources").get(0).get("userName")
                    .asText(), filter);
        }
        assertList("no filter pages", globex.get("/Users?count=2"), JSON.getNodeFactory().numberNode(limit + 1));
    }

    private static void provision(ApiClient scim, int i) {
        Result created = scim.post("/Users", ApiClient.json(Map.of("schemas", List.of(USER_SCHEMA),
                "userName", "scan" + i + "@globex.test", "externalId", "dir-scan-" + i,
                "name", Map.of("givenName", "User " + i, "familyName", "Scan"),
                "emails", List.of(Map.of("value", "scan" + i + "@globex.test", "primary", true)))));
        assertEquals(201, created.status(), created::toString);
    }

    private static String query(String filter) {
        return URLEncoder.encode(filter, StandardCharsets.UTF_8);
    }

    /** Runs last: the limit refuses this address for a minute. */
    @Test
    @Order(99)
    void guessingTokensIsRateLimited() {
        String token = token("globex");
        Result last = null;
        for (int i = 0; i < FailedAuthentications.MAX_FAILURES + 1; i++) {
            last = scim("saas-b2b", "globex", "tscim_guess" + i).get("/Users");
        }
        assertScimError(429, last);
        assertNotNull(last.header("Retry-After"));
        // a right token is served all the same: a directory's shared sending addresses must not let one customer's
        // wrong token stop another customer's provisioning
        assertEquals(200, scim("saas-b2b", "globex", token).get("/Users").status());
        // a request without any token is no guess: it is told what to send, not to wait
        assertScimError(401, scim("saas-b2b", "globex", null).get("/Users"));
    }

    // ---- replaying documented sequences ----------------------------------------------------------------------------

    private void replay(String file) throws Exception {
        JsonNode script;
        try (InputStream in = getClass().getResourceAsStream("/scim/" + file)) {
            script = JSON.readTree(in);
        }
        assertFalse(script.path("source").asText().isBlank(), "the sequence names its source");
        ApiClient client = scim("saas-b2b", "globex", token("globex"));
        Map<String, String> saved = new HashMap<>();
        for (JsonNode step : script.get("steps")) {
            String name = step.get("name").asText();
            String path = substitute(step.get("path").asText(), saved);
            String body = step.has("body") ? substitute(step.get("body").toString(), saved) : null;
            Result result = switch (step.get("method").asText()) {
                case "GET" -> client.get(path);
                case "POST" -> client.post(path, body);
                case "PUT" -> client.put(path, body);
                case "PATCH" -> client.patch(path, body);
                case "DELETE" -> client.delete(path);
                default -> throw new IllegalArgumentException(name);
            };
            assertEquals(step.get("status").asInt(), result.status(), () -> name + ": " + result);
            switch (step.path("check").asText()) {
                case "user" -> assertUser(name, result);
                case "group" -> assertGroup(name, result);
                case "list" -> assertList(name, result, step.path("totalResults"));
                case "error" -> assertScimError(step.get("status").asInt(), result, name);
                default -> assertTrue(result.body() == null || result.body().isEmpty(), name + " has no body");
            }
            if (step.has("save")) {
                saved.put(step.get("save").asText(), result.json().get("id").asText());
            }
            for (var expected : (Iterable<Map.Entry<String, JsonNode>>) step.path("expect")::fields) {
                assertEquals(JSON.readTree(substitute(expected.getValue().toString(), saved)),
                        at(result.json(), expected.getKey()), () -> name + ": " + expected.getKey() + " in " + result);
            }
        }
    }

    private static String substitute(String text, Map<String, String> saved) {
        String result = text;
        for (Map.Entry<String, String> entry : saved.entrySet()) {
            result = result.replace("{" + entry.getKey() + "}", entry.getValue());
        }
        return result;
    }

    /** A value by a dotted path with optional [index]: {@code emails[0].value}. */
    private static JsonNode at(JsonNode node, String path) {
        JsonNode current = node;
        for (String part : path.split("\\.")) {
            int bracket = part.indexOf('[');
            if (bracket < 0) {
                current = current.path(part);
            } else {
                current = current.path(part.substring(0, bracket))
                        .path(Integer.parseInt(part.substring(bracket + 1, part.length() - 1)));
            }
        }
        return current;
    }

    // ---- RFC 7643/7644 checks --------------------------------------------------------------------------------------

    /** RFC 7644 3.1 and 3.4.1, RFC 7643 3.1 and 4.1: a User resource. */
    private static void assertUser(String name, Result result) {
        assertScimMediaType(name, result);
        JsonNode user = result.json();
        assertTrue(texts(user.get("schemas")).contains(USER_SCHEMA), name);
        assertFalse(user.path("id").asText().isEmpty(), name + ": id");
        assertFalse(user.path("userName").asText().isEmpty(), name + ": userName");
        assertEquals("User", user.path("meta").path("resourceType").asText(), name);
        String location = user.path("meta").path("location").asText();
        assertTrue(location.endsWith("/Users/" + user.get("id").asText()), name + ": meta.location " + location);
        if (result.status() == 201) {
            assertEquals(location, result.header("Location"), name + ": Location of a creation (RFC 7644 3.3)");
        }
        assertTrue(user.path("active").isBoolean(), name + ": active is a boolean");
        assertFalse(user.has("password"), name + ": password is never returned (RFC 7643 4.1.1)");
    }

    /** RFC 7644 3.1 and 3.4.1, RFC 7643 4.2: a Group resource. */
    private static void assertGroup(String name, Result result) {
        assertScimMediaType(name, result);
        JsonNode group = result.json();
        assertEquals(List.of(GROUP_SCHEMA), texts(group.get("schemas")), name);
        assertFalse(group.path("id").asText().isEmpty(), name + ": id");
        assertFalse(group.path("displayName").asText().isEmpty(), name + ": displayName");
        assertEquals("Group", group.path("meta").path("resourceType").asText(), name);
        String location = group.path("meta").path("location").asText();
        assertTrue(location.endsWith("/Groups/" + group.get("id").asText()), name + ": meta.location " + location);
        if (result.status() == 201) {
            assertEquals(location, result.header("Location"), name + ": Location of a creation (RFC 7644 3.3)");
        }
        for (JsonNode member : group.path("members")) {
            assertTrue(member.path("$ref").asText().endsWith("/Users/" + member.path("value").asText()),
                    name + ": a member's $ref is its User's location");
            assertFalse(member.path("display").asText().isBlank(), name + ": a member's display (RFC 7643 4.2)");
        }
    }

    /** RFC 7644 3.4.2: a ListResponse. */
    private static void assertList(String name, Result result, JsonNode total) {
        assertScimMediaType(name, result);
        JsonNode list = result.json();
        assertEquals(List.of("urn:ietf:params:scim:api:messages:2.0:ListResponse"), texts(list.get("schemas")), name);
        assertTrue(list.get("totalResults").isInt(), name);
        assertTrue(list.get("startIndex").asInt() >= 1, name);
        assertEquals(list.get("Resources").size(), list.get("itemsPerPage").asInt(), name);
        if (!total.isMissingNode()) {
            assertEquals(total.asInt(), list.get("totalResults").asInt(), () -> name + ": " + result);
        }
    }

    private static void assertScimError(int status, Result result) {
        assertScimError(status, result, "");
    }

    /** RFC 7644 3.12: the error's schema, its status as a string, the detail. */
    private static void assertScimError(int status, Result result, String why) {
        assertEquals(status, result.status(), () -> why + " " + result);
        assertScimMediaType(why, result);
        JsonNode error = result.json();
        assertEquals(List.of(ERROR_SCHEMA), texts(error.get("schemas")), why);
        assertEquals(String.valueOf(status), error.get("status").asText(), why);
        assertTrue(error.get("status").isTextual(), why + ": status is a string");
        assertFalse(error.path("detail").asText().isBlank(), why + ": a detail");
    }

    private static void assertScimMediaType(String name, Result result) {
        String type = result.header("Content-Type");
        assertNotNull(type, name);
        assertTrue(type.startsWith("application/scim+json"), name + ": media type " + type);
    }

    private static List<String> texts(JsonNode array) {
        assertNotNull(array);
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static String user(String userName, String email) {
        return ApiClient.json(Map.of("schemas", List.of(USER_SCHEMA), "userName", userName,
                "emails", List.of(Map.of("value", email, "primary", true))));
    }

    private static String patchActive(boolean active) {
        return ApiClient.json(Map.of("schemas", List.of("urn:ietf:params:scim:api:messages:2.0:PatchOp"),
                "Operations", List.of(Map.of("op", "replace", "path", "active", "value", active))));
    }
}
