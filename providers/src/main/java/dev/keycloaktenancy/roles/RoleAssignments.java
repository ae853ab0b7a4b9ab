package dev.keycloaktenancy.roles;

import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.TenancyException;
import dev.keycloaktenancy.keycloak.RowLocks;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Who holds which role in which organization: granting and revoking under the guards of {@link RoleGuards} (nobody
 * grants what they do not hold, only owners touch owner, an organization keeps an owner), default roles on joining,
 * and the roles a token carries.
 */
public final class RoleAssignments {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final OrganizationRoleStore store;
    private final RoleDefinitions definitions;

    public RoleAssignments(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.store = new OrganizationRoleStore(session);
        this.definitions = new RoleDefinitions(session, realm);
    }

    public HeldRoles rolesOf(OrganizationModel organization, UserModel member) {
        return HeldRoles.of(store.rolesOfMember(organization.getId(), member.getId()));
    }

    /** userId -> held roles, for one page of members, in one query. */
    public Map<String, HeldRoles> rolesOfMembers(OrganizationModel organization, Collection<String> userIds) {
        return store.rolesOfMembers(organization.getId(), userIds).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> HeldRoles.of(e.getValue())));
    }

    /** organizationId -> the roles the user holds there, read from the database in one query. */
    public Map<String, HeldRoles> rolesOfUser(UserModel user) {
        return store.rolesOfUser(user.getId());
    }

    /**
     * The user's organizations and roles for a token, which must cover the given aliases (the organizations the
     * token's claim names). Kept in Keycloak's user cache; read again from the database when the kept value does not
     * know one of them, and then dropped, so that the next request keeps the value read then.
     */
    public RolesByOrganization tokenRolesOf(UserModel user, Collection<String> aliases) {
        RolesByOrganization kept = UserRoleCache.read(session, user.getId());
        if (kept != null && kept.covers(aliases)) {
            return kept;
        }
        if (kept != null) {
            UserRoleCache.evict(session, user.getId());
        }
        return UserRoleCache.load(session, realm, user.getId(), () -> loadTokenRoles(user));
    }

    /** How many organizations of the realm the user owns, as a plain read (what a page shows). */
    public long ownedOrganizations(UserModel user) {
        return store.countHeldByUser(realm.getId(), user.getId(), definitions.templateRole(RoleTemplate.OWNER).id());
    }

    /**
     * How many organizations of the realm the user owns, read with a locking read so that a caller holding the realm's
     * row lock counts what racing requests committed before it.
     */
    public long ownedOrganizationsForUpdate(UserModel user) {
        return store.countHeldByUserForUpdate(realm.getId(), user.getId(),
                definitions.templateRole(RoleTemplate.OWNER).id());
    }

    /** Makes the member an owner of the organization (its creator), beside the default roles they received. */
    public void grantOwner(OrganizationModel organization, UserModel member) {
        grant(organization, member, List.of(definitions.templateRole(RoleTemplate.OWNER)));
    }

    /** The user's memberships changed outside the pack's role operations (joined or left an organization). */
    public void membershipChanged(UserModel user) {
        UserRoleCache.evict(session, user.getId());
    }

    private RolesByOrganization loadTokenRoles(UserModel user) {
        Map<String, HeldRoles> byId = store.rolesOfUser(user.getId());
        Map<String, RolesByOrganization.Membership> byAlias = new HashMap<>();
        session.getProvider(OrganizationProvider.class).getByMember(user).forEach(organization -> byAlias.put(
                organization.getAlias(), new RolesByOrganization.Membership(organization.getId(),
                        byId.getOrDefault(organization.getId(), HeldRoles.NONE))));
        return new RolesByOrganization(byAlias);
    }

    /** Every member of the organization holding a role: userId -> role names. */
    public Map<String, Set<String>> assignmentsOf(OrganizationModel organization) {
        return store.assignmentsOfOrganization(organization.getId());
    }

    /** The ids of the members holding the role in the organization. */
    public List<String> holdersOf(OrganizationModel organization, OrganizationRole role) {
        return store.holdersOf(organization.getId(), role.id());
    }

    /** Replaces the member's roles with exactly the named ones. Returns the roles held afterwards. */
    public HeldRoles replaceRoles(OrganizationModel organization, UserModel member, Collection<String> roleNames, Actor actor) {
        requireEnabled();
        requireMember(organization, member);
        Set<OrganizationRole> wanted = definitions.resolve(organization, roleNames);
        Map<String, OrganizationRole> held = store.rolesOfMember(organization.getId(), member.getId()).stream()
                .collect(Collectors.toMap(OrganizationRole::id, Function.identity()));
        List<OrganizationRole> toGrant = wanted.stream().filter(r -> !held.containsKey(r.id())).toList();
        Set<String> wantedIds = wanted.stream().map(OrganizationRole::id).collect(Collectors.toSet());
        List<OrganizationRole> toRevoke = held.values().stream().filter(r -> !wantedIds.contains(r.id())).toList();
        apply(organization, member, toGrant, toRevoke, actor);
        return rolesOf(organization, member);
    }

    public HeldRoles addRoles(OrganizationModel organization, UserModel member, Collection<String> roleNames, Actor actor) {
        requireEnabled();
        requireMember(organization, member);
        Set<String> held = heldIds(organization, member);
        List<OrganizationRole> toGrant = definitions.resolve(organization, roleNames).stream()
                .filter(r -> !held.contains(r.id())).toList();
        apply(organization, member, toGrant, List.of(), actor);
        return rolesOf(organization, member);
    }

    public HeldRoles removeRole(OrganizationModel organization, UserModel member, String roleName, Actor actor) {
        requireMember(organization, member);
        OrganizationRole role = definitions.roleIn(organization, roleName);
        if (heldIds(organization, member).contains(role.id())) {
            apply(organization, member, List.of(), List.of(role), actor);
        }
        return rolesOf(organization, member);
    }

    /** Grants roles already checked by the caller (an accepted invitation's promise), skipping those held. */
    public void grant(OrganizationModel organization, UserModel member, Collection<OrganizationRole> roles) {
        Set<String> held = heldIds(organization, member);
        roles.stream().filter(r -> held.add(r.id()))
                .forEach(r -> store.assign(realm.getId(), organization.getId(), member.getId(), r.id()));
        UserRoleCache.evict(session, member.getId());
    }

    /**
     * Checks that the actor may remove this member (revoke each of their roles) and that the organization keeps an
     * owner. Callers that remove members run it first; leaving then drops the member's roles.
     */
    public void guardMemberRemoval(OrganizationModel organization, UserModel member, Actor actor) {
        List<OrganizationRole> held = store.rolesOfMember(organization.getId(), member.getId());
        for (OrganizationRole role : held) {
            if (!actor.mayGrantOrRevoke(role)) {
                throw TenancyException.forbidden("You cannot remove this member: they hold role '" + role.name()
                        + "', which you could not revoke.");
            }
        }
        Optional<OrganizationRole> owner = held.stream().filter(OrganizationRole::isOwner).findFirst();
        if (owner.isPresent()) {
            keepsAnOwner(organization, owner.get());
        }
    }

    /** Grants the organization's default roles (template and own) to a member who just joined. */
    public void grantDefaultRoles(OrganizationModel organization, UserModel member) {
        Set<String> held = heldIds(organization, member);
        definitions.rolesAvailableIn(organization).stream()
                .filter(OrganizationRole::defaultRole)
                .filter(r -> !held.contains(r.id()))
                .forEach(r -> store.assign(realm.getId(), organization.getId(), member.getId(), r.id()));
        UserRoleCache.evict(session, member.getId());
    }

    /** Members who joined while tenancy was off (or through a realm import) get the default roles; returns how many. */
    public int grantDefaultRolesToMembersWithoutRoles() {
        OrganizationProvider organizations = session.getProvider(OrganizationProvider.class);
        int count = 0;
        for (OrganizationModel organization : organizations.getAllStream("", false, null, null).toList()) {
            Set<String> withRoles = store.membersWithAnyRole(organization.getId());
            for (UserModel member : organizations.getMembersStream(organization, (String) null, false, null, null).toList()) {
                if (!withRoles.contains(member.getId())) {
                    grantDefaultRoles(organization, member);
                    count++;
                }
            }
        }
        return count;
    }

    private void apply(OrganizationModel organization, UserModel member, List<OrganizationRole> toGrant,
                       List<OrganizationRole> toRevoke, Actor actor) {
        toGrant.forEach(role -> RoleGuards.mayGrantOrRevoke(role, actor, "grant"));
        for (OrganizationRole role : toRevoke) {
            RoleGuards.mayGrantOrRevoke(role, actor, "revoke");
            if (role.isOwner()) {
                keepsAnOwner(organization, role);
            }
        }
        toRevoke.forEach(r -> store.unassign(organization.getId(), member.getId(), r.id()));
        toGrant.forEach(r -> store.assign(realm.getId(), organization.getId(), member.getId(), r.id()));
        if (!toGrant.isEmpty() || !toRevoke.isEmpty()) {
            UserRoleCache.evict(session, member.getId());
        }
    }

    /**
     * Counts the owners under the organization's lock, so that two owners taking the role from each other at the
     * same moment queue up and the second one finds the first one's change.
     */
    private void keepsAnOwner(OrganizationModel organization, OrganizationRole owner) {
        RowLocks.of(session).lockOrganization(organization.getId());
        RoleGuards.keepsAnOwner(store.countHoldersForUpdate(organization.getId(), owner.id()), organization.getAlias());
    }

    private Set<String> heldIds(OrganizationModel organization, UserModel member) {
        return store.rolesOfMember(organization.getId(), member.getId()).stream().map(OrganizationRole::id)
                .collect(Collectors.toSet());
    }

    private void requireMember(OrganizationModel organization, UserModel member) {
        if (!organization.isMember(member)) {
            throw TenancyException.notFound("The user is not a member of organization " + organization.getAlias() + ".");
        }
    }

    private void requireEnabled() {
        if (!Tenancy.isEnabled(realm)) {
            throw TenancyException.notEnabled(realm.getName());
        }
    }
}
