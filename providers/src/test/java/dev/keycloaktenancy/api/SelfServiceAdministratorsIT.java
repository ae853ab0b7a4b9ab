package dev.keycloaktenancy.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keycloaktenancy.testing.AdminLookups;
import dev.keycloaktenancy.testing.ApiClient;
import dev.keycloaktenancy.testing.ApiClient.Result;
import dev.keycloaktenancy.testing.Mails;
import dev.keycloaktenancy.testing.SampleUsers;
import dev.keycloaktenancy.testing.TenancyServerConfig;
import dev.keycloaktenancy.testing.TenancyServerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.keycloaktenancy.testing.ApiAssertions.assertError;
import static dev.keycloaktenancy.testing.ApiAssertions.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the portal needs of the self-service API beyond members' own organizations: users whom Keycloak lets
 * administer organizations (manage-organizations) act in every organization, those who may only view them act in none,
 * and an organization's usage against its member limit is shown to whoever may see its members.
 */
@KeycloakIntegrationTest(config = TenancyServerConfig.class)
class SelfServiceAdministratorsIT extends TenancyServerTest {

    private static final List<String> BUILT_IN = List.of("org:audit:read", "org:domains:manage", "org:invitations:manage",
            "org:members:manage", "org:members:read", "org:profile:manage", "org:roles:manage", "org:scim:manage",
            "org:security:manage", "org:sso:manage", "org:webhooks:manage");

    @BeforeEach
    void importRealms() {
        importRealms("saas-b2b", "tenant-university-a");
        Mails.useTestMailServer(saas());
    }

    @Test
    void manageOrganizationsAdministersEveryOrganizationOfItsRealm() {
        ApiClient operator = withManagementRole("saas-b2b", "operator@example.test", "manage-organizations");
        assertTrue(operator.get("/me/organizations").json().isEmpty(), "a member of none");
        JsonNode administered = operator.get("/me/organizations?administered=true").json();
        assertEquals(List.of("acme", "globex"), administered.findValuesAsText("alias"));
        for (JsonNode organization : administered) {
            assertTrue(organization.get("administrator").asBoolean());
            assertEquals(BUILT_IN, texts(organization.get("permissions")));
        }
        assertEquals(1, operator.get("/me/organizations?administered=true&search=glob").json().size());
        assertEquals(1, operator.get("/me/organizations?administered=true&first=1&max=1").json().size());

        String dave = SampleUsers.id(saas(), "dave@globex.test");
        Result changed = operator.put("/organizations/globex/members/" + dave + "/roles",
                ApiClient.json(Map.of("roles", List.of("admin"))));
        assertEquals(200, changed.status(), changed::toString);
        Result owner = operator.put("/organizations/globex/members/" + dave + "/roles",
                ApiClient.json(Map.of("roles", List.of("owner"))));
        assertEquals(200, owner.status(), "an administrator of the realm's organizations may grant owner: " + owner);
        assertEquals(200, operator.get("/organizations/acme/sign-in").status());

        OrganizationRepresentation globex = AdminLookups.organization(saas(), "globex");
        globex.setEnabled(false);
        AdminLookups.organizationResource(saas(), "globex").update(globex).close();
        assertEquals(200, operator.get("/organizations/globex").status(), "administrators still reach a disabled one");

        ApiClient elsewhere = new ApiClient(urls.getBase() + "/realms/tenant-university-a/tenancy",
                () -> selfServiceTokenIn("saas-b2b", "operator@example.test", "operator"));
        assertError(401, elsewhere.get("/me/organizations?administered=true"), "a token of another realm");
    }

    @Test
    void viewOrganizationsAndMembershipGiveNoAdministration() {
        ApiClient viewer = withManagementRole("saas-b2b", "viewer@example.test", "view-organizations");
        assertTrue(viewer.get("/me/organizations?administered=true").json().isEmpty());
        assertError(404, viewer.get("/organizations/globex"), "viewing in the admin console is not administering");

        ApiClient dave = selfService("saas-b2b", "dave@globex.test", "dave");
        assertTrue(dave.get("/me/organizations?administered=true").json().isEmpty());
        JsonNode mine = dave.get("/me/organizations").json();
        assertEquals(1, mine.size());
        assertFalse(mine.get(0).get("administrator").asBoolean());
        assertEquals(List.of("org:members:read"), texts(mine.get(0).get("permissions")));

        ApiClient carol = selfService("saas-b2b", "carol@globex.test", "carol");
        assertTrue(carol.get("/me/organizations?administered=true").json().isEmpty(),
                "an owner of organizations is not an administrator of the realm's organizations");
        assertError(400, carol.get("/me/organizations?administered=true&max=-1"));
    }

    @Test
    void rolesSayWhichTheCallerMayGrant() {
        Map<String, Boolean> carol = grantable(selfService("saas-b2b", "carol@globex.test", "carol"), "acme");
        assertEquals(Map.of("admin", true, "billing", true, "member", true, "owner", false), carol,
                "an admin of acme grants what her permissions cover, never owner");
        Map<String, Boolean> dave = grantable(selfService("saas-b2b", "dave@globex.test", "dave"), "globex");
        assertEquals(Map.of("admin", false, "member", true, "owner", false), dave);
        ApiClient operator = withManagementRole("saas-b2b", "operator@example.test", "manage-organizations");
        assertTrue(grantable(operator, "globex").values().stream().allMatch(Boolean::booleanValue));
    }

    private static Map<String, Boolean> grantable(ApiClient caller, String organization) {
        Map<String, Boolean> grantable = new TreeMap<>();
        caller.get("/organizations/" + organization + "/roles").json()
                .forEach(role -> grantable.put(role.get("name").asText(), role.get("grantable").asBoolean()));
        return grantable;
    }

    @Test
    void usageAgainstTheMemberLimit() {
        ApiClient carol = selfService("saas-b2b", "carol@globex.test", "carol");
        JsonNode usage = carol.get("/organizations/globex/usage").json();
        assertEquals(2, usage.get("members").asLong());
        assertTrue(usage.get("maxMembers").isNull(), "no limit");
        assertEquals(0, usage.get("pendingInvitations").asLong());

        Result invited = carol.post("/organizations/globex/invitations",
                ApiClient.json(Map.of("email", "frank@example.test", "roles", List.of("member"))));
        assertEquals(201, invited.status(), invited::toString);
        OrganizationRepresentation globex = AdminLookups.organization(saas(), "globex");
        globex.singleAttribute("tenancy.limits.max-members", "5");
        AdminLookups.organizationResource(saas(), "globex").update(globex).close();

        usage = selfService("saas-b2b", "dave@globex.test", "dave").get("/organizations/globex/usage").json();
        assertEquals(5, usage.get("maxMembers").asInt(), "a plain member who sees members sees the usage");
        assertEquals(1, usage.get("pendingInvitations").asLong());

        assertError(404, selfService("saas-b2b", "erin@example.test", "erin").get("/organizations/globex/usage"));
        assertError(401, new ApiClient(urls.getBase() + "/realms/saas-b2b/tenancy", () -> null)
                .get("/organizations/globex/usage"));
        assertError(404, carol.get("/organizations/no-such-organization/usage"));
    }

    /** A user of the realm holding one of realm-management's roles, calling the self-service API. */
    private ApiClient withManagementRole(String realmName, String email, String role) {
        RealmResource realm = admin.realm(realmName);
        String id = SampleUsers.create(realm, email, email.substring(0, email.indexOf('@')));
        String management = realm.clients().findByClientId("realm-management").get(0).getId();
        realm.users().get(id).roles().clientLevel(management)
                .add(List.of(realm.clients().get(management).roles().get(role).toRepresentation()));
        String token = selfServiceTokenIn(realmName, email, email.substring(0, email.indexOf('@')));
        return new ApiClient(urls.getBase() + "/realms/" + realmName + "/tenancy", () -> token);
    }
}
