package dev.keycloaktenancy.roles.transfer;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;
import dev.keycloaktenancy.InputText;
import dev.keycloaktenancy.RealmSettings;
import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.TenancyException;
import dev.keycloaktenancy.keycloak.RealmSettingsTab;
import dev.keycloaktenancy.keycloak.RowLocks;
import dev.keycloaktenancy.roles.Actor;
import dev.keycloaktenancy.roles.OrganizationRole;
import dev.keycloaktenancy.roles.RoleAssignments;
import dev.keycloaktenancy.roles.RoleDefinitions;
import dev.keycloaktenancy.roles.RolePromises;
import dev.keycloaktenancy.roles.RoleInput;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationInvitationModel;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Export and import of a realm's tenancy data (role template, organization roles, role assignments). Import checks
 * the whole document before changing anything and is refused as a whole, with the list of what did not match.
 */
public final class TenancyTransfer {

    private static final Logger LOG = Logger.getLogger(TenancyTransfer.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            .configure(DeserializationFeature.FAIL_ON_IGNORED_PROPERTIES, true)
            .setDefaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL));

    private final KeycloakSession session;
    private final RealmModel realm;
    private final RoleDefinitions definitions;
    private final RoleAssignments assignments;
    private final RolePromises promises;
    private final OrganizationPolicies policies;
    /** Null: webhooks are left out of the configuration read, and a document that has some is refused. */
    private final ConfigWebhooks webhooks;

    public TenancyTransfer(KeycloakSession session, RealmModel realm, OrganizationPolicies policies) {
        this(session, realm, policies, null);
    }

    public TenancyTransfer(KeycloakSession session, RealmModel realm, OrganizationPolicies policies,
                           ConfigWebhooks webhooks) {
        this.session = session;
        this.realm = realm;
        this.policies = policies;
        this.webhooks = webhooks;
        this.definitions = new RoleDefinitions(session, realm);
        this.assignments = new RoleAssignments(session, realm);
        this.promises = new RolePromises(session, realm);
    }

    /**
     * What an import did. {@code skipped}: roles promised by invitations that are no longer pending here, which is
     * how a restore from Keycloak's own export looks (it does not carry pending invitations): nobody can accept them.
     * {@code changes}: the roles and settings it created, changed or deleted.
     */
    public record Summary(int templateRoles, int organizationRoles, int members, List<String> skipped,
                          List<ConfigPlan.Change> changes) {
    }

    /**
     * What applying a configuration document did (or, for a dry run, would do): {@code changed} is false when the
     * realm already was as the document says.
     */
    public record Applied(@JsonProperty("dryRun") boolean dryRun, @JsonProperty("changed") boolean changed,
                          @JsonProperty("changes") List<ConfigPlan.Change> changes) {
    }

    public TenancyData export() {
        List<RoleInput> template = templateRoles();
        List<TenancyData.OrganizationData> organizations = new ArrayList<>();
        OrganizationProvider provider = session.getProvider(OrganizationProvider.class);
        for (OrganizationModel organization : organizationsByAlias(provider)) {
            List<RoleInput> own = ownRoles(organization);
            List<TenancyData.MemberData> members = assignments.assignmentsOf(organization)
                    .entrySet().stream()
                    .map(e -> {
                        UserModel user = session.users().getUserById(realm, e.getKey());
                        return user == null ? null : new TenancyData.MemberData(user.getUsername(), List.copyOf(e.getValue()));
                    })
                    .filter(Objects::nonNull)
                    .sorted(Comparator.comparing(TenancyData.MemberData::username))
                    .toList();
            List<TenancyData.InvitationData> invitations = promises.promises(organization).entrySet().stream()
                    .map(e -> {
                        OrganizationInvitationModel invitation = provider.getInvitationManager()
                                .getByEmail(organization, e.getKey());
                        return invitation == null ? null : new TenancyData.InvitationData(invitation.getEmail(),
                                e.getValue().stream().map(OrganizationRole::name).toList());
                    })
                    .filter(Objects::nonNull)
                    .sorted(Comparator.comparing(TenancyData.InvitationData::email))
                    .toList();
            TenancyData.SecurityData security = securityOf(organization);
            if (!own.isEmpty() || !members.isEmpty() || !invitations.isEmpty() || security != null) {
                organizations.add(new TenancyData.OrganizationData(organization.getAlias(), own, members,
                        invitations.isEmpty() ? null : invitations, security));
            }
        }
        return new TenancyData(TenancyData.FORMAT_VERSION, realm.getName(), template, organizations,
                RealmSettings.of(realm), null);
    }

    /**
     * The realm's configuration: the role template, the roles of each organization that has its own, the security
     * policy of each organization whose policy is not the default, the realm's tenancy settings, and (when this
     * transfer was given webhooks) the realm's webhooks and each organization's; no members, invitations or secrets.
     * Applying it to another realm with the same organizations makes that realm's configuration read the same.
     */
    public TenancyData configuration() {
        List<TenancyData.OrganizationData> organizations = new ArrayList<>();
        for (OrganizationModel organization : organizationsByAlias(session.getProvider(OrganizationProvider.class))) {
            List<RoleInput> own = ownRoles(organization);
            TenancyData.SecurityData security = securityOf(organization);
            List<TenancyData.WebhookData> hooks = webhooks == null ? List.of() : webhooksOf(organization);
            if (!own.isEmpty() || security != null || !hooks.isEmpty()) {
                organizations.add(new TenancyData.OrganizationData(organization.getAlias(),
                        own.isEmpty() ? null : own, null, null, security, hooks.isEmpty() ? null : hooks));
            }
        }
        return new TenancyData(TenancyData.FORMAT_VERSION, realm.getName(), templateRoles(), organizations,
                RealmSettings.of(realm), webhooks == null ? null : webhooksOf(null), null);
    }

    /** The owner's webhooks (with their ids, which no answer shows), sorted by URL, then events, then enabled. */
    private List<TenancyData.WebhookData> webhooksOf(OrganizationModel organization) {
        return webhooks.read(organization).stream()
                .map(w -> {
                    TenancyData.WebhookData normal = w.normalized();
                    return new TenancyData.WebhookData(w.id(), normal.url(), normal.events(), normal.enabled(), null);
                })
                .sorted(Comparator.comparing(TenancyData.WebhookData::url)
                        .thenComparing(w -> String.join(" ", w.events()))
                        .thenComparing(TenancyData.WebhookData::enabled))
                .toList();
    }

    /**
     * Applies a configuration document: checks it whole, then makes the changes of its {@link ConfigPlan}. A dry run
     * makes the same changes, so that it meets the same refusals, and then rolls the request's transaction back.
     */
    public Applied applyConfiguration(TenancyData data, boolean dryRun) {
        requireEnabled();
        List<String> problems = new ArrayList<>();
        List<TenancyData.OrganizationData> organizations = nullSafe(data.organizations());
        for (int i = 0; i < organizations.size(); i++) {
            if (organizations.get(i).members() != null) {
                problems.add("organizations[" + i + "].members: members are data, not configuration: import them with"
                        + " POST …/tenancy/import");
            }
            if (organizations.get(i).invitations() != null) {
                problems.add("organizations[" + i + "].invitations: invitations are data, not configuration: import"
                        + " them with POST …/tenancy/import");
            }
        }
        // Applies of the same realm queue up here, so each plans against what the one before committed.
        RowLocks.of(session).lockRealm(realm.getId());
        Plan plan = check(data);
        problems.addAll(plan.problems);
        if (!problems.isEmpty()) {
            throw refusal("config_rejected", "Nothing was applied", problems);
        }
        ConfigPlan changes = plan(data);
        apply(changes, plan);
        if (dryRun) {
            session.getTransactionManager().setRollbackOnly();
        }
        return new Applied(dryRun, !changes.isEmpty(), changes.changes());
    }

    public static TenancyData parse(String json) {
        InputText.requireNoNul(json);
        try {
            TenancyData data = JSON.readValue(json, TenancyData.class);
            if (data == null) {
                throw TenancyException.badRequest("The document is empty (null).");
            }
            return data;
        } catch (InvalidNullException e) {
            throw TenancyException.badRequest("invalid_document", "The document has an empty (null) item at "
                    + path(e) + ": leave it out.");
        } catch (PropertyBindingException e) {
            throw TenancyException.badRequest("invalid_document", "The document has an unknown field at " + path(e)
                    + "; the fields there are " + e.getKnownPropertyIds() + ".");
        } catch (JsonMappingException e) {
            throw TenancyException.badRequest("invalid_document", "The document has a value of the wrong type at "
                    + path(e) + ": " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw TenancyException.badRequest("invalid_document", "The document is not valid JSON of the tenancy"
                    + " export format: " + firstLine(e.getMessage()));
        }
    }

    /** Imports a document, or changes nothing and reports every problem found. */
    public Summary importData(TenancyData data) {
        requireEnabled();
        Plan plan = check(data);
        if (!plan.problems.isEmpty()) {
            throw refusal("import_rejected", "Nothing was imported", plan.problems);
        }
        ConfigPlan changes = plan(data);
        apply(changes, plan);
        int members = applyMembers(data, plan);
        int organizationRoles = nullSafe(data.organizations()).stream().mapToInt(o -> nullSafe(o.roles()).size()).sum();
        return new Summary(nullSafe(data.roleTemplate()).size(), organizationRoles, members, List.copyOf(plan.skipped),
                changes.changes());
    }

    private ConfigPlan plan(TenancyData data) {
        return ConfigPlan.between(configuration(), data, (alias, id, secret) ->
                webhooks.hasSecret(alias == null ? null : session.getProvider(OrganizationProvider.class)
                        .getByAlias(alias), id, secret));
    }

    private void requireEnabled() {
        if (!Tenancy.isEnabled(realm)) {
            throw TenancyException.notEnabled(realm.getName());
        }
    }

    private static TenancyException refusal(String error, String nothing, List<String> problems) {
        return TenancyException.of(Response.Status.BAD_REQUEST, error, nothing + ": " + problems.size()
                + " item(s) of the document do not match this realm; the first: " + problems.get(0),
                Map.of("problems", problems));
    }

    /** Where in the document a problem is, as {@code organizations[0].members[2]}. */
    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "the top level" : path.toString();
    }

    /** The seed in a realm JSON's attribute; a broken seed is logged and skipped, the realm itself still imports. */
    public void importFromRealmAttribute(String json) {
        try {
            Summary summary = importData(parse(json));
            LOG.infof("Imported tenancy data into realm %s: %s", realm.getName(), summary);
        } catch (TenancyException e) {
            LOG.errorf("Tenancy data in attribute %s of realm %s was not imported: %s", Tenancy.IMPORT,
                    realm.getName(), e.description());
        }
    }

    private static final class Plan {
        final List<String> problems = new ArrayList<>();
        final List<String> skipped = new ArrayList<>();
        final Map<String, OrganizationModel> organizations = new LinkedHashMap<>();
        final Map<String, UserModel> users = new LinkedHashMap<>();
        final Map<String, OrganizationInvitationModel> invitations = new LinkedHashMap<>();
    }

    /** Checks the whole document against the realm; each problem starts with the JSON path of its field. */
    private Plan check(TenancyData data) {
        Plan plan = new Plan();
        if (data.formatVersion() != null && data.formatVersion() != TenancyData.FORMAT_VERSION) {
            plan.problems.add("formatVersion: " + data.formatVersion() + " is not supported; this version reads "
                    + TenancyData.FORMAT_VERSION + ".");
        }
        if (data.settings() != null) {
            plan.problems.addAll(data.settings().problems("settings."));
        }
        checkWebhooks(null, data.webhooks(), "webhooks", plan);
        Set<String> templateNames = new HashSet<>(definitions.templateRoles().stream().map(OrganizationRole::name).toList());
        checkRoles(data.roleTemplate(), "roleTemplate", plan).forEach(templateNames::add);
        OrganizationProvider provider = session.getProvider(OrganizationProvider.class);
        Set<String> aliases = new HashSet<>();
        List<TenancyData.OrganizationData> organizations = nullSafe(data.organizations());
        for (int i = 0; i < organizations.size(); i++) {
            TenancyData.OrganizationData org = organizations.get(i);
            String at = "organizations[" + i + "]";
            OrganizationModel organization = org.alias() == null ? null : provider.getByAlias(org.alias());
            if (organization == null) {
                plan.problems.add(at + ".alias: organization '" + org.alias() + "' does not exist in realm "
                        + realm.getName());
                continue;
            }
            if (!aliases.add(org.alias())) {
                plan.problems.add(at + ".alias: organization '" + org.alias() + "' is listed twice");
                continue;
            }
            plan.organizations.put(org.alias(), organization);
            checkWebhooks(organization, org.webhooks(), at + ".webhooks", plan);
            if (org.security() != null) {
                TenancyData.SecurityData from = policies.read(organization);
                plan.problems.addAll(policies.problems(organization, from,
                        org.security().over(from, Boolean.TRUE.equals(data.prune())), capAfter(data), at + ".security"));
            }
            Set<String> available = new HashSet<>(templateNames);
            definitions.ownRolesOf(organization).forEach(r -> available.add(r.name()));
            List<String> own = checkRoles(org.roles(), at + ".roles", plan);
            for (int j = 0; j < own.size(); j++) {
                String name = own.get(j);
                if (templateNames.contains(name)) {
                    plan.problems.add(at + ".roles: role '" + name + "' is also a template role");
                }
                available.add(name);
            }
            List<TenancyData.MemberData> members = nullSafe(org.members());
            for (int j = 0; j < members.size(); j++) {
                TenancyData.MemberData member = members.get(j);
                String memberAt = at + ".members[" + j + "]";
                UserModel user = member.username() == null ? null
                        : session.users().getUserByUsername(realm, member.username());
                if (user == null) {
                    plan.problems.add(memberAt + ".username: user '" + member.username() + "' does not exist");
                    continue;
                }
                plan.users.put(member.username(), user);
                if (!organization.isMember(user)) {
                    plan.problems.add(memberAt + ".username: user '" + member.username() + "' is not a member of "
                            + org.alias());
                }
                for (String roleName : nullSafe(member.roles())) {
                    if (!available.contains(roleName)) {
                        plan.problems.add(memberAt + ".roles: unknown role '" + roleName + "'");
                    }
                }
            }
            List<TenancyData.InvitationData> invitations = nullSafe(org.invitations());
            for (int j = 0; j < invitations.size(); j++) {
                TenancyData.InvitationData invitationData = invitations.get(j);
                OrganizationInvitationModel invitation = invitationData.email() == null ? null
                        : provider.getInvitationManager().getByEmail(organization, invitationData.email());
                if (invitation == null || invitation.isExpired()) {
                    plan.skipped.add("organization " + org.alias() + ": no pending invitation for '"
                            + invitationData.email() + "', so its promised roles were not restored; invite again");
                    continue;
                }
                plan.invitations.put(org.alias() + "|" + invitationData.email(), invitation);
                for (String roleName : nullSafe(invitationData.roles())) {
                    if (!available.contains(roleName)) {
                        plan.problems.add(at + ".invitations[" + j + "].roles: unknown role '" + roleName + "'");
                    }
                }
            }
        }
        return plan;
    }

    /**
     * The webhook entries of one owner: each as {@code POST …/webhooks} checks it, no more than an owner may have,
     * and a secret for each entry that creates a webhook (a secret the pack made up could not be read by anyone).
     */
    private void checkWebhooks(OrganizationModel organization, List<TenancyData.WebhookData> entries, String at,
                               Plan plan) {
        if (entries == null) {
            return;
        }
        if (webhooks == null) {
            plan.problems.add(at + ": webhooks cannot be applied here; apply them with PUT …/tenancy/config");
            return;
        }
        if (entries.size() > webhooks.maxPerOwner()) {
            plan.problems.add(at + ": " + entries.size() + " webhooks, more than the " + webhooks.maxPerOwner()
                    + " one " + (organization == null ? "realm" : "organization") + " may have");
        }
        int[] match = ConfigPlan.matchWebhooks(webhooks.read(organization), entries);
        for (int i = 0; i < entries.size(); i++) {
            TenancyData.WebhookData entry = entries.get(i);
            plan.problems.addAll(webhooks.problems(entry, at + "[" + i + "]"));
            if (match[i] < 0 && entry.secret() == null) {
                plan.problems.add(at + "[" + i + "].secret: the document creates this webhook, so it needs its signing"
                        + " secret (whsec_ and the base64 of 24 to 64 random bytes), which the receiver checks"
                        + " signatures with; answers never show it, so keep it in your secret store");
            }
        }
    }

    /** The valid names of a list of roles; problems for invalid roles and names listed twice. */
    private static List<String> checkRoles(List<RoleInput> roles, String at, Plan plan) {
        List<String> names = new ArrayList<>();
        List<RoleInput> list = nullSafe(roles);
        for (int i = 0; i < list.size(); i++) {
            try {
                String name = list.get(i).validated().name();
                if (names.contains(name)) {
                    plan.problems.add(at + "[" + i + "].name: role '" + name + "' is listed twice");
                }
                names.add(name);
            } catch (TenancyException e) {
                plan.problems.add(at + "[" + i + "]: " + e.description());
            }
        }
        return names;
    }

    /** Makes the plan's changes to roles and settings (the document was checked). */
    private void apply(ConfigPlan changes, Plan plan) {
        boolean settingsChanged = false;
        for (ConfigPlan.Change change : changes.changes()) {
            switch (change.kind()) {
                case ConfigPlan.TEMPLATE_ROLE -> {
                    switch (change.action()) {
                        case ConfigPlan.CREATE -> definitions.createTemplateRole((RoleInput) change.to());
                        case ConfigPlan.CHANGE -> definitions.updateTemplateRole(change.name(), (RoleInput) change.to());
                        default -> definitions.deleteTemplateRole(change.name());
                    }
                }
                case ConfigPlan.ORGANIZATION_ROLE -> {
                    OrganizationModel organization = plan.organizations.get(change.organization());
                    switch (change.action()) {
                        case ConfigPlan.CREATE -> definitions.createOrganizationRole(organization,
                                (RoleInput) change.to(), Actor.administrator());
                        case ConfigPlan.CHANGE -> definitions.updateOrganizationRole(organization, change.name(),
                                (RoleInput) change.to(), Actor.administrator());
                        default -> definitions.deleteOrganizationRole(organization, change.name(), Actor.administrator());
                    }
                }
                case ConfigPlan.ORGANIZATION_SECURITY -> policies.write(plan.organizations.get(change.organization()),
                        (TenancyData.SecurityData) change.to());
                case ConfigPlan.WEBHOOK -> {
                    OrganizationModel owner = change.organization() == null ? null
                            : plan.organizations.get(change.organization());
                    switch (change.action()) {
                        case ConfigPlan.CREATE -> webhooks.create(owner, change.webhook());
                        case ConfigPlan.CHANGE -> webhooks.update(owner, change.webhook().id(),
                                (TenancyData.WebhookData) change.to());
                        default -> webhooks.delete(owner, change.webhook().id());
                    }
                }
                case ConfigPlan.WEBHOOK_SECRET -> webhooks.replaceSecret(change.organization() == null ? null
                        : plan.organizations.get(change.organization()), change.webhook().id(), change.webhook().secret());
                default -> {
                    RealmSettings.write(realm, change.name(), (String) change.to());
                    settingsChanged = true;
                }
            }
        }
        if (settingsChanged) {
            RealmSettingsTab.mirror(realm, RealmSettings.CONSOLE_TAB, RealmSettings.formValues(realm));
        }
    }

    /** Replaces the listed members' roles and restores invitations' promised roles; answers how many members. */
    private int applyMembers(TenancyData data, Plan plan) {
        int members = 0;
        for (TenancyData.OrganizationData org : nullSafe(data.organizations())) {
            OrganizationModel organization = plan.organizations.get(org.alias());
            for (TenancyData.MemberData member : nullSafe(org.members())) {
                assignments.replaceRoles(organization, plan.users.get(member.username()), nullSafe(member.roles()),
                        Actor.administrator());
                members++;
            }
            for (TenancyData.InvitationData invitationData : nullSafe(org.invitations())) {
                OrganizationInvitationModel invitation = plan.invitations.get(org.alias() + "|" + invitationData.email());
                if (invitation == null) {
                    continue;
                }
                promises.promise(organization, invitation.getId(), invitation.getEmail(),
                        definitions.resolve(organization, nullSafe(invitationData.roles())));
            }
        }
        return members;
    }

    /** The organization's security policy, or null when it is the default. */
    private TenancyData.SecurityData securityOf(OrganizationModel organization) {
        TenancyData.SecurityData security = policies.read(organization);
        return TenancyData.SecurityData.DEFAULT.equals(security) ? null : security;
    }

    /** The realm's MFA cap once the document is applied: the document's, else the realm's (none with prune). */
    private String capAfter(TenancyData data) {
        if (data.settings() != null && data.settings().allowedMfaMethods() != null) {
            return data.settings().normalized().allowedMfaMethods();
        }
        if (data.settings() != null && Boolean.TRUE.equals(data.prune())) {
            return null;
        }
        return realm.getAttribute(Tenancy.ALLOWED_MFA_METHODS);
    }

    private List<RoleInput> templateRoles() {
        return definitions.templateRoles().stream().map(TenancyTransfer::toInput)
                .sorted(Comparator.comparing(RoleInput::name)).toList();
    }

    private List<RoleInput> ownRoles(OrganizationModel organization) {
        return definitions.ownRolesOf(organization).stream().map(TenancyTransfer::toInput)
                .sorted(Comparator.comparing(RoleInput::name)).toList();
    }

    private static List<OrganizationModel> organizationsByAlias(OrganizationProvider provider) {
        return provider.getAllStream().sorted(Comparator.comparing(OrganizationModel::getAlias)).toList();
    }

    private static RoleInput toInput(OrganizationRole role) {
        return ConfigPlan.normalized(new RoleInput(role.name(), role.description(), List.copyOf(role.permissions()),
                role.defaultRole()));
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable input.";
        }
        String line = message.lines().findFirst().orElse(message);
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
