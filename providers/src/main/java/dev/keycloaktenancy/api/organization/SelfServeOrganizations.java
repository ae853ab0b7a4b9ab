package dev.keycloaktenancy.api.organization;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.keycloaktenancy.InputText;
import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.TenancyException;
import dev.keycloaktenancy.TenancyMetrics;
import dev.keycloaktenancy.accounts.AccountOwnership;
import dev.keycloaktenancy.api.JsonBody;
import dev.keycloaktenancy.api.Reply;
import dev.keycloaktenancy.domains.OrganizationDomains;
import dev.keycloaktenancy.keycloak.Memberships;
import dev.keycloaktenancy.keycloak.RowLocks;
import dev.keycloaktenancy.limits.UsageLimits;
import dev.keycloaktenancy.roles.Actor;
import dev.keycloaktenancy.roles.RoleAssignments;
import jakarta.ws.rs.core.UriBuilder;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;

import java.util.List;
import java.util.Map;

/**
 * Organizations that users create, leave and delete themselves: creating one where the realm allows it (the creator
 * becomes its owner, within the realm's and the per-user limits), leaving one, and an owner deleting one with
 * everything the pack stored for it.
 */
public final class SelfServeOrganizations {

    /** What a creation answers. */
    public record Created(@JsonProperty("id") String id, @JsonProperty("alias") String alias,
                          @JsonProperty("name") String name) {
    }

    /**
     * Whether the user may create an organization now, for pages that offer it: {@code reason} and {@code message}
     * say why not (the code and sentence a creation would answer); the rule itself is {@link #create}'s.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Creation(@JsonProperty("allowed") boolean allowed, @JsonProperty("reason") String reason,
                           @JsonProperty("message") String message, @JsonProperty("owned") long owned,
                           @JsonProperty("maxOwned") int maxOwned) {
    }

    private static final int CREATION_WINDOW_SECONDS = 24 * 3600;
    private static final int MOST_CREATIONS_PER_DAY = 1000;

    private SelfServeOrganizations() {
    }

    /**
     * Creates an organization with its creator as owner (and member, with the default roles). The realm's row is
     * locked first, so creations in the realm queue up: the per-user count, the alias and name checks and the
     * realm's organization limit (checked as Keycloak creates the organization) all see the creations committed
     * before. A claimed domain starts unverified, like every claim: it has no effect until verified.
     */
    public static OrganizationModel create(KeycloakSession session, UserModel creator, String body) {
        RealmModel realm = session.getContext().getRealm();
        if (!Tenancy.isEnabled(realm)) {
            throw TenancyException.notEnabled(realm.getName());
        }
        if (!Boolean.parseBoolean(realm.getAttribute(Tenancy.SELF_SERVICE_CREATE_ORGANIZATIONS))) {
            throw TenancyException.forbidden("creation_disabled", creationDisabled(realm));
        }
        NewOrganizationInput input = JsonBody.read(body, NewOrganizationInput.class, JsonBody.SMALL).validated();
        RowLocks.of(session).lockRealm(realm.getId());
        RoleAssignments assignments = new RoleAssignments(session, realm);
        int maxPerUser = UsageLimits.maxOrganizationsPerUser(realm);
        if (assignments.ownedOrganizationsForUpdate(creator) >= maxPerUser) {
            TenancyMetrics.limitRefused(realm, "organizations-per-user");
            throw TenancyException.conflict("limit_reached", limitReached(realm, maxPerUser));
        }
        OrganizationProvider organizations = session.getProvider(OrganizationProvider.class);
        if (organizations.getByAlias(input.alias()) != null) {
            throw TenancyException.conflict("alias_taken", "The alias '" + input.alias() + "' is taken; choose another.");
        }
        OrganizationModel organization;
        try {
            organization = organizations.create(input.name(), input.alias());
        } catch (ModelDuplicateException e) {
            throw TenancyException.conflict("name_taken", "Another organization is already named '"
                    + InputText.shorten(input.name()) + "'.");
        }
        OwnName.require(session, organization, input.name());
        if (input.domain() != null) {
            new OrganizationDomains(session, organization).claim(input.domain());
        }
        organizations.addMember(organization, creator);
        assignments.grantOwner(organization, creator);
        takeCreationSlot(session, realm, creator, maxPerUser);
        return organization;
    }

    /** What {@link #create} would decide about the realm's switch and the per-user limit, without creating anything. */
    public static Creation creation(KeycloakSession session, UserModel user) {
        RealmModel realm = session.getContext().getRealm();
        int maxPerUser = UsageLimits.maxOrganizationsPerUser(realm);
        long owned = new RoleAssignments(session, realm).ownedOrganizations(user);
        if (!Boolean.parseBoolean(realm.getAttribute(Tenancy.SELF_SERVICE_CREATE_ORGANIZATIONS))) {
            return new Creation(false, "creation_disabled", creationDisabled(realm), owned, maxPerUser);
        }
        if (owned >= maxPerUser) {
            return new Creation(false, "limit_reached", limitReached(realm, maxPerUser), owned, maxPerUser);
        }
        return new Creation(true, null, null, owned, maxPerUser);
    }

    private static String creationDisabled(RealmModel realm) {
        return "Realm " + realm.getName() + " does not let its users create organizations. Ask its administrator.";
    }

    private static String limitReached(RealmModel realm, int maxPerUser) {
        return "You already own " + maxPerUser + " organizations, the most one person may own in " + realm.getName()
                + ". Delete one or hand its ownership to someone else.";
    }

    /**
     * Deleting an organization frees its owner's place under the per-user limit, so without a cap on creations a user
     * could create, use and delete organizations in a loop, each with the fresh budgets an organization starts with
     * (invitation emails among them). Each user may create twice the per-user limit in a day. The slots are kept in
     * Keycloak's single-use store, which is cluster-wide.
     */
    private static void takeCreationSlot(KeycloakSession session, RealmModel realm, UserModel creator, int maxPerUser) {
        int perDay = Math.max(1, maxPerUser) * 2;
        String key = "tenancy.self-serve.created." + realm.getId() + "." + creator.getId() + ".";
        for (int slot = 0; slot < Math.min(perDay, MOST_CREATIONS_PER_DAY); slot++) {
            if (session.singleUseObjects().putIfAbsent(key + slot, CREATION_WINDOW_SECONDS)) {
                return;
            }
        }
        throw TenancyException.tooManyRequests("You created " + perDay + " organizations in the last 24 hours, the most"
                + " one person may create in " + realm.getName() + " in a day; try again tomorrow.",
                CREATION_WINDOW_SECONDS);
    }

    /** Records the creation (made by the caller, now its owner) and answers 201 with where it lives. */
    public static Reply created(OrganizationCaller caller) {
        OrganizationModel organization = caller.organization();
        Created created = recordCreation(caller);
        return Reply.created(UriBuilder.fromUri(caller.session().getContext().getUri().getAbsolutePath())
                .path(organization.getAlias()).build(), created);
    }

    /** Records the creation, made by the caller, now its owner: admin event and audit record. */
    public static Created recordCreation(OrganizationCaller caller) {
        OrganizationModel organization = caller.organization();
        Created created = new Created(organization.getId(), organization.getAlias(), organization.getName());
        caller.changed(OperationType.CREATE, ResourceTypes.ORGANIZATION, organization.getId(), created);
        return created;
    }

    /**
     * The caller leaves the organization: their roles there go with the membership. The last owner stays (someone
     * must be able to administer it), and a managed member stays: the organization created that account, and it
     * would be deleted with the membership.
     */
    public static Reply leave(OrganizationCaller caller, UserModel user) {
        OrganizationModel organization = caller.organization();
        if (!organization.isMember(user)) {
            throw TenancyException.notFound("You are not a member of organization " + organization.getAlias() + ".");
        }
        KeycloakSession session = caller.session();
        if (session.getProvider(OrganizationProvider.class).isManagedMember(organization, user)) {
            throw TenancyException.conflict("managed_member", "Your account was created through " + organization.getName()
                    + " and belongs to it, so you cannot leave it. Its administrators can remove you.");
        }
        RoleAssignments assignments = caller.roleAssignments();
        assignments.guardMemberRemoval(organization, user, Actor.member(assignments.rolesOf(organization, user)));
        Memberships.removeKeepingAccount(session, organization, user);
        caller.changed(OperationType.DELETE, ResourceTypes.MEMBER, user.getId(), Map.of("id", user.getId(),
                "left", true));
        return Reply.noContent();
    }

    /**
     * Deletes the organization. Keycloak removes its members, invitations, domains, attributes (the pack's settings)
     * and identity-provider links; the pack's event listeners remove its roles and their assignments, all in this
     * transaction. Keycloak would also delete the accounts of managed members: only those this organization may delete
     * (it vouches for them, and no other organization counts them as members) go, unless the caller may delete realm
     * accounts anyway; every other account stays, without the membership. Audit records stay for the realm's
     * administrators until the retention purges them.
     */
    public static void delete(OrganizationCaller caller) {
        OrganizationModel organization = caller.organization();
        KeycloakSession session = caller.session();
        OrganizationProvider organizations = session.getProvider(OrganizationProvider.class);
        RowLocks.of(session).lockOrganization(organization.getId());
        if (!caller.mayDeleteAccounts()) {
            AccountOwnership ownership = new AccountOwnership(session, organization);
            List<UserModel> kept = organizations.getMembersStream(organization, (String) null, false, null, null)
                    .filter(member -> organizations.isManagedMember(organization, member))
                    .filter(member -> !ownership.mayDeleteAccount(member) || organizations.getByMember(member)
                            .anyMatch(other -> !other.getId().equals(organization.getId())))
                    .toList();
            kept.forEach(member -> Memberships.removeKeepingAccount(session, organization, member));
        }
        caller.changed(OperationType.DELETE, ResourceTypes.ORGANIZATION, organization.getId(),
                Map.of("id", organization.getId(), "alias", organization.getAlias()));
        organizations.remove(organization);
    }
}
