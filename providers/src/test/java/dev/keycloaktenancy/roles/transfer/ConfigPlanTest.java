package dev.keycloaktenancy.roles.transfer;

import dev.keycloaktenancy.RealmSettings;
import dev.keycloaktenancy.roles.RoleInput;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigPlanTest {

    private static final RoleInput OWNER = new RoleInput("owner", "Owns it", List.of("org:manage", "org:read"), false);
    private static final RoleInput MEMBER = new RoleInput("member", null, List.of("org:read"), true);
    private static final RoleInput BILLING = new RoleInput("billing", "Invoices", List.of("invoices:read"), false);

    private static final TenancyData CURRENT = document(List.of(OWNER, MEMBER),
            List.of(organization("acme", List.of(BILLING))), new RealmSettings("full", 20, null, null, null, null, null, null, null), null);

    @Test
    void theSameDocumentChangesNothing() {
        assertTrue(ConfigPlan.between(CURRENT, CURRENT).isEmpty());
    }

    @Test
    void aRoleWrittenDifferentlyButMeaningTheSameIsNoChange() {
        RoleInput member = new RoleInput("member", "", List.of("org:read", "org:read"), true);
        RoleInput owner = new RoleInput("owner", "Owns it", List.of("org:read", "org:manage"), null);
        TenancyData desired = document(List.of(member, owner), List.of(), new RealmSettings("FULL", 20, null, null, null, null, null, null, null), null);
        assertEquals(List.of(), ConfigPlan.between(CURRENT, desired).changes());
    }

    @Test
    void whatTheDocumentAddsOrChangesIsCreatedOrChangedInOrder() {
        RoleInput viewer = new RoleInput("viewer", null, List.of("reports:read"), false);
        RoleInput moreBilling = new RoleInput("billing", "Invoices", List.of("invoices:read", "invoices:pay"), false);
        RoleInput support = new RoleInput("support", null, null, null);
        TenancyData desired = document(List.of(viewer, MEMBER), List.of(
                        organization("acme", List.of(moreBilling)), organization("globex", List.of(support))),
                new RealmSettings(null, 30, 5, null, null, null, null, null, null), null);

        List<ConfigPlan.Change> changes = ConfigPlan.between(CURRENT, desired).changes();

        assertEquals(List.of(
                "create templateRole null viewer",
                "change organizationRole acme billing",
                "create organizationRole globex support",
                "change setting null maxDomainsPerOrganization",
                "create setting null maxPendingDomainsPerOrganization"), summaries(changes));
        assertEquals(new RoleInput("billing", "Invoices", List.of("invoices:pay", "invoices:read"), false),
                changes.get(1).to());
        assertEquals(BILLING, changes.get(1).from());
        assertEquals(new RoleInput("support", null, List.of(), false), changes.get(2).to());
        assertEquals("20", changes.get(3).from());
        assertEquals("30", changes.get(3).to());
    }

    @Test
    void withoutPruningNothingIsDeleted() {
        TenancyData desired = document(List.of(), List.of(organization("acme", List.of())),
                new RealmSettings(null, null, null, null, null, null, null, null, null), null);
        assertTrue(ConfigPlan.between(CURRENT, desired).isEmpty());
    }

    @Test
    void pruningDeletesWhatTheDocumentLeavesOutFirst() {
        RoleInput viewer = new RoleInput("viewer", null, List.of(), false);
        TenancyData desired = document(List.of(OWNER, viewer), List.of(organization("acme", List.of())),
                new RealmSettings("full", null, null, null, null, null, null, null, null), true);
        assertEquals(List.of(
                "delete organizationRole acme billing",
                "delete templateRole null member",
                "create templateRole null viewer",
                "delete setting null maxDomainsPerOrganization"), summaries(ConfigPlan.between(CURRENT, desired).changes()));
    }

    @Test
    void pruningLeavesOrganizationsWithoutARolesListAndAbsentSettingsAlone() {
        TenancyData desired = new TenancyData(1, null, List.of(OWNER, MEMBER),
                List.of(new TenancyData.OrganizationData("acme", null, null, null, null)), null, true);
        assertTrue(ConfigPlan.between(CURRENT, desired).isEmpty());
        TenancyData noOrganizations = document(List.of(OWNER, MEMBER), List.of(), null, true);
        assertTrue(ConfigPlan.between(CURRENT, noOrganizations).isEmpty(),
                "an organization the document does not list keeps its roles");
        TenancyData noTemplate = document(null, List.of(), null, true);
        assertTrue(ConfigPlan.between(CURRENT, noTemplate).isEmpty(),
                "a document without a role template keeps the template's roles");
    }

    @Test
    void applyingThePlannedDocumentAgainPlansNothing() {
        RoleInput viewer = new RoleInput("viewer", "Reads", List.of("reports:read"), true);
        TenancyData desired = document(List.of(OWNER, viewer), List.of(organization("acme", List.of(BILLING))),
                new RealmSettings("ids", 20, 3, null, null, null, null, null, null), true);
        ConfigPlan plan = ConfigPlan.between(CURRENT, desired);
        assertEquals(4, plan.changes().size(), plan::toString);

        TenancyData after = document(List.of(OWNER, ConfigPlan.normalized(viewer)),
                List.of(organization("acme", List.of(BILLING))), new RealmSettings("ids", 20, 3, null, null, null, null, null, null), null);
        assertTrue(ConfigPlan.between(after, desired).isEmpty());
    }

    @Test
    void securityPoliciesChangeAfterSettingsAndOnlyTheFieldsGiven() {
        TenancyData.SecurityData strict = new TenancyData.SecurityData("required", List.of("otp"), true);
        TenancyData current = document(List.of(OWNER, MEMBER), List.of(
                new TenancyData.OrganizationData("acme", List.of(BILLING), null, null, strict)), null, null);
        TenancyData desired = document(null, List.of(
                new TenancyData.OrganizationData("acme", null, null, null,
                        new TenancyData.SecurityData(null, List.of("webauthn", "otp"), null)),
                new TenancyData.OrganizationData("globex", null, null, null,
                        new TenancyData.SecurityData("required", null, null))),
                new RealmSettings(null, null, null, "otp,webauthn", null, null, null, null, null), null);

        List<ConfigPlan.Change> changes = ConfigPlan.between(current, desired).changes();

        assertEquals(List.of("create setting null allowedMfaMethods", "change organizationSecurity acme security",
                "change organizationSecurity globex security"), summaries(changes));
        assertEquals(new TenancyData.SecurityData("required", List.of("otp", "webauthn"), true), changes.get(1).to());
        assertEquals(TenancyData.SecurityData.DEFAULT, changes.get(2).from());
        assertEquals(new TenancyData.SecurityData("required", List.of(), false), changes.get(2).to());

        TenancyData same = document(null, List.of(new TenancyData.OrganizationData("acme", null, null, null,
                new TenancyData.SecurityData("required", null, null))), null, null);
        assertTrue(ConfigPlan.between(current, same).isEmpty(), "a field as it is changes nothing");
        TenancyData pruned = document(List.of(OWNER, MEMBER), List.of(new TenancyData.OrganizationData("acme", null, null, null,
                new TenancyData.SecurityData("required", null, null))), null, true);
        assertEquals(new TenancyData.SecurityData("required", List.of(), false),
                ConfigPlan.between(current, pruned).changes().get(0).to(), "with prune, left-out fields take defaults");
    }

    @Test
    void webhooksAreMatchedByContentThenUrlAndTheirSecretsNeverShow() throws Exception {
        String secret = "whsec_" + "A".repeat(44);
        TenancyData.WebhookData audit = new TenancyData.WebhookData("id-1", "https://a.test/hook",
                List.of("member.added"), true, null);
        TenancyData.WebhookData crm = new TenancyData.WebhookData("id-2", "https://crm.test/in",
                List.of("organization.created"), true, null);
        TenancyData.WebhookData old = new TenancyData.WebhookData("id-3", "https://old.test/x",
                List.of("member.added"), false, null);
        TenancyData current = new TenancyData(1, "r", null, List.of(new TenancyData.OrganizationData("acme", null,
                null, null, null, List.of(old))), null, List.of(audit, crm), null);
        TenancyData desired = new TenancyData(1, "r", null, List.of(new TenancyData.OrganizationData("acme", null,
                null, null, null, List.of())), null, List.of(
                new TenancyData.WebhookData(null, "https://crm.test/in", List.of("organization.created"), true, secret),
                new TenancyData.WebhookData(null, "https://a.test/hook", List.of("member.removed", "member.added",
                        "member.added"), null, null),
                new TenancyData.WebhookData(null, "https://new.test/hook", List.of("member.added"), false, secret)),
                true);

        List<ConfigPlan.Change> changes = ConfigPlan.between(current, desired,
                (organization, id, given) -> false).changes();

        assertEquals(List.of("delete webhook acme https://old.test/x", "change webhookSecret null https://crm.test/in",
                "change webhook null https://a.test/hook", "create webhook null https://new.test/hook"),
                summaries(changes));
        assertEquals("id-2", changes.get(1).webhook().id());
        assertEquals(List.of("member.added", "member.removed"),
                ((TenancyData.WebhookData) changes.get(2).to()).events());
        assertEquals(secret, changes.get(3).webhook().secret());
        String json = new ObjectMapper().writeValueAsString(changes);
        assertFalse(json.contains(secret), json);
        assertFalse(json.contains("id-"), json);
        assertFalse(new ObjectMapper().writeValueAsString(desired).contains(secret));
        assertEquals(secret, new ObjectMapper().readValue("{\"url\": \"https://x.test\", \"secret\": \"" + secret
                + "\"}", TenancyData.WebhookData.class).secret(), "the secret is read from a document");

        assertTrue(ConfigPlan.between(current, desired, (organization, id, given) -> true).changes().stream()
                .noneMatch(c -> c.kind().equals(ConfigPlan.WEBHOOK_SECRET)), "the same secret is no change");
        TenancyData leftOut = new TenancyData(1, "r", null, null, null, null, true);
        assertTrue(ConfigPlan.between(current, leftOut).isEmpty(),
                "pruning deletes webhooks only where the document has a webhooks list");
    }

    private static List<String> summaries(List<ConfigPlan.Change> changes) {
        return changes.stream().map(c -> c.action() + " " + c.kind() + " " + c.organization() + " " + c.name()).toList();
    }

    private static TenancyData document(List<RoleInput> template, List<TenancyData.OrganizationData> organizations,
                                        RealmSettings settings, Boolean prune) {
        return new TenancyData(1, "r", template, organizations, settings, prune);
    }

    private static TenancyData.OrganizationData organization(String alias, List<RoleInput> roles) {
        return new TenancyData.OrganizationData(alias, roles, null, null, null);
    }
}
