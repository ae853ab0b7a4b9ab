package dev.keycloaktenancy.roles.transfer;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import dev.keycloaktenancy.InputText;
import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.TenancyException;
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
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Export and import of a realm's tenancy data (role template, organization roles, role assignments). Import checks
 * the whole document before changing anything and is refused as a whole, with the list of what did not match.
 */
public final class TenancyTransfer {

    private static final Logger LOG = Logger.getLogger(TenancyTransfer.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            .setDefaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL));

    private final KeycloakSession session;
    private final RealmModel realm;
    private final RoleDefinitions definitions;
    private final RoleAssignments assignments;
    private final RolePromises promises;

    public TenancyTransfer(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.definitions = new RoleDefinitions(session, realm);
        this.assignments = new RoleAssignments(session, realm);
        this.promises = new RolePromises(session, realm);
    }

    /** What an import changed. */
    /**
     * What an import did. {@code skipped}: roles promised by invitations that are no longer pending here, which is
     * how a restore from Keycloak's own export looks (it does not carry pending invitations): nobody can accept them.
     */
    public record Summary(int templateRoles, int organizationRoles, int members, List<String> skipped) {
    }

    public TenancyData export() {
        List<RoleInput> template = definitions.templateRoles().stream().map(TenancyTransfer::toInput).toList();
        List<TenancyData.OrganizationData> organizations = new ArrayList<>();
        OrganizationProvider provider = session.getProvider(OrganizationProvider.class);
        for (OrganizationModel organization : provider.getAllStream().toList()) {
            List<RoleInput> own = definitions.ownRolesOf(organization).stream()
                    .map(TenancyTransfer::toInput).toList();
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
            if (!own.isEmpty() || !members.isEmpty() || !invitations.isEmpty()) {
                organizations.add(new TenancyData.OrganizationData(organization.getAlias(), own, members,
                        invitations.isEmpty() ? null : invitations));
            }
        }
        return new TenancyData(TenancyData.FORMAT_VERSION, realm.getName(), template, organizations);
    }

    public static TenancyData parse(String json) {
        InputText.requireNoNul(json);
        try {
            TenancyData data = JSON.readValue(json, TenancyData.class);
            if (data == null) {
                throw TenancyException.badRequest("The import document is empty.");
            }
            return data;
        } catch (InvalidNullException e) {
            throw TenancyException.badRequest("invalid_document", "The import document has an empty (null) item at "
                    + path(e) + ": leave it out.");
        } catch (IOException e) {
            throw TenancyException.badRequest("invalid_document", "The import document is not valid JSON of the tenancy"
                    + " export format: " + firstLine(e.getMessage()));
        }
    }

    /** Imports a document, or changes nothing and reports every problem found. */
    public Summary importData(TenancyData data) {
        if (!Tenancy.isEnabled(realm)) {
            throw TenancyException.notEnabled(realm.getName());
        }
        if (data.formatVersion() != null && data.formatVersion() != TenancyData.FORMAT_VERSION) {
            throw TenancyException.badRequest("Unsupported formatVersion " + data.formatVersion() + "; this version reads "
                    + TenancyData.FORMAT_VERSION + ".");
        }
        Plan plan = check(data);
        if (!plan.problems.isEmpty()) {
            throw TenancyException.of(Response.Status.BAD_REQUEST, "import_rejected", "Nothing was imported: "
                    + plan.problems.size() + " item(s) of the document do not match this realm.", Map.of("problems", plan.problems));
        }
        return apply(data, plan);
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

    private Plan check(TenancyData data) {
        Plan plan = new Plan();
        Set<String> templateNames = new HashSet<>(definitions.templateRoles().stream().map(OrganizationRole::name).toList());
        for (RoleInput role : nullSafe(data.roleTemplate())) {
            checkRole(role, "roleTemplate", plan).ifPresent(templateNames::add);
        }
        OrganizationProvider provider = session.getProvider(OrganizationProvider.class);
        for (TenancyData.OrganizationData org : nullSafe(data.organizations())) {
            OrganizationModel organization = org.alias() == null ? null : provider.getByAlias(org.alias());
            if (organization == null) {
                plan.problems.add("organization '" + org.alias() + "' does not exist in realm " + realm.getName());
                continue;
            }
            plan.organizations.put(org.alias(), organization);
            Set<String> available = new HashSet<>(templateNames);
            definitions.ownRolesOf(organization).forEach(r -> available.add(r.name()));
            for (RoleInput role : nullSafe(org.roles())) {
                checkRole(role, "organization " + org.alias(), plan).ifPresent(name -> {
                    if (templateNames.contains(name)) {
                        plan.problems.add("organization " + org.alias() + ": role '" + name + "' is also a template role");
                    }
                    available.add(name);
                });
            }
            for (TenancyData.MemberData member : nullSafe(org.members())) {
                UserModel user = member.username() == null ? null
                        : session.users().getUserByUsername(realm, member.username());
                if (user == null) {
                    plan.problems.add("organization " + org.alias() + ": user '" + member.username() + "' does not exist");
                    continue;
                }
                plan.users.put(member.username(), user);
                if (!organization.isMember(user)) {
                    plan.problems.add("organization " + org.alias() + ": user '" + member.username() + "' is not a member");
                }
                for (String roleName : nullSafe(member.roles())) {
                    if (!available.contains(roleName)) {
                        plan.problems.add("organization " + org.alias() + ": user '" + member.username()
                                + "' has unknown role '" + roleName + "'");
                    }
                }
            }
            for (TenancyData.InvitationData invitationData : nullSafe(org.invitations())) {
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
                        plan.problems.add("organization " + org.alias() + ": invitation of '" + invitationData.email()
                                + "' has unknown role '" + roleName + "'");
                    }
                }
            }
        }
        return plan;
    }

    private static Optional<String> checkRole(RoleInput role, String where, Plan plan) {
        try {
            return Optional.of(role.validated().name());
        } catch (TenancyException e) {
            plan.problems.add(where + ": " + e.description());
            return Optional.empty();
        }
    }

    private Summary apply(TenancyData data, Plan plan) {
        Map<String, OrganizationRole> template = definitions.templateRoles().stream()
                .collect(Collectors.toMap(OrganizationRole::name, r -> r));
        for (RoleInput role : nullSafe(data.roleTemplate())) {
            if (template.containsKey(role.name())) {
                definitions.updateTemplateRole(role.name(), role);
            } else {
                definitions.createTemplateRole(role);
            }
        }
        int organizationRoles = 0;
        int members = 0;
        for (TenancyData.OrganizationData org : nullSafe(data.organizations())) {
            OrganizationModel organization = plan.organizations.get(org.alias());
            Set<String> own = definitions.ownRolesOf(organization).stream()
                    .map(OrganizationRole::name).collect(Collectors.toSet());
            for (RoleInput role : nullSafe(org.roles())) {
                if (own.contains(role.name())) {
                    definitions.updateOrganizationRole(organization, role.name(), role, Actor.administrator());
                } else {
                    definitions.createOrganizationRole(organization, role, Actor.administrator());
                }
                organizationRoles++;
            }
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
        return new Summary(nullSafe(data.roleTemplate()).size(), organizationRoles, members, List.copyOf(plan.skipped));
    }

    private static RoleInput toInput(OrganizationRole role) {
        return new RoleInput(role.name(), role.description(), List.copyOf(role.permissions()), role.defaultRole());
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
