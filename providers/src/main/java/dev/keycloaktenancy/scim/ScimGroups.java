package dev.keycloaktenancy.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.filters.FilterType;
import com.unboundid.scim2.common.messages.PatchOpType;
import com.unboundid.scim2.common.messages.PatchOperation;
import com.unboundid.scim2.common.messages.PatchRequest;
import com.unboundid.scim2.common.utils.JsonUtils;
import dev.keycloaktenancy.InputText;
import dev.keycloaktenancy.keycloak.UserNames;
import dev.keycloaktenancy.roles.OrganizationRole;
import dev.keycloaktenancy.roles.RoleAssignments;
import dev.keycloaktenancy.roles.RoleDefinitions;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The roles available in one organization (the realm's template roles and its own) as SCIM Groups (RFC 7643 section
 * 4.2): {@code displayName} is the role's name, {@code members} the members holding it (each with its User's id and,
 * as {@code display}, its userName), {@code id} the role's id.
 * This class reads groups and works out what a request changes; the changes themselves are the role operations'.
 * A group's name never changes, as a role is never renamed.
 */
public final class ScimGroups {

    public static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";

    private static final ObjectMapper SCIM_JSON = JsonUtils.createObjectMapper();

    /** What a request does to a group's members: who gets the role, who loses it. */
    public record MemberChanges(Set<String> added, Set<String> removed) {

        public boolean isEmpty() {
            return added.isEmpty() && removed.isEmpty();
        }
    }

    /** A group as a request gives it: its name, and its members' ids (null when the request leaves them out). */
    public record GroupInput(String displayName, Set<String> members) {
    }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final OrganizationModel organization;
    private final String baseUrl;

    /** {@code baseUrl}: the organization's SCIM endpoint, for {@code meta.location} and members' {@code $ref}. */
    public ScimGroups(KeycloakSession session, OrganizationModel organization, String baseUrl) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.organization = organization;
        this.baseUrl = baseUrl;
    }

    /** The role with this id among those available in the organization; any other id is not found. */
    public OrganizationRole group(String id) {
        if (InputText.isSafeKey(id)) {
            for (OrganizationRole role : definitions().rolesAvailableIn(organization)) {
                if (role.id().equals(id)) {
                    return role;
                }
            }
        }
        throw ScimError.notFound("No Group with id '" + ScimUsers.shorten(id) + "'.");
    }

    /** The role with this name, if the organization has one. */
    public OrganizationRole named(String displayName) {
        return definitions().rolesAvailableIn(organization).stream().filter(r -> r.name().equals(displayName))
                .findFirst().orElse(null);
    }

    /** The group; with its members unless the client left them out ({@code excludedAttributes=members}). */
    public ObjectNode render(OrganizationRole role, boolean withMembers) {
        return render(role, withMembers, withMembers);
    }

    /** The group; its members' {@code display} (a read of their usernames) only with {@code withDisplay}. */
    private ObjectNode render(OrganizationRole role, boolean withMembers, boolean withDisplay) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.putArray("schemas").add(GROUP_SCHEMA);
        node.put("id", role.id());
        node.put("displayName", role.name());
        if (withMembers) {
            ArrayNode members = node.putArray("members");
            List<String> holders = assignments().holdersOf(organization, role);
            Map<String, String> userNames = withDisplay ? UserNames.of(session, realm, holders) : Map.of();
            for (String userId : holders) {
                ObjectNode member = members.addObject();
                member.put("value", userId);
                // RFC 7643 4.2: a human-readable name; the userName, as the member's User shows it
                String display = userNames.get(userId);
                if (display != null) {
                    member.put("display", display);
                }
                member.put("$ref", baseUrl + "/Users/" + userId);
                member.put("type", "User");
            }
        }
        ObjectNode meta = node.putObject("meta");
        meta.put("resourceType", "Group");
        meta.put("location", baseUrl + "/Groups/" + role.id());
        return node;
    }

    /** Groups matching the filter (all without one), a page at a time; {@code startIndex} counts from 1. */
    public ScimUsers.Page list(String filter, Integer startIndex, Integer count, boolean withMembers) {
        int start = startIndex == null || startIndex < 1 ? 1 : startIndex;
        int size = count == null ? ScimUsers.DEFAULT_COUNT : Math.max(0, Math.min(count, ScimUsers.MAX_COUNT));
        Filter parsed = filter == null || filter.isBlank() ? null : ScimUsers.parseFilter(filter);
        // members are read for the filter only when it names them: a role may be held by every member
        boolean filterNeedsMembers = parsed != null && filter.toLowerCase(Locale.ROOT).contains("members");
        // and their names only when it names display (not displayName)
        boolean filterNeedsDisplay = filterNeedsMembers
                && filter.toLowerCase(Locale.ROOT).replace("displayname", "").contains("display");
        List<OrganizationRole> matching = definitions().rolesAvailableIn(organization).stream()
                .filter(role -> parsed == null
                        || ScimUsers.matches(parsed, render(role, filterNeedsMembers, filterNeedsDisplay)))
                .toList();
        int from = Math.min(start - 1, matching.size());
        return new ScimUsers.Page(matching.size(), start, matching.subList(from, Math.min(matching.size(), from + size))
                .stream().map(role -> render(role, withMembers)).toList());
    }

    /** Reads a whole group (POST, PUT): {@code displayName} is required, {@code members} optional. */
    public GroupInput read(JsonNode resource) {
        if (resource == null || !resource.isObject()) {
            throw ScimError.invalidSyntax("The request body must be a JSON object: a SCIM Group.");
        }
        JsonNode name = resource.get("displayName");
        if (name == null || !name.isTextual() || name.textValue().isBlank()) {
            throw ScimError.invalidValue("Attribute 'displayName' is required: the name of one of "
                    + organization.getName() + "'s roles.");
        }
        JsonNode members = resource.get("members");
        return new GroupInput(name.textValue().strip(), members == null || members.isNull() ? null : memberIds(members));
    }

    /** What a PUT changes: the members become exactly those given (none when left out); the name must stay. */
    public MemberChanges replace(OrganizationRole role, GroupInput input) {
        requireSameName(role, input.displayName());
        return changes(role, input.members() == null ? Set.of() : input.members());
    }

    /** What a new group's members are: they all get the role. */
    public MemberChanges created(GroupInput input) {
        Set<String> members = input.members() == null ? Set.of() : input.members();
        requireMembers(members);
        return new MemberChanges(members, Set.of());
    }

    /**
     * What a PATCH request (RFC 7644 section 3.5.2) changes, applied in order to the group's members: {@code add},
     * {@code replace} and {@code remove} of {@code members}, including {@code members[value eq "…"]} paths, Microsoft
     * Entra ID's {@code remove} of {@code members} with a value naming those to remove, and Okta's {@code replace}
     * without a path whose value is part of the group. {@code displayName} may be given, unchanged.
     */
    public MemberChanges patch(OrganizationRole role, JsonNode body) {
        PatchRequest request = ScimPatches.read(SCIM_JSON, body);
        Set<String> members = new LinkedHashSet<>(assignments().holdersOf(organization, role));
        for (PatchOperation operation : request.getOperations()) {
            apply(role, operation, members);
        }
        return changes(role, members);
    }

    private void apply(OrganizationRole role, PatchOperation operation, Set<String> members) {
        PatchOpType op = operation.getOpType();
        Path path = operation.getPath();
        JsonNode value = operation.getJsonNode();
        if (path == null || path.isRoot()) {
            if (op == PatchOpType.REMOVE || value == null || !value.isObject()) {
                throw ScimError.invalidValue("A PATCH operation without a path is add or replace, with an object"
                        + " holding the group's attributes as its value.");
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                String attribute = field.getKey().toLowerCase(Locale.ROOT);
                if (attribute.equals("displayname")) {
                    requireSameName(role, field.getValue().asText());
                } else if (attribute.equals("members")) {
                    changeMembers(op, memberIds(field.getValue()), members);
                }
            }
            return;
        }
        if (path.size() != 1) {
            throw invalidPath(path);
        }
        Path.Element element = path.getElement(0);
        String attribute = element.getAttribute().toLowerCase(Locale.ROOT);
        if (attribute.equals("displayname") && element.getValueFilter() == null) {
            if (op == PatchOpType.REMOVE) {
                throw new ScimError(400, "mutability", "A group's displayName is required and cannot be removed.");
            }
            requireSameName(role, value == null ? null : value.asText());
            return;
        }
        if (attribute.equals("externalid")) {
            return;
        }
        if (!attribute.equals("members")) {
            throw invalidPath(path);
        }
        Filter filter = element.getValueFilter();
        if (filter == null) {
            if (op == PatchOpType.REMOVE && (value == null || value.isNull())) {
                members.clear();
            } else {
                changeMembers(op, memberIds(value), members);
            }
            return;
        }
        if (op != PatchOpType.REMOVE || filter.getFilterType() != FilterType.EQUAL
                || !filter.getAttributePath().toString().equalsIgnoreCase("value")
                || filter.getComparisonValue() == null || !filter.getComparisonValue().isTextual()) {
            throw invalidPath(path);
        }
        members.remove(filter.getComparisonValue().textValue());
    }

    private static void changeMembers(PatchOpType op, Set<String> ids, Set<String> members) {
        switch (op) {
            case ADD -> members.addAll(ids);
            case REPLACE -> {
                members.clear();
                members.addAll(ids);
            }
            case REMOVE -> members.removeAll(ids);
        }
    }

    private MemberChanges changes(OrganizationRole role, Set<String> wanted) {
        Set<String> current = new LinkedHashSet<>(assignments().holdersOf(organization, role));
        Set<String> added = new LinkedHashSet<>(wanted);
        added.removeAll(current);
        Set<String> removed = new LinkedHashSet<>(current);
        removed.removeAll(wanted);
        requireMembers(added);
        return new MemberChanges(added, removed);
    }

    /** Members are given by their User id; each must be a member of the organization. */
    private void requireMembers(Set<String> ids) {
        for (String id : ids) {
            UserModel user = InputText.isSafeKey(id) ? session.users().getUserById(realm, id) : null;
            if (user == null || !organization.isMember(user)) {
                throw ScimError.invalidValue("'" + ScimUsers.shorten(id) + "' is not the id of a User of "
                        + organization.getName() + ": a group's members are the organization's Users.");
            }
        }
    }

    /** The {@code value} of each member object (a single object counts as a list of one). */
    private static Set<String> memberIds(JsonNode members) {
        Set<String> ids = new LinkedHashSet<>();
        if (members == null || members.isNull()) {
            return ids;
        }
        for (JsonNode member : members.isArray() ? members : List.of(members)) {
            JsonNode value = member.get("value");
            if (!member.isObject() || value == null || !value.isTextual()) {
                throw ScimError.invalidValue("Each member is an object whose 'value' is the id of a User.");
            }
            ids.add(value.textValue());
        }
        return ids;
    }

    private static void requireSameName(OrganizationRole role, String displayName) {
        if (displayName == null || !displayName.strip().equals(role.name())) {
            throw new ScimError(400, "mutability", "Group '" + role.name() + "' is a role of the organization, and"
                    + " a role is never renamed (tokens and applications refer to it by name): create a group with"
                    + " the new name instead.");
        }
    }

    private static ScimError invalidPath(Path path) {
        return new ScimError(400, "invalidPath", "Path '" + ScimUsers.shorten(path.toString()) + "' is not one a"
                + " group has: its attributes are displayName and members (members[value eq \"…\"] to remove one).");
    }

    private RoleDefinitions definitions() {
        return new RoleDefinitions(session, realm);
    }

    private RoleAssignments assignments() {
        return new RoleAssignments(session, realm);
    }
}
