package dev.keycloaktenancy.roles;

import dev.keycloaktenancy.TenancyException;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The rules of roles as plain checks, each throwing the refusal a person reads: nobody grants, revokes or defines
 * what their own permissions do not cover; only owners grant or revoke owner; the owner role keeps every built-in
 * permission and is never a default; an organization keeps an owner; roles are never renamed.
 */
final class RoleGuards {

    private RoleGuards() {
    }

    /** @param verb "grant" or "revoke" */
    static void mayGrantOrRevoke(OrganizationRole role, Actor actor, String verb) {
        if (!actor.mayGrantOrRevoke(role)) {
            throw TenancyException.forbidden(role.isOwner()
                    ? "Only an owner can " + verb + " the owner role."
                    : "You cannot " + verb + " role '" + role.name() + "': it carries permissions you do not hold ("
                    + String.join(", ", missing(role.permissions(), actor)) + ").");
        }
    }

    static void holdsAll(Set<String> permissions, Actor actor) {
        Set<String> missing = missing(permissions, actor);
        if (!missing.isEmpty()) {
            throw TenancyException.forbidden("You cannot define or change a role with permissions you do not hold ("
                    + String.join(", ", missing) + ").");
        }
    }

    /** The owner role of the template keeps every built-in permission and is never given to every newcomer. */
    static void ownerDefinition(RoleTemplate.RoleDefinition definition) {
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

    static void ownerDeletion(OrganizationRole role) {
        if (role.isOwner()) {
            throw TenancyException.conflict("owner_role_required", "The owner role cannot be deleted: every organization keeps at least one owner.");
        }
    }

    /** @param owners how many members hold the owner role now, counted under the organization's lock */
    static void keepsAnOwner(long owners, String organizationAlias) {
        if (owners <= 1) {
            throw TenancyException.conflict("last_owner", "This is the last owner of organization " + organizationAlias
                    + ": make another member owner first.");
        }
    }

    /** The definition an update stores: the input with the existing name filled in, refused if it renames. */
    static RoleTemplate.RoleDefinition updated(OrganizationRole existing, RoleInput input) {
        RoleInput named = input.name() == null ? new RoleInput(existing.name(), input.description(),
                input.permissions(), input.defaultRole()) : input;
        RoleTemplate.RoleDefinition definition = named.validated();
        if (!definition.name().equals(existing.name())) {
            throw TenancyException.badRequest("A role cannot be renamed (tokens and applications refer to it by name):"
                    + " create a new role instead.");
        }
        return definition;
    }

    /** A template role's name may not be taken by any role of the realm, template or organization. */
    static void freeTemplateName(String name, Collection<OrganizationRole> sameName) {
        if (sameName.isEmpty()) {
            return;
        }
        throw TenancyException.conflict("role_exists", sameName.stream().anyMatch(OrganizationRole::isTemplate)
                ? "The role template already has a role named '" + name + "'."
                : "Role '" + name + "' is already defined by " + sameName.size()
                + " organization(s); a template role name must be unique in every organization.");
    }

    private static Set<String> missing(Set<String> permissions, Actor actor) {
        return permissions.stream().filter(p -> !actor.holds(p)).collect(Collectors.toCollection(TreeSet::new));
    }
}
