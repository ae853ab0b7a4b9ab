package dev.keycloaktenancy.roles.transfer;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.keycloaktenancy.RealmSettings;
import dev.keycloaktenancy.roles.RoleInput;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What applying a configuration document to a realm changes: a pure function of the realm's configuration now and
 * the document. Roles and settings the document names are created or changed where they differ; nothing is deleted
 * unless the document says {@code "prune": true}, and then only template roles that its role template (when it has
 * one) leaves out, roles of the organizations it lists (with a {@code roles} list) that the list leaves out, and
 * settings it gives as null or leaves out of a {@code settings} object it has. Organizations themselves, members and invitations are never in the plan.
 * The changes are in the order they are applied: deletions first (so a name can move between the template and an
 * organization), then the role template, then organizations' roles, then settings, then organizations' security
 * policies (so that they meet the realm's cap as the document sets it).
 */
public record ConfigPlan(@JsonProperty("changes") List<Change> changes) {

    public static final String CREATE = "create";
    public static final String CHANGE = "change";
    public static final String DELETE = "delete";
    public static final String TEMPLATE_ROLE = "templateRole";
    public static final String ORGANIZATION_ROLE = "organizationRole";
    public static final String SETTING = "setting";
    public static final String ORGANIZATION_SECURITY = "organizationSecurity";
    /** The name of an organization's security policy in a change (an organization has one). */
    public static final String SECURITY = "security";
    /** A webhook (the realm's own, or an organization's when {@code organization} is set); named by its URL. */
    public static final String WEBHOOK = "webhook";
    /** A webhook's signing secret, replaced by the one the document gives; the change shows no secret. */
    public static final String WEBHOOK_SECRET = "webhookSecret";

    /** Whether the stored webhook {@code id} (of the organization with that alias, or the realm's: null) is signed with {@code secret}. */
    @FunctionalInterface
    public interface SecretCheck {
        boolean signsWith(String organization, String id, String secret);
    }

    /**
     * One change. {@code from} and {@code to} are a role (as the document writes it), a setting's value, a security
     * policy or a webhook (without its secret); absent on the side where the item does not exist. {@code webhook}:
     * for webhook changes, what applying needs and no answer shows (the stored webhook's id, the new secret).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Change(@JsonProperty("action") String action,
                         @JsonProperty("kind") String kind,
                         @JsonProperty("organization") String organization,
                         @JsonProperty("name") String name,
                         @JsonProperty("from") Object from,
                         @JsonProperty("to") Object to,
                         @JsonIgnore TenancyData.WebhookData webhook) {

        public Change(String action, String kind, String organization, String name, Object from, Object to) {
            this(action, kind, organization, name, from, to, null);
        }
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /**
     * The plan that takes {@code current} (the realm's configuration, as {@link TenancyTransfer#configuration()} reads
     * it) to {@code desired}. The document must be valid (names checked, no name twice).
     */
    public static ConfigPlan between(TenancyData current, TenancyData desired) {
        return between(current, desired, (organization, id, secret) -> false);
    }

    /**
     * The same, where {@code secrets} tells whether a stored webhook is signed with the secret the document gives
     * ({@code current}'s webhooks carry their ids).
     */
    public static ConfigPlan between(TenancyData current, TenancyData desired, SecretCheck secrets) {
        boolean prune = Boolean.TRUE.equals(desired.prune());
        List<Change> deletions = new ArrayList<>();
        List<Change> template = new ArrayList<>();
        List<Change> organizations = new ArrayList<>();
        List<Change> settings = new ArrayList<>();

        Map<String, RoleInput> currentTemplate = byName(current.roleTemplate());
        // Like an organization without a roles list, a document without a role template leaves the template alone,
        // with prune too: a document meant to reset settings must not take every organization's owner role with it.
        if (desired.roleTemplate() != null) {
            diffRoles(TEMPLATE_ROLE, null, currentTemplate, desired.roleTemplate(), prune, template, deletions);
        }

        Map<String, List<RoleInput>> currentOrganizations = new LinkedHashMap<>();
        for (TenancyData.OrganizationData organization : nullSafe(current.organizations())) {
            currentOrganizations.put(organization.alias(), nullSafe(organization.roles()));
        }
        List<Change> organizationDeletions = new ArrayList<>();
        for (TenancyData.OrganizationData organization : nullSafe(desired.organizations())) {
            if (organization.roles() == null) {
                continue;
            }
            diffRoles(ORGANIZATION_ROLE, organization.alias(),
                    byName(currentOrganizations.getOrDefault(organization.alias(), List.of())),
                    organization.roles(), prune, organizations, organizationDeletions);
        }

        if (desired.settings() != null) {
            Map<String, String> now = (current.settings() == null ? RealmSettings.NONE : current.settings()).values();
            Map<String, String> wanted = desired.settings().normalized().values();
            wanted.forEach((name, to) -> {
                String from = now.get(name);
                if (to == null) {
                    if (from != null && prune) {
                        settings.add(new Change(DELETE, SETTING, null, name, from, null));
                    }
                } else if (from == null) {
                    settings.add(new Change(CREATE, SETTING, null, name, null, to));
                } else if (!from.equals(to)) {
                    settings.add(new Change(CHANGE, SETTING, null, name, from, to));
                }
            });
        }

        List<Change> security = new ArrayList<>();
        Map<String, TenancyData.SecurityData> currentSecurity = new LinkedHashMap<>();
        for (TenancyData.OrganizationData organization : nullSafe(current.organizations())) {
            if (organization.security() != null) {
                currentSecurity.put(organization.alias(), organization.security());
            }
        }
        for (TenancyData.OrganizationData organization : nullSafe(desired.organizations())) {
            if (organization.security() == null) {
                continue;
            }
            TenancyData.SecurityData from = currentSecurity.getOrDefault(organization.alias(),
                    TenancyData.SecurityData.DEFAULT);
            TenancyData.SecurityData to = organization.security().over(from, prune);
            if (!from.equals(to)) {
                security.add(new Change(CHANGE, ORGANIZATION_SECURITY, organization.alias(), SECURITY, from, to));
            }
        }

        List<Change> webhookDeletions = new ArrayList<>();
        List<Change> webhooks = new ArrayList<>();
        if (desired.webhooks() != null) {
            diffWebhooks(null, nullSafe(current.webhooks()), desired.webhooks(), prune, secrets, webhooks,
                    webhookDeletions);
        }
        Map<String, List<TenancyData.WebhookData>> currentWebhooks = new LinkedHashMap<>();
        for (TenancyData.OrganizationData organization : nullSafe(current.organizations())) {
            currentWebhooks.put(organization.alias(), nullSafe(organization.webhooks()));
        }
        for (TenancyData.OrganizationData organization : nullSafe(desired.organizations())) {
            if (organization.webhooks() != null) {
                diffWebhooks(organization.alias(), currentWebhooks.getOrDefault(organization.alias(), List.of()),
                        organization.webhooks(), prune, secrets, webhooks, webhookDeletions);
            }
        }

        List<Change> changes = new ArrayList<>(organizationDeletions);
        changes.addAll(deletions);
        changes.addAll(webhookDeletions);
        changes.addAll(template);
        changes.addAll(organizations);
        changes.addAll(settings);
        changes.addAll(security);
        changes.addAll(webhooks);
        return new ConfigPlan(List.copyOf(changes));
    }

    /**
     * Which stored webhook each webhook of the document is ({@code -1}: a new one). Webhooks have no name that moves
     * between realms, so they are matched by content: first one stored exactly as the entry says (same URL, events
     * and enabled), then one with the same URL; each stored webhook matches at most one entry, in document order.
     */
    public static int[] matchWebhooks(List<TenancyData.WebhookData> current, List<TenancyData.WebhookData> desired) {
        int[] match = new int[desired.size()];
        boolean[] taken = new boolean[current.size()];
        java.util.Arrays.fill(match, -1);
        for (int i = 0; i < desired.size(); i++) {
            for (int j = 0; j < current.size(); j++) {
                if (!taken[j] && current.get(j).sameAs(desired.get(i))) {
                    match[i] = j;
                    taken[j] = true;
                    break;
                }
            }
        }
        for (int i = 0; i < desired.size(); i++) {
            for (int j = 0; j < current.size() && match[i] < 0; j++) {
                if (!taken[j] && Objects.equals(current.get(j).url(), desired.get(i).url())) {
                    match[i] = j;
                    taken[j] = true;
                }
            }
        }
        return match;
    }

    private static void diffWebhooks(String organization, List<TenancyData.WebhookData> current,
                                     List<TenancyData.WebhookData> desired, boolean prune, SecretCheck secrets,
                                     List<Change> changes, List<Change> deletions) {
        int[] match = matchWebhooks(current, desired);
        boolean[] kept = new boolean[current.size()];
        for (int i = 0; i < desired.size(); i++) {
            TenancyData.WebhookData wanted = desired.get(i);
            TenancyData.WebhookData to = wanted.normalized();
            if (match[i] < 0) {
                changes.add(new Change(CREATE, WEBHOOK, organization, to.url(), null, to, wanted));
                continue;
            }
            TenancyData.WebhookData stored = current.get(match[i]);
            kept[match[i]] = true;
            if (!stored.sameAs(wanted)) {
                changes.add(new Change(CHANGE, WEBHOOK, organization, to.url(), stored.normalized(), to, stored));
            }
            if (wanted.secret() != null && !secrets.signsWith(organization, stored.id(), wanted.secret())) {
                changes.add(new Change(CHANGE, WEBHOOK_SECRET, organization, to.url(), null, null,
                        new TenancyData.WebhookData(stored.id(), to.url(), null, null, wanted.secret())));
            }
        }
        if (prune) {
            for (int j = 0; j < current.size(); j++) {
                if (!kept[j]) {
                    TenancyData.WebhookData stored = current.get(j);
                    deletions.add(new Change(DELETE, WEBHOOK, organization, stored.url(), stored.normalized(), null,
                            stored));
                }
            }
        }
    }

    /** A role as the document writes it and the configuration reads it: no blank description, sorted permissions. */
    public static RoleInput normalized(RoleInput role) {
        String description = role.description() == null || role.description().isEmpty() ? null : role.description();
        List<String> permissions = role.permissions() == null ? List.of()
                : List.copyOf(new TreeSet<>(role.permissions()));
        return new RoleInput(role.name(), description, permissions, Boolean.TRUE.equals(role.defaultRole()));
    }

    private static void diffRoles(String kind, String organization, Map<String, RoleInput> current,
                                  List<RoleInput> desired, boolean prune, List<Change> changes, List<Change> deletions) {
        Map<String, RoleInput> wanted = byName(desired);
        wanted.forEach((name, to) -> {
            RoleInput from = current.get(name);
            if (from == null) {
                changes.add(new Change(CREATE, kind, organization, name, null, to));
            } else if (!Objects.equals(from, to)) {
                changes.add(new Change(CHANGE, kind, organization, name, from, to));
            }
        });
        if (prune) {
            current.forEach((name, from) -> {
                if (!wanted.containsKey(name)) {
                    deletions.add(new Change(DELETE, kind, organization, name, from, null));
                }
            });
        }
    }

    private static Map<String, RoleInput> byName(List<RoleInput> roles) {
        Map<String, RoleInput> byName = new LinkedHashMap<>();
        for (RoleInput role : nullSafe(roles)) {
            RoleInput normal = normalized(role);
            byName.put(normal.name(), normal);
        }
        return byName;
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }
}
