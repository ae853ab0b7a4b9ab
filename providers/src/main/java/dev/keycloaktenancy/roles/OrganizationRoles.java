package dev.keycloaktenancy.roles;

import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.TenancyException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.OrganizationInvitationModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The rules of per-organization roles: the role template, organization roles, and who holds which role where, with
 * the guards (no escalation, the owner role stays, the last owner stays).
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

    public OrganizationRoleStore store() {
        return store;
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

    public OrganizationRole createTemplateRole(RoleInput input) {
        requireEnabled();
        RoleTemplate.RoleDefinition definition = input.validated();
        List<OrganizationRole> sameName = store.rolesOfRealm(realm.getId()).stream()
                .filter(r -> r.name().equals(definition.name())).toList();
        if (!sameName.isEmpty()) {
            throw TenancyException.conflict(sameName.stream().anyMatch(OrganizationRole::isTemplate)
                    ? "The role template already has a role named '" + definition.name() + "'."
                    : "Role '" + definition.name() + "' is already defined by " + sameName.size()
                    + " organization(s); a template role name must be unique in every organization.");
        }
        guardOwnerDefinition(definition);
        return store.create(realm.getId(), null, definition);
    }

    public OrganizationRole updateTemplateRole(String name, RoleInput input) {
        requireEnabled();
        OrganizationRole existing = templateRole(name);
        RoleTemplate.RoleDefinition definition = renameCheck(existing, input);
        if (existing.isOwner()) {
            guardOwnerDefinition(definition);
        }
        return store.update(existing.id(), definition.description(), definition.permissions(), definition.defaultRole());
    }

    public void deleteTemplateRole(String name) {
        OrganizationRole existing = templateRole(name);
        if (existing.isOwner()) {
            throw TenancyException.conflict("The owner role cannot be deleted: every organization keeps at least one owner.");
        }
        store.delete(existing.id());
    }

    // ---- organization roles ---------------------------------------------------------------------------------------

    /** Template roles and the organization's own roles, by name. */
    public List<OrganizationRole> rolesAvailableIn(OrganizationModel organization) {
        return store.rolesAvailableIn(realm.getId(), organization.getId());
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
        guardPermissionsHeld(definition.permissions(), actor);
        return store.create(realm.getId(), organization.getId(), definition);
    }

    public OrganizationRole updateOrganizationRole(OrganizationModel organization, String name, RoleInput input, Actor actor) {
        OrganizationRole existing = organizationOwnRole(organization, name);
        RoleTemplate.RoleDefinition definition = renameCheck(existing, input);
        guardPermissionsHeld(existing.permissions(), actor);
        guardPermissionsHeld(definition.permissions(), actor);
        return store.update(existing.id(), definition.description(), definition.permissions(), definition.defaultRole());
    }

    public void deleteOrganizationRole(OrganizationModel organization, String name, Actor actor) {
        OrganizationRole existing = organizationOwnRole(organization, name);
        guardPermissionsHeld(existing.permissions(), actor);
        store.delete(existing.id());
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

    public List<OrganizationRole> rolesOf(OrganizationModel organization, UserModel member) {
        return store.rolesOfMember(organization.getId(), member.getId());
    }

    /** Replaces the member's roles with exactly the named ones. Returns the roles held afterwards. */
    public List<OrganizationRole> replaceRoles(OrganizationModel organization, UserModel member,
                                               Collection<String> roleNames, Actor actor) {
        requireEnabled();
        requireMember(organization, member);
        Set<OrganizationRole> wanted = resolve(organization, roleNames);
        Map<String, OrganizationRole> held = rolesOf(organization, member).stream()
                .collect(Collectors.toMap(OrganizationRole::id, Function.identity()));
        List<OrganizationRole> toGrant = wanted.stream().filter(r -> !held.containsKey(r.id())).toList();
        Set<String> wantedIds = wanted.stream().map(OrganizationRole::id).collect(Collectors.toSet());
        List<OrganizationRole> toRevoke = held.values().stream().filter(r -> !wantedIds.contains(r.id())).toList();
        apply(organization, member, toGrant, toRevoke, actor);
        return rolesOf(organization, member);
    }

    public List<OrganizationRole> addRoles(OrganizationModel organization, UserModel member,
                                           Collection<String> roleNames, Actor actor) {
        requireEnabled();
        requireMember(organization, member);
        Set<String> held = rolesOf(organization, member).stream().map(OrganizationRole::id).collect(Collectors.toSet());
        List<OrganizationRole> toGrant = resolve(organization, roleNames).stream()
                .filter(r -> !held.contains(r.id())).toList();
        apply(organization, member, toGrant, List.of(), actor);
        return rolesOf(organization, member);
    }

    public List<OrganizationRole> removeRole(OrganizationModel organization, UserModel member, String roleName, Actor actor) {
        requireMember(organization, member);
        OrganizationRole role = roleIn(organization, roleName);
        boolean held = rolesOf(organization, member).stream().anyMatch(r -> r.id().equals(role.id()));
        if (held) {
            apply(organization, member, List.of(), List.of(role), actor);
        }
        return rolesOf(organization, member);
    }

    /**
     * Checks that removing this member from the organization keeps an owner. Callers that remove members run it
     * first; leaving then drops the member's roles through the membership listener.
     */
    public void guardMemberRemoval(OrganizationModel organization, UserModel member) {
        rolesOf(organization, member).stream().filter(OrganizationRole::isOwner).findFirst()
                .ifPresent(owner -> guardNotLastOwner(organization, owner));
    }

    /**
     * On joining: the default roles, plus the roles promised to the member's email by an invitation of this
     * organization, if one is still pending (not revoked, not expired). A resent invitation keeps its roles. The
     * promise is used up either way.
     */
    public void grantRolesOnJoin(OrganizationModel organization, UserModel member) {
        grantDefaultRoles(organization, member);
        if (member.getEmail() == null) {
            return;
        }
        Map<String, List<OrganizationRole>> promised = store.invitationRolesOfEmail(organization.getId(), member.getEmail());
        if (promised.isEmpty()) {
            return;
        }
        OrganizationInvitationModel pending = session.getProvider(OrganizationProvider.class).getInvitationManager()
                .getByEmail(organization, member.getEmail());
        if (pending != null && !pending.isExpired()) {
            Set<String> held = rolesOf(organization, member).stream().map(OrganizationRole::id).collect(Collectors.toSet());
            promised.values().stream().flatMap(List::stream).filter(r -> held.add(r.id()))
                    .forEach(r -> store.assign(realm.getId(), organization.getId(), member.getId(), r.id()));
        }
        store.deleteInvitationRolesOfEmail(organization.getId(), member.getEmail());
    }

    /** Grants the organization's default roles (template and own) to a member who just joined. */
    public void grantDefaultRoles(OrganizationModel organization, UserModel member) {
        Set<String> held = rolesOf(organization, member).stream().map(OrganizationRole::id).collect(Collectors.toSet());
        rolesAvailableIn(organization).stream()
                .filter(OrganizationRole::defaultRole)
                .filter(r -> !held.contains(r.id()))
                .forEach(r -> store.assign(realm.getId(), organization.getId(), member.getId(), r.id()));
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

    private void apply(OrganizationModel organization, UserModel member, List<OrganizationRole> toGrant,
                       List<OrganizationRole> toRevoke, Actor actor) {
        for (OrganizationRole role : toGrant) {
            guardGrant(role, actor, "grant");
        }
        for (OrganizationRole role : toRevoke) {
            guardGrant(role, actor, "revoke");
            if (role.isOwner()) {
                guardNotLastOwner(organization, role);
            }
        }
        toRevoke.forEach(r -> store.unassign(organization.getId(), member.getId(), r.id()));
        toGrant.forEach(r -> store.assign(realm.getId(), organization.getId(), member.getId(), r.id()));
    }

    private void guardGrant(OrganizationRole role, Actor actor, String verb) {
        if (!actor.mayGrantOrRevoke(role)) {
            throw TenancyException.forbidden(role.isOwner()
                    ? "Only an owner can " + verb + " the owner role."
                    : "You cannot " + verb + " role '" + role.name() + "': it carries permissions you do not hold ("
                    + String.join(", ", missing(role.permissions(), actor)) + ").");
        }
    }

    private void guardNotLastOwner(OrganizationModel organization, OrganizationRole owner) {
        if (store.countHolders(organization.getId(), owner.id()) <= 1) {
            throw TenancyException.conflict("This is the last owner of organization " + organization.getAlias()
                    + ": make another member owner first.");
        }
    }

    private static void guardPermissionsHeld(Set<String> permissions, Actor actor) {
        Set<String> missing = missing(permissions, actor);
        if (!missing.isEmpty()) {
            throw TenancyException.forbidden("You cannot define or change a role with permissions you do not hold ("
                    + String.join(", ", missing) + ").");
        }
    }

    private static Set<String> missing(Set<String> permissions, Actor actor) {
        return permissions.stream().filter(p -> !actor.holds(p)).collect(Collectors.toCollection(TreeSet::new));
    }

    private static void guardOwnerDefinition(RoleTemplate.RoleDefinition definition) {
        if (!RoleTemplate.OWNER.equals(definition.name())) {
            return;
        }
        if (!definition.permissions().containsAll(Permissions.BUILT_IN)) {
            throw TenancyException.badRequest("The owner role keeps every built-in permission ("
                    + String.join(", ", Permissions.builtInSorted()) + ").");
        }
        if (definition.defaultRole()) {
            throw TenancyException.badRequest("The owner role cannot be a default role: every new member would own the organization.");
        }
    }

    private static RoleTemplate.RoleDefinition renameCheck(OrganizationRole existing, RoleInput input) {
        RoleInput named = input.name() == null ? new RoleInput(existing.name(), input.description(),
                input.permissions(), input.defaultRole()) : input;
        RoleTemplate.RoleDefinition definition = named.validated();
        if (!definition.name().equals(existing.name())) {
            throw TenancyException.badRequest("A role cannot be renamed (tokens and applications refer to it by name):"
                    + " create a new role instead.");
        }
        return definition;
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
