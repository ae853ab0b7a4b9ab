package dev.keycloaktenancy.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.GenericScimResource;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.filters.FilterType;
import com.unboundid.scim2.common.messages.PatchRequest;
import com.unboundid.scim2.common.utils.FilterEvaluator;
import com.unboundid.scim2.common.utils.JsonUtils;
import dev.keycloaktenancy.InputText;
import dev.keycloaktenancy.accounts.AccountOwnership;
import dev.keycloaktenancy.domains.DomainName;
import dev.keycloaktenancy.keycloak.Memberships;
import dev.keycloaktenancy.roles.Actor;
import dev.keycloaktenancy.roles.RoleAssignments;
import dev.keycloaktenancy.security.AccountControls;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.OrganizationDomainModel;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The members of one organization as SCIM Users (RFC 7643 section 4.1), with the attribute mapping of Keycloak's own
 * SCIM server ({@link UserInput}). Users a directory creates become managed members of the organization, accounts it
 * owns; an existing account is taken over only if the organization already owns it. Filters and PATCH are the
 * UnboundID SCIM 2 SDK's.
 */
public final class ScimUsers {

    public static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    public static final String LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    /** The user attribute holding the directory's own id of the user. */
    public static final String EXTERNAL_ID = "tenancy.scim.external-id";
    public static final int DEFAULT_COUNT = 100;
    public static final int MAX_COUNT = 200;

    private static final ObjectMapper SCIM_JSON = JsonUtils.createObjectMapper();
    /**
     * The one answer for any account that stands in the way, whether or not the organization owns it: a directory
     * learns nothing about accounts outside its organization from it.
     */
    private static final String TAKEN = "An account with this userName or email already exists, so it cannot be"
            + " provisioned here.";

    /** What a request did to whether the account may sign in: nothing, or suspended or restored it. */
    public enum AccountChange { NONE, SUSPENDED, RESTORED }

    /** A user a creation provisioned (new, or an owned account taken over), and what it did to the account. */
    public record Provisioned(UserModel user, AccountChange account) {
    }

    /** One page of a list: the total and the resources of the page. */
    public record Page(int total, int startIndex, List<ObjectNode> resources) {

        public ObjectNode toJson() {
            ObjectNode list = JsonNodeFactory.instance.objectNode();
            list.putArray("schemas").add(LIST_SCHEMA);
            list.put("totalResults", total);
            list.put("startIndex", startIndex);
            list.put("itemsPerPage", resources.size());
            ArrayNode items = list.putArray("Resources");
            resources.forEach(items::add);
            return list;
        }
    }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final OrganizationModel organization;
    private final String baseUrl;
    private final ScimSettings settings;

    /** {@code baseUrl}: the organization's SCIM endpoint, for {@code meta.location}. */
    public ScimUsers(KeycloakSession session, OrganizationModel organization, String baseUrl, ScimSettings settings) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.organization = organization;
        this.baseUrl = baseUrl;
        this.settings = settings;
    }

    public ObjectNode render(UserModel user) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.putArray("schemas").add(USER_SCHEMA);
        node.put("id", user.getId());
        String externalId = user.getFirstAttribute(EXTERNAL_ID);
        if (externalId != null) {
            node.put("externalId", externalId);
        }
        node.put("userName", user.getUsername());
        if (user.getFirstName() != null || user.getLastName() != null) {
            ObjectNode name = node.putObject("name");
            if (user.getFirstName() != null) {
                name.put("givenName", user.getFirstName());
            }
            if (user.getLastName() != null) {
                name.put("familyName", user.getLastName());
            }
        }
        if (user.getEmail() != null) {
            ObjectNode email = node.putArray("emails").addObject();
            email.put("value", user.getEmail());
            email.put("type", "work");
            email.put("primary", true);
        }
        node.put("active", user.isEnabled());
        ObjectNode meta = node.putObject("meta");
        meta.put("resourceType", "User");
        if (user.getCreatedTimestamp() != null) {
            meta.put("created", Instant.ofEpochMilli(user.getCreatedTimestamp()).toString());
        }
        meta.put("location", baseUrl + "/Users/" + user.getId());
        return node;
    }

    /** A member of the organization; anyone else is not found, whether or not the account exists. */
    public UserModel member(String id) {
        UserModel user = InputText.isSafeKey(id) ? session.users().getUserById(realm, id) : null;
        if (user == null || !organization.isMember(user)) {
            throw ScimError.notFound("No User with id '" + shorten(id) + "'.");
        }
        return user;
    }

    /** Members matching the filter (all without one), a page at a time; {@code startIndex} counts from 1. */
    public Page list(String filter, Integer startIndex, Integer count) {
        int start = startIndex == null || startIndex < 1 ? 1 : startIndex;
        int size = count == null ? DEFAULT_COUNT : Math.max(0, Math.min(count, MAX_COUNT));
        OrganizationProvider organizations = organizations();
        if (filter == null || filter.isBlank()) {
            int total = (int) organizations.getMembersCount(organization);
            List<ObjectNode> page = size == 0 ? List.of()
                    : organizations.getMembersStream(organization, (String) null, null, start - 1, size)
                    .map(this::render).toList();
            return new Page(total, start, page);
        }
        Filter parsed = parseFilter(filter);
        Stream<UserModel> candidates = indexedCandidates(parsed).orElseGet(() -> everyMember(organizations));
        List<ObjectNode> matching = candidates.filter(user -> user != null && organization.isMember(user))
                .map(this::render).filter(node -> matches(parsed, node)).toList();
        int from = Math.min(start - 1, matching.size());
        return new Page(matching.size(), start, matching.subList(from, Math.min(matching.size(), from + size)));
    }

    /**
     * Every member, for a filter no index answers; refused beyond {@link ScimSettings#maxScannedMembers()} (10 000 by
     * default), where one request would hold a server thread for minutes (measured: more than three at 110 000
     * members) on a token of one organization.
     */
    private Stream<UserModel> everyMember(OrganizationProvider organizations) {
        int most = settings.maxScannedMembers();
        if (organizations.getMembersCount(organization) > most) {
            throw ScimError.tooMany("This filter is answered by reading every member, and the organization has more"
                    + " than " + most + ": filter with eq on userName, externalId or emails.value, which are looked"
                    + " up directly.");
        }
        return organizations.getMembersStream(organization, (String) null, null, null, null);
    }

    /**
     * Creates the user as a managed member, or takes over an account the organization owns (which the resource's
     * {@code active} may suspend or restore; a new account is neither).
     */
    public Provisioned create(JsonNode resource) {
        UserInput input = UserInput.read(resource);
        requireAtVerifiedDomain(input);
        UserModel byName = session.users().getUserByUsername(realm, input.userName());
        UserModel byEmail = input.email() == null ? null : session.users().getUserByEmail(realm, input.email());
        if (byName != null && byEmail != null && !byName.getId().equals(byEmail.getId())) {
            throw ScimError.uniqueness(TAKEN);
        }
        UserModel existing = byName != null ? byName : byEmail;
        if (existing != null) {
            if (!new AccountOwnership(session, organization).owns(existing)) {
                throw ScimError.uniqueness(TAKEN);
            }
            if (!organization.isMember(existing)) {
                organizations().addMember(organization, existing);
            }
            return new Provisioned(existing, apply(existing, input, existing.isEnabled()));
        }
        UserModel user;
        try {
            user = session.users().addUser(realm, input.userName());
        } catch (ModelDuplicateException e) {
            throw ScimError.uniqueness(TAKEN);
        }
        apply(user, input, true);
        organizations().addManagedMember(organization, user);
        return new Provisioned(user, AccountChange.NONE);
    }

    /** Replaces the stored attributes with the resource's (PUT); an attribute left out is removed. */
    public AccountChange replace(UserModel user, JsonNode resource) {
        requireOwned(user);
        UserInput input = UserInput.read(resource);
        requireAtVerifiedDomain(input);
        return apply(user, input, user.isEnabled());
    }

    /** Applies a PATCH request (RFC 7644 section 3.5.2) to the user's current resource, then stores the result. */
    public AccountChange patch(UserModel user, JsonNode body) {
        requireOwned(user);
        PatchRequest request = ScimPatches.read(SCIM_JSON, body);
        GenericScimResource current = new GenericScimResource(render(user));
        try {
            request.apply(current);
        } catch (ScimException e) {
            throw ScimPatches.refusal(e);
        }
        ObjectNode patched = current.getObjectNode();
        UserInput input = UserInput.read(patched);
        requireAtVerifiedDomain(input);
        return apply(user, input, user.isEnabled());
    }

    /**
     * Removes the member, as the portal's member removal does: never an owner, and only as far as the actor could
     * revoke each of the member's roles. The account goes only if the organization owns it and no other organization
     * counts the user as a member; otherwise only the membership goes. Answers whether the account was deleted.
     */
    public boolean delete(UserModel user, Actor actor) {
        requireOwned(user);
        requireNotOwner(user, "delete");
        new RoleAssignments(session, realm).guardMemberRemoval(organization, user, actor);
        boolean shared = organizations().getByMember(user)
                .anyMatch(other -> !other.getId().equals(organization.getId()));
        if (shared) {
            Memberships.removeKeepingAccount(session, organization, user);
            return false;
        }
        session.users().removeUser(realm, user);
        return true;
    }

    /**
     * Stores the input's attributes; answers whether {@code active} suspended or restored the account. An input without
     * {@code active} leaves the account {@code activeIfUnsaid}: a new one active, an existing one as it is (a PUT or a
     * PATCH {@code remove} without {@code active} asserts nothing about it, RFC 7644 3.5.1, and must not restore an
     * account suspended in the portal or by the directory).
     */
    private AccountChange apply(UserModel user, UserInput input, boolean activeIfUnsaid) {
        String userName = input.userName().strip().toLowerCase(Locale.ROOT);
        String email = input.email() == null ? null : input.email().strip().toLowerCase(Locale.ROOT);
        boolean active = input.active() == null ? activeIfUnsaid : input.active();
        // an owner's account is the owners' to change in the portal, so a directory cannot lock the organization out
        boolean owner = organization.isMember(user) && holdsOwner(user);
        if (owner && !userName.equals(user.getUsername())) {
            requireNotOwner(user, "rename");
        }
        if (owner && !Objects.equals(email, user.getEmail())) {
            requireNotOwner(user, "change the email of");
        }
        if (owner && !active && user.isEnabled()) {
            requireNotOwner(user, "suspend");
        }
        if (!userName.equals(user.getUsername())) {
            UserModel other = session.users().getUserByUsername(realm, userName);
            if (other != null && !other.getId().equals(user.getId())) {
                throw ScimError.uniqueness(TAKEN);
            }
            user.setUsername(userName);
        }
        if (email != null && !email.equals(user.getEmail())) {
            UserModel other = session.users().getUserByEmail(realm, email);
            if (other != null && !other.getId().equals(user.getId()) && !realm.isDuplicateEmailsAllowed()) {
                throw ScimError.uniqueness(TAKEN);
            }
        }
        user.setEmail(email);
        // the organization proved control of the domain and its directory vouches for the address; an owner's stays
        if (!owner) {
            user.setEmailVerified(email != null);
        }
        user.setFirstName(input.givenName());
        user.setLastName(input.familyName());
        if (input.externalId() == null) {
            user.removeAttribute(EXTERNAL_ID);
        } else {
            user.setSingleAttribute(EXTERNAL_ID, input.externalId());
        }
        if (active == user.isEnabled()) {
            return AccountChange.NONE;
        }
        new AccountControls(session, organization).setEnabled(user, active);
        return active ? AccountChange.RESTORED : AccountChange.SUSPENDED;
    }

    private void requireOwned(UserModel user) {
        if (!new AccountOwnership(session, organization).owns(user)) {
            throw new ScimError(403, null, organization.getName() + " does not own this account (it is a member"
                    + " with an address outside the organization's verified domains), so its directory cannot"
                    + " change it.");
        }
    }

    private boolean holdsOwner(UserModel user) {
        return new RoleAssignments(session, realm).rolesOf(organization, user).includesOwner();
    }

    private void requireNotOwner(UserModel user, String verb) {
        if (organization.isMember(user) && holdsOwner(user)) {
            throw new ScimError(403, null, "The directory cannot " + verb + " this user: they hold the owner role in "
                    + organization.getName() + "; an owner changes it in the portal.");
        }
    }

    /**
     * The userName and the email must be email addresses at one of the organization's verified domains: a directory
     * provisions only names its organization controls, so it can neither probe nor take other names.
     */
    private void requireAtVerifiedDomain(UserInput input) {
        List<String> verified = organization.getDomains().filter(OrganizationDomainModel::isVerified)
                .map(OrganizationDomainModel::getName).toList();
        for (String address : new String[]{input.email(), input.userName()}) {
            if (address == null) {
                continue;
            }
            Optional<String> domain = DomainName.ofEmail(address.strip());
            if (domain.isEmpty()) {
                throw ScimError.invalidValue("'" + shorten(address) + "' is not an email address; the userName and"
                        + " the email must be addresses at one of " + organization.getName() + "'s verified domains.");
            }
            if (verified.stream().noneMatch(own -> DomainName.covers(own, domain.get()))) {
                throw ScimError.invalidValue("'" + shorten(address) + "' is not at one of " + organization.getName()
                        + "'s verified domains" + (verified.isEmpty() ? " (it has none yet)" : " (" + String.join(", ",
                        verified) + ")") + ". An organization provisions addresses at its verified domains only.");
            }
        }
    }

    static Filter parseFilter(String filter) {
        if (filter.length() > 1000) {
            throw ScimError.invalidFilter("A filter has at most 1000 characters.");
        }
        try {
            return Filter.fromString(filter);
        } catch (ScimException e) {
            throw ScimError.invalidFilter("The filter is not valid: " + e.getMessage());
        }
    }

    static boolean matches(Filter filter, JsonNode resource) {
        try {
            return FilterEvaluator.evaluate(filter, resource);
        } catch (ScimException e) {
            throw ScimError.invalidFilter("The filter cannot be evaluated: " + e.getMessage());
        }
    }

    /**
     * The few users an equality on an indexed attribute (userName, email, externalId) can match, looked up directly;
     * empty when the filter has no such equality, and the organization's members are read instead.
     */
    private Optional<Stream<UserModel>> indexedCandidates(Filter filter) {
        if (filter.getFilterType() == FilterType.AND) {
            for (Filter part : filter.getCombinedFilters()) {
                Optional<Stream<UserModel>> found = indexedCandidates(part);
                if (found.isPresent()) {
                    return found;
                }
            }
            return Optional.empty();
        }
        if (filter.getFilterType() != FilterType.EQUAL || filter.getComparisonValue() == null
                || !filter.getComparisonValue().isTextual()) {
            return Optional.empty();
        }
        String value = filter.getComparisonValue().textValue();
        return switch (attributeOf(filter)) {
            case "username" -> Optional.of(Stream.of(session.users().getUserByUsername(realm, value)));
            case "emails", "emails.value" -> Optional.of(Stream.of(session.users().getUserByEmail(realm, value)));
            case "externalid" -> Optional.of(session.users().searchForUserByUserAttributeStream(realm, EXTERNAL_ID,
                    value));
            default -> Optional.empty();
        };
    }

    private static String attributeOf(Filter filter) {
        String path = filter.getAttributePath().toString().toLowerCase(Locale.ROOT);
        String prefix = USER_SCHEMA.toLowerCase(Locale.ROOT) + ":";
        return path.startsWith(prefix) ? path.substring(prefix.length()) : path;
    }

    private OrganizationProvider organizations() {
        return session.getProvider(OrganizationProvider.class);
    }

    static String shorten(String value) {
        if (value == null) {
            return "";
        }
        return value.length() > 80 ? value.substring(0, 80) + "…" : value;
    }
}
