package dev.keycloaktenancy.roles;

import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.TenancyException;
import dev.keycloaktenancy.keycloak.InvitationLinks;
import dev.keycloaktenancy.keycloak.RowLocks;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationInvitationModel;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Per-organization roles, the one way into them from the rest of the pack: the role template, organization roles,
 * who holds which role where, the roles invitations promise, and clean-up. Every change passes the guards of
 * {@link RoleGuards}.
 */
public final class OrganizationRoles {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final OrganizationRoleStore store;

    public OrganizationRoles(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.store = new OrganizationRoleStore(session);
    }

    // ---- role template -------------------------------------------------------------------------------------------

    public List<OrganizationRole> templateRoles() {
        return store.templateRoles(realm.getId());
    }

    public OrganizationRole templateRole(String name) {
        return findByName(templateRoles(), name)
                .orElseThrow(() -> TenancyException.notFound("The role template of realm " + realm.getName()
                        + " has no role named '" + name + "'."));
    }

    /** Creates the initial template roles that are missing; returns their names. Safe to run concurrently. */
    public List<String> installTemplate() {
        RowLocks.of(session).lockRealm(realm.getId());
        Set<String> existing = store.templateRolesForUpdate(realm.getId()).stream().map(OrganizationRole::name)
                .collect(Collectors.toSet());
        List<String> created = new ArrayList<>();
        for (RoleTemplate.RoleDefinition definition : RoleTemplate.initialRoles()) {
            if (!existing.contains(definition.name())) {
                store.create(realm.getId(), null, definition);
                created.add(definition.name());
            }
        }
        return created;
    }

    public OrganizationRole createTemplateRole(RoleInput input) {
        requireEnabled();
        RoleTemplate.RoleDefinition definition = input.validated();
        RowLocks.of(session).lockRealm(realm.getId());
        RoleGuards.freeTemplateName(definition.name(), store.rolesNamedForUpdate(realm.getId(), definition.name()));
        RoleGuards.ownerDefinition(definition);
        return store.create(realm.getId(), null, definition);
    }

    public OrganizationRole updateTemplateRole(String name, RoleInput input) {
        requireEnabled();
        OrganizationRole existing = templateRole(name);
        RoleTemplate.RoleDefinition definition = RoleGuards.updated(existing, input);
        RoleGuards.ownerDefinition(definition);
        OrganizationRole updated = store.update(existing.id(), definition.description(), definition.permissions(),
                definition.defaultRole());
        definitionChanged(existing, updated);
        return updated;
    }

    public void deleteTemplateRole(String name) {
        OrganizationRole existing = templateRole(name);
        RoleGuards.ownerDeletion(existing);
        store.delete(existing.id());
        UserRoleCache.evictRealm(session, realm);
    }

    // ---- organization roles ---------------------------------------------------------------------------------------

    /** Template roles and the organization's own roles, by name. */
    public List<OrganizationRole> rolesAvailableIn(OrganizationModel organization) {
        return store.rolesAvailableIn(realm.getId(), organization.getId());
    }

    /** The organization's own roles, without the template's. */
    public List<OrganizationRole> ownRolesOf(OrganizationModel organization) {
        return store.organizationRoles(realm.getId(), organization.getId());
    }

    public OrganizationRole roleIn(OrganizationModel organization, String name) {
        return findByName(rolesAvailableIn(organization), name)
                .orElseThrow(() -> TenancyException.notFound("Organization " + organization.getAlias()
                        + " has no role named '" + name + "'."));
    }

    public OrganizationRole createOrganizationRole(OrganizationModel organization, RoleInput input, Actor actor) {
        requireEnabled();
        RoleTemplate.RoleDefinition definition = input.validated();
        if (findByName(rolesAvailableIn(organization), definition.name()).isPresent()) {
            throw TenancyException.conflict("Organization " + organization.getAlias() + " already has a role named '"
                    + definition.name() + "' (template roles included).");
        }
        RoleGuards.holdsAll(definition.permissions(), actor);
        return store.create(realm.getId(), organization.getId(), definition);
    }

    public OrganizationRole updateOrganizationRole(OrganizationModel organization, String name, RoleInput input, Actor actor) {
        OrganizationRole existing = organizationOwnRole(organization, name);
        RoleTemplate.RoleDefinition definition = RoleGuards.updated(existing, input);
        RoleGuards.holdsAll(existing.permissions(), actor);
        RoleGuards.holdsAll(definition.permissions(), actor);
        OrganizationRole updated = store.update(existing.id(), definition.description(), definition.permissions(),
                definition.defaultRole());
        definitionChanged(existing, updated);
        return updated;
    }

    public void deleteOrganizationRole(OrganizationModel organization, String name, Actor actor) {
        OrganizationRole existing = organizationOwnRole(organization, name);
        RoleGuards.holdsAll(existing.permissions(), actor);
        List<String> holders = store.holdersOf(organization.getId(), existing.id());
        store.delete(existing.id());
        UserRoleCache.evictUsers(session, realm, holders);
    }

    /**
     * Tokens carry permissions, not descriptions: only a change of permissions reaches the holders' cached roles. A
     * template role may be held in any organization of the realm; an organization's own role only by its holders there,
     * so that an organization admin's edit never empties the cache of other organizations' users.
     */
    private void definitionChanged(OrganizationRole before, OrganizationRole after) {
        if (before.permissions().equals(after.permissions())) {
            return;
        }
        if (after.isTemplate()) {
            UserRoleCache.evictRealm(session, realm);
        } else {
            UserRoleCache.evictUsers(session, realm, store.holdersOf(after.organizationId(), after.id()));
        }
    }

    private OrganizationRole organizationOwnRole(OrganizationModel organization, String name) {
        OrganizationRole role = roleIn(organization, name);
        if (role.isTemplate()) {
            throw TenancyException.conflict("'" + name + "' is a template role: it is read-only here and is edited in the"
                    + " realm's role template.");
        }
        return role;
    }

    // ---- members ---------------------------------------------------------------------------------------------------

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
     * token's claim names). Kept with Keycloak's cached user; read again from the database when the kept value does
     * not know one of them (the user joined an organization without being given a role).
     */
    public RolesByOrganization tokenRolesOf(UserModel user, Collection<String> aliases) {
        RolesByOrganization kept = UserRoleCache.read(user);
        if (kept != null && kept.covers(aliases)) {
            return kept;
        }
        Map<String, HeldRoles> byId = store.rolesOfUser(user.getId());
        Map<String, RolesByOrganization.Membership> byAlias = new HashMap<>();
        session.getProvider(OrganizationProvider.class).getByMember(user).forEach(organization -> byAlias.put(
                organization.getAlias(), new RolesByOrganization.Membership(organization.getId(),
                        byId.getOrDefault(organization.getId(), HeldRoles.NONE))));
        RolesByOrganization loaded = new RolesByOrganization(byAlias);
        UserRoleCache.keep(user, loaded);
        return loaded;
    }

    /** Every member of the organization holding a role: userId -> role names. */
    public Map<String, Set<String>> assignmentsOf(OrganizationModel organization) {
        return store.assignmentsOfOrganization(organization.getId());
    }

    /** Replaces the member's roles with exactly the named ones. Returns the roles held afterwards. */
    public HeldRoles replaceRoles(OrganizationModel organization, UserModel member, Collection<String> roleNames, Actor actor) {
        requireEnabled();
        requireMember(organization, member);
        Set<OrganizationRole> wanted = resolve(organization, roleNames);
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
        List<OrganizationRole> toGrant = resolve(organization, roleNames).stream().filter(r -> !held.contains(r.id())).toList();
        apply(organization, member, toGrant, List.of(), actor);
        return rolesOf(organization, member);
    }

    public HeldRoles removeRole(OrganizationModel organization, UserModel member, String roleName, Actor actor) {
        requireMember(organization, member);
        OrganizationRole role = roleIn(organization, roleName);
        if (heldIds(organization, member).contains(role.id())) {
            apply(organization, member, List.of(), List.of(role), actor);
        }
        return rolesOf(organization, member);
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

    /**
     * On joining: the default roles, and the roles an invitation promised, but only to the person who accepts that
     * invitation through its link in this very request (Keycloak has verified the link's token): the promise is then
     * used up. Whoever joins another way with the same email gets the defaults, and the promise stays for the invitee.
     */
    public void grantRolesOnJoin(OrganizationModel organization, UserModel member) {
        grantDefaultRoles(organization, member);
        if (member.getEmail() == null) {
            return;
        }
        Optional<InvitationLinks.Accepted> link = InvitationLinks.of(session).beingAccepted()
                .filter(accepted -> accepted.organizationId().equals(organization.getId()))
                .filter(accepted -> accepted.email().equalsIgnoreCase(member.getEmail()));
        if (link.isEmpty()) {
            return;
        }
        OrganizationInvitationModel pending = session.getProvider(OrganizationProvider.class).getInvitationManager()
                .getById(link.get().invitationId());
        if (pending != null && !pending.isExpired() && pending.getEmail().equalsIgnoreCase(member.getEmail())) {
            Set<String> held = heldIds(organization, member);
            promisedTo(organization, member.getEmail()).stream().filter(r -> held.add(r.id()))
                    .forEach(r -> store.assign(realm.getId(), organization.getId(), member.getId(), r.id()));
            UserRoleCache.evict(session, realm, member);
        }
        store.deleteInvitationRolesOfEmail(organization.getId(), member.getEmail());
    }

    /** Grants the organization's default roles (template and own) to a member who just joined. */
    public void grantDefaultRoles(OrganizationModel organization, UserModel member) {
        Set<String> held = heldIds(organization, member);
        rolesAvailableIn(organization).stream()
                .filter(OrganizationRole::defaultRole)
                .filter(r -> !held.contains(r.id()))
                .forEach(r -> store.assign(realm.getId(), organization.getId(), member.getId(), r.id()));
        UserRoleCache.evict(session, realm, member);
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

    /** Roles by name; unknown names are refused all together, so nothing is half-applied. */
    public Set<OrganizationRole> resolve(OrganizationModel organization, Collection<String> roleNames) {
        if (roleNames == null) {
            throw TenancyException.badRequest("Give the list of role names.");
        }
        if (roleNames.size() > 100) {
            throw TenancyException.badRequest("At most 100 roles can be given at once.");
        }
        Map<String, OrganizationRole> byName = rolesAvailableIn(organization).stream()
                .collect(Collectors.toMap(OrganizationRole::name, Function.identity()));
        Set<String> unknown = new TreeSet<>();
        Set<OrganizationRole> roles = new LinkedHashSet<>();
        for (String name : roleNames) {
            OrganizationRole role = name == null ? null : byName.get(name);
            if (role == null) {
                unknown.add(String.valueOf(name));
            } else {
                roles.add(role);
            }
        }
        if (!unknown.isEmpty()) {
            throw TenancyException.badRequest("Organization " + organization.getAlias() + " has no role named "
                    + String.join(", ", unknown) + ".");
        }
        return roles;
    }

    // ---- roles promised by invitations ----------------------------------------------------------------------------

    /** Records the roles an invitation promises; a newer promise to the same email replaces the older one. */
    public void promise(OrganizationModel organization, String invitationId, String email, Collection<OrganizationRole> roles) {
        store.deleteInvitationRolesOfEmail(organization.getId(), email);
        store.addInvitationRoles(realm.getId(), organization.getId(), invitationId, email, roles);
    }

    /** email (lower case) -> roles promised, for the organization's invitations. */
    public Map<String, List<OrganizationRole>> promises(OrganizationModel organization) {
        return store.invitationRolesOfOrganization(organization.getId());
    }

    public List<OrganizationRole> promisedTo(OrganizationModel organization, String email) {
        return store.invitationRolesOfEmail(organization.getId(), email).values().stream().flatMap(List::stream).toList();
    }

    public void withdrawPromise(OrganizationModel organization, String email) {
        store.deleteInvitationRolesOfEmail(organization.getId(), email.toLowerCase(Locale.ROOT));
    }

    // ---- clean-up and diagnostics ---------------------------------------------------------------------------------

    /** A member left: their roles there go. */
    public static void forgetMember(KeycloakSession session, OrganizationModel organization, UserModel member) {
        new OrganizationRoleStore(session).deleteAssignmentsOfMember(organization.getId(), member.getId());
        UserRoleCache.evict(session, session.getContext().getRealm(), member);
    }

    public static void forgetUser(KeycloakSession session, String realmId, String userId) {
        new OrganizationRoleStore(session).deleteAssignmentsOfUser(realmId, userId);
    }

    /** An organization was removed; a new one may take its alias, so no member may keep the old one's roles. */
    public static void forgetOrganization(KeycloakSession session, String organizationId) {
        new OrganizationRoleStore(session).deleteOrganization(organizationId);
        UserRoleCache.evictRealm(session, session.getContext().getRealm());
    }

    public static void forgetRealm(KeycloakSession session, String realmId) {
        new OrganizationRoleStore(session).deleteRealm(realmId);
    }

    /** Row counts of the realm, rows left behind by removed users or organizations, organizations without owner. */
    public Map<String, Object> diagnostics() {
        Map<String, Object> diagnostics = new LinkedHashMap<>(store.diagnostics(realm.getId()));
        diagnostics.put("organizationsWithoutOwner", store.organizationsWithoutOwner(realm.getId()));
        return diagnostics;
    }

    /** Rows whose realm no longer exists, over the whole server (should be 0). */
    public static long rowsOfRemovedRealms(KeycloakSession session) {
        return new OrganizationRoleStore(session).rowsOfRemovedRealms();
    }

    // ---- guards applied ---------------------------------------------------------------------------------------------

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
            UserRoleCache.evict(session, realm, member);
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

    private static Optional<OrganizationRole> findByName(List<OrganizationRole> roles, String name) {
        return roles.stream().filter(r -> r.name().equals(name)).findFirst();
    }
}
