package dev.keycloaktenancy.roles;

import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.TenancyException;
import dev.keycloaktenancy.keycloak.RowLocks;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;

import java.util.ArrayList;
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
 * The roles of a realm: its role template (available in every organization) and each organization's own roles.
 * Every change passes the guards of {@link RoleGuards}; a change of permissions reaches the tokens of the roles'
 * holders.
 */
public final class RoleDefinitions {

    /** How many roles of its own an organization may define (template roles not counted). */
    public static final int MAX_ORGANIZATION_ROLES = 100;

    /** What installing the template did: roles created, roles given the built-in permissions added since. */
    public record TemplateChanges(List<String> created, List<String> upgraded) {
    }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final OrganizationRoleStore store;

    public RoleDefinitions(KeycloakSession session, RealmModel realm) {
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

    /**
     * Creates the initial template roles that are missing, and gives the built-in permissions a version added to the
     * template roles that held every built-in permission of the version before (owner and admin, unless a realm
     * administrator narrowed them). Safe to run concurrently.
     */
    public TemplateChanges installTemplate() {
        RowLocks.of(session).lockRealm(realm.getId());
        List<OrganizationRole> template = store.templateRolesForUpdate(realm.getId());
        Set<String> existing = template.stream().map(OrganizationRole::name).collect(Collectors.toSet());
        List<String> created = new ArrayList<>();
        List<String> upgraded = new ArrayList<>();
        for (OrganizationRole role : template) {
            if (role.permissions().containsAll(Permissions.BUILT_IN_0_1) && !role.permissions().containsAll(Permissions.BUILT_IN)) {
                Set<String> permissions = new TreeSet<>(role.permissions());
                permissions.addAll(Permissions.BUILT_IN);
                definitionChanged(role, store.update(role.id(), role.description(), permissions, role.defaultRole()));
                upgraded.add(role.name());
            }
        }
        for (RoleTemplate.RoleDefinition definition : RoleTemplate.initialRoles()) {
            if (!existing.contains(definition.name())) {
                store.create(realm.getId(), null, definition);
                created.add(definition.name());
            }
        }
        return new TemplateChanges(created, upgraded);
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
        List<OrganizationRole> available = rolesAvailableIn(organization);
        if (findByName(available, definition.name()).isPresent()) {
            throw TenancyException.conflict("role_exists", "Organization " + organization.getAlias()
                    + " already has a role named '" + definition.name() + "' (template roles included).");
        }
        if (available.stream().filter(r -> !r.isTemplate()).count() >= MAX_ORGANIZATION_ROLES) {
            throw TenancyException.conflict("limit_reached", "Organization " + organization.getAlias() + " already has "
                    + MAX_ORGANIZATION_ROLES + " roles of its own, the most it may define. Delete one first.");
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
        UserRoleCache.evictUsers(session, holders);
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
            throw TenancyException.badRequest("unknown_role", "Organization " + organization.getAlias()
                    + " has no role named " + String.join(", ", unknown) + ".");
        }
        return roles;
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
            UserRoleCache.evictUsers(session, store.holdersOf(after.organizationId(), after.id()));
        }
    }

    /** One of the organization's own roles; a template role is refused (read-only inside an organization). */
    public OrganizationRole organizationOwnRole(OrganizationModel organization, String name) {
        OrganizationRole role = roleIn(organization, name);
        if (role.isTemplate()) {
            throw TenancyException.conflict("template_role_read_only", "'" + name + "' is a template role: it is"
                    + " read-only here and is edited in the realm's role template.");
        }
        return role;
    }

    private void requireEnabled() {
        if (!Tenancy.isEnabled(realm)) {
            throw TenancyException.notEnabled(realm.getName());
        }
    }

    static Optional<OrganizationRole> findByName(List<OrganizationRole> roles, String name) {
        return roles.stream().filter(r -> r.name().equals(name)).findFirst();
    }
}
