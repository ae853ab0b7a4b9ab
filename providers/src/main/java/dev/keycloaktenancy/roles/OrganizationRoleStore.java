package dev.keycloaktenancy.roles;

import dev.keycloaktenancy.roles.jpa.InvitationRoleEntity;
import dev.keycloaktenancy.roles.jpa.OrganizationRoleEntity;
import dev.keycloaktenancy.roles.jpa.RoleAssignmentEntity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Database access for roles, assignments and invitation promises; joins the request's transaction. No rules live
 * here: everything outside this package goes through {@link RoleDefinitions}, {@link RoleAssignments}, {@link RolePromises} and {@link RoleCleanup}.
 */
final class OrganizationRoleStore {

    private final EntityManager em;

    OrganizationRoleStore(KeycloakSession session) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    List<OrganizationRole> templateRoles(String realmId) {
        return em.createNamedQuery("tenancy.templateRoles", OrganizationRoleEntity.class)
                .setParameter("realmId", realmId).getResultStream().map(OrganizationRoleStore::toRole).toList();
    }

    /**
     * The template roles as a locking read: called under the realm's lock, it sees roles that a request which held
     * the lock just before committed (MySQL and MariaDB would otherwise answer from the transaction's snapshot).
     */
    List<OrganizationRole> templateRolesForUpdate(String realmId) {
        return em.createNamedQuery("tenancy.templateRoles", OrganizationRoleEntity.class)
                .setParameter("realmId", realmId).setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream().map(OrganizationRoleStore::toRole).toList();
    }

    /** The realm's roles of that name, template and organization roles alike, as a locking read. */
    List<OrganizationRole> rolesNamedForUpdate(String realmId, String name) {
        return em.createQuery("select r from OrganizationRoleEntity r where r.realmId = :realmId and r.name = :name",
                        OrganizationRoleEntity.class)
                .setParameter("realmId", realmId).setParameter("name", name).setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream().map(OrganizationRoleStore::toRole).toList();
    }

    List<OrganizationRole> organizationRoles(String realmId, String organizationId) {
        return em.createNamedQuery("tenancy.organizationRoles", OrganizationRoleEntity.class)
                .setParameter("realmId", realmId).setParameter("organizationId", organizationId)
                .getResultStream().map(OrganizationRoleStore::toRole).toList();
    }

    /** Template roles plus the organization's own roles. */
    List<OrganizationRole> rolesAvailableIn(String realmId, String organizationId) {
        return em.createNamedQuery("tenancy.rolesAvailableInOrganization", OrganizationRoleEntity.class)
                .setParameter("realmId", realmId).setParameter("organizationId", organizationId)
                .getResultStream().map(OrganizationRoleStore::toRole).toList();
    }

    OrganizationRole create(String realmId, String organizationId, RoleTemplate.RoleDefinition definition) {
        OrganizationRoleEntity entity = new OrganizationRoleEntity();
        entity.setId(KeycloakModelUtils.generateId());
        entity.setRealmId(realmId);
        entity.setOrganizationId(organizationId);
        entity.setName(definition.name());
        entity.setDescription(definition.description());
        entity.setPermissions(Permissions.join(definition.permissions()));
        entity.setDefaultRole(definition.defaultRole());
        entity.setCreatedTimestamp(Time.currentTimeMillis());
        em.persist(entity);
        return toRole(entity);
    }

    OrganizationRole update(String roleId, String description, Set<String> permissions, boolean defaultRole) {
        OrganizationRoleEntity entity = em.find(OrganizationRoleEntity.class, roleId);
        entity.setDescription(description);
        entity.setPermissions(Permissions.join(permissions));
        entity.setDefaultRole(defaultRole);
        return toRole(entity);
    }

    /** Deletes a role, every assignment of it and every invitation's promise of it. */
    void delete(String roleId) {
        em.createNamedQuery("tenancy.deleteAssignmentsOfRole").setParameter("roleId", roleId).executeUpdate();
        em.createNamedQuery("tenancy.deleteInvitationRolesOfRole").setParameter("roleId", roleId).executeUpdate();
        OrganizationRoleEntity entity = em.find(OrganizationRoleEntity.class, roleId);
        if (entity != null) {
            em.remove(entity);
        }
    }

    List<OrganizationRole> rolesOfMember(String organizationId, String userId) {
        return em.createNamedQuery("tenancy.assignmentsOfMember", RoleAssignmentEntity.class)
                .setParameter("organizationId", organizationId).setParameter("userId", userId)
                .getResultStream().map(a -> toRole(a.getRole()))
                .sorted(Comparator.comparing(OrganizationRole::name)).toList();
    }

    /** userId -> roles, for one page of members, in one query. */
    Map<String, List<OrganizationRole>> rolesOfMembers(String organizationId, Collection<String> userIds) {
        Map<String, List<OrganizationRole>> result = new HashMap<>();
        if (userIds.isEmpty()) {
            return result;
        }
        em.createNamedQuery("tenancy.assignmentsOfMembers", RoleAssignmentEntity.class)
                .setParameter("organizationId", organizationId).setParameter("userIds", userIds)
                .getResultStream()
                .forEach(a -> result.computeIfAbsent(a.getUserId(), id -> new ArrayList<>()).add(toRole(a.getRole())));
        result.values().forEach(list -> list.sort(Comparator.comparing(OrganizationRole::name)));
        return result;
    }

    /** Every assignment of an organization: userId -> role names. */
    Map<String, Set<String>> assignmentsOfOrganization(String organizationId) {
        Map<String, Set<String>> result = new HashMap<>();
        em.createNamedQuery("tenancy.assignmentsOfOrganization", RoleAssignmentEntity.class)
                .setParameter("organizationId", organizationId).getResultStream()
                .forEach(a -> result.computeIfAbsent(a.getUserId(), id -> new TreeSet<>()).add(a.getRole().getName()));
        return result;
    }

    /**
     * The token query: organizationId -> the roles one user holds there, over all their organizations, in one query
     * on the user's index.
     */
    Map<String, HeldRoles> rolesOfUser(String userId) {
        Map<String, TreeSet<String>> names = new HashMap<>();
        Map<String, TreeSet<String>> permissions = new HashMap<>();
        List<Object[]> rows = em.createNamedQuery("tenancy.rolesOfUser", Object[].class)
                .setParameter("userId", userId).getResultList();
        for (Object[] row : rows) {
            String organizationId = (String) row[0];
            names.computeIfAbsent(organizationId, id -> new TreeSet<>()).add((String) row[1]);
            permissions.computeIfAbsent(organizationId, id -> new TreeSet<>()).addAll(Permissions.split((String) row[2]));
        }
        Map<String, HeldRoles> result = new HashMap<>();
        names.forEach((organizationId, held) -> result.put(organizationId, new HeldRoles(held, permissions.get(organizationId))));
        return result;
    }

    void assign(String realmId, String organizationId, String userId, String roleId) {
        RoleAssignmentEntity assignment = new RoleAssignmentEntity();
        assignment.setId(KeycloakModelUtils.generateId());
        assignment.setRealmId(realmId);
        assignment.setOrganizationId(organizationId);
        assignment.setUserId(userId);
        assignment.setRole(em.getReference(OrganizationRoleEntity.class, roleId));
        assignment.setCreatedTimestamp(Time.currentTimeMillis());
        em.persist(assignment);
    }

    void unassign(String organizationId, String userId, String roleId) {
        em.createQuery("delete from RoleAssignmentEntity a where a.organizationId = :organizationId"
                        + " and a.userId = :userId and a.role.id = :roleId")
                .setParameter("organizationId", organizationId).setParameter("userId", userId)
                .setParameter("roleId", roleId).executeUpdate();
    }

    /** How many members hold a role, as a locking read (see {@link #templateRolesForUpdate}). */
    long countHoldersForUpdate(String organizationId, String roleId) {
        return em.createNamedQuery("tenancy.holdersOfRole", RoleAssignmentEntity.class)
                .setParameter("organizationId", organizationId).setParameter("roleId", roleId)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList().size();
    }

    /** How many organizations of the realm the user holds this (template) role in (a plain read). */
    long countHeldByUser(String realmId, String userId, String roleId) {
        return em.createNamedQuery("tenancy.assignmentsOfUserWithRole", RoleAssignmentEntity.class)
                .setParameter("realmId", realmId).setParameter("userId", userId).setParameter("roleId", roleId)
                .getResultList().size();
    }

    /** How many organizations of the realm the user holds this (template) role in, with a locking read. */
    long countHeldByUserForUpdate(String realmId, String userId, String roleId) {
        return em.createNamedQuery("tenancy.assignmentsOfUserWithRole", RoleAssignmentEntity.class)
                .setParameter("realmId", realmId).setParameter("userId", userId).setParameter("roleId", roleId)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList().size();
    }

    /** The ids of the members holding a role (ids only: no entity stays managed to outlive a bulk delete). */
    List<String> holdersOf(String organizationId, String roleId) {
        return em.createNamedQuery("tenancy.holderIdsOfRole", String.class)
                .setParameter("organizationId", organizationId).setParameter("roleId", roleId).getResultList();
    }

    Set<String> membersWithAnyRole(String organizationId) {
        return new HashSet<>(em.createNamedQuery("tenancy.membersWithAnyRole", String.class)
                .setParameter("organizationId", organizationId).getResultList());
    }

    void deleteAssignmentsOfMember(String organizationId, String userId) {
        em.createNamedQuery("tenancy.deleteAssignmentsOfMember")
                .setParameter("organizationId", organizationId).setParameter("userId", userId).executeUpdate();
    }

    void deleteAssignmentsOfUser(String realmId, String userId) {
        em.createNamedQuery("tenancy.deleteAssignmentsOfUser")
                .setParameter("realmId", realmId).setParameter("userId", userId).executeUpdate();
    }

    void deleteOrganization(String organizationId) {
        em.createNamedQuery("tenancy.deleteInvitationRolesOfOrganization")
                .setParameter("organizationId", organizationId).executeUpdate();
        em.createNamedQuery("tenancy.deleteAssignmentsOfOrganization")
                .setParameter("organizationId", organizationId).executeUpdate();
        em.createNamedQuery("tenancy.deleteOrganizationRoles")
                .setParameter("organizationId", organizationId).executeUpdate();
    }

    void deleteRealm(String realmId) {
        em.createNamedQuery("tenancy.deleteInvitationRolesOfRealm").setParameter("realmId", realmId).executeUpdate();
        em.createNamedQuery("tenancy.deleteAssignmentsOfRealm").setParameter("realmId", realmId).executeUpdate();
        em.createNamedQuery("tenancy.deleteRealmRoles").setParameter("realmId", realmId).executeUpdate();
    }

    // ---- roles promised by invitations ----------------------------------------------------------------------------

    void addInvitationRoles(String realmId, String organizationId, String invitationId, String email,
                                   Collection<OrganizationRole> roles) {
        for (OrganizationRole role : roles) {
            InvitationRoleEntity entity = new InvitationRoleEntity();
            entity.setId(KeycloakModelUtils.generateId());
            entity.setRealmId(realmId);
            entity.setOrganizationId(organizationId);
            entity.setInvitationId(invitationId);
            entity.setEmail(email.toLowerCase(Locale.ROOT));
            entity.setRole(em.getReference(OrganizationRoleEntity.class, role.id()));
            entity.setCreatedTimestamp(Time.currentTimeMillis());
            em.persist(entity);
        }
    }

    /** email (lower case) -> roles promised, for an organization's invitations. */
    Map<String, List<OrganizationRole>> invitationRolesOfOrganization(String organizationId) {
        Map<String, List<OrganizationRole>> result = new HashMap<>();
        em.createNamedQuery("tenancy.invitationRolesOfOrganization", InvitationRoleEntity.class)
                .setParameter("organizationId", organizationId).getResultStream()
                .forEach(i -> result.computeIfAbsent(i.getEmail(), email -> new ArrayList<>())
                        .add(toRole(i.getRole())));
        result.values().forEach(list -> list.sort(Comparator.comparing(OrganizationRole::name)));
        return result;
    }

    /** invitationId -> roles promised to this email in this organization. */
    Map<String, List<OrganizationRole>> invitationRolesOfEmail(String organizationId, String email) {
        Map<String, List<OrganizationRole>> result = new HashMap<>();
        em.createNamedQuery("tenancy.invitationRolesOfEmail", InvitationRoleEntity.class)
                .setParameter("organizationId", organizationId)
                .setParameter("email", email.toLowerCase(Locale.ROOT)).getResultStream()
                .forEach(i -> result.computeIfAbsent(i.getInvitationId(), id -> new ArrayList<>())
                        .add(toRole(i.getRole())));
        return result;
    }

    void deleteInvitationRolesOfEmail(String organizationId, String email) {
        em.createNamedQuery("tenancy.deleteInvitationRolesOfEmail").setParameter("organizationId", organizationId)
                .setParameter("email", email.toLowerCase(Locale.ROOT)).executeUpdate();
    }

    /** Row counts of a realm, and assignments left behind by a removed user or organization (should be 0). */
    Map<String, Long> diagnostics(String realmId) {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("roles", em.createQuery("select count(r) from OrganizationRoleEntity r where r.realmId = :realmId", Long.class)
                .setParameter("realmId", realmId).getSingleResult());
        counts.put("assignments", em.createQuery("select count(a) from RoleAssignmentEntity a where a.realmId = :realmId", Long.class)
                .setParameter("realmId", realmId).getSingleResult());
        counts.put("orphanAssignments", em.createQuery("select count(a) from RoleAssignmentEntity a where a.realmId = :realmId"
                        + " and (not exists (select u.id from UserEntity u where u.id = a.userId)"
                        + " or not exists (select o.id from OrganizationEntity o where o.id = a.organizationId))", Long.class)
                .setParameter("realmId", realmId).getSingleResult());
        counts.put("invitationRoles", em.createQuery("select count(i) from InvitationRoleEntity i where i.realmId = :realmId", Long.class)
                .setParameter("realmId", realmId).getSingleResult());
        counts.put("orphanRoles", em.createQuery("select count(r) from OrganizationRoleEntity r where r.realmId = :realmId"
                        + " and r.organizationId is not null"
                        + " and not exists (select o.id from OrganizationEntity o where o.id = r.organizationId)", Long.class)
                .setParameter("realmId", realmId).getSingleResult());
        return counts;
    }

    /** Aliases of the realm's organizations where nobody holds the template role owner. */
    List<String> organizationsWithoutOwner(String realmId) {
        return em.createQuery("select o.alias from OrganizationEntity o where o.realmId = :realmId and not exists"
                        + " (select a.id from RoleAssignmentEntity a join a.role r where a.organizationId = o.id"
                        + " and r.organizationId is null and r.name = :owner) order by o.alias", String.class)
                .setParameter("realmId", realmId).setParameter("owner", RoleTemplate.OWNER).getResultList();
    }

    /** Rows whose realm no longer exists, over the whole server (should be 0). */
    long rowsOfRemovedRealms() {
        return em.createQuery("select count(a) from RoleAssignmentEntity a"
                        + " where not exists (select r.id from RealmEntity r where r.id = a.realmId)", Long.class).getSingleResult()
                + em.createQuery("select count(r) from OrganizationRoleEntity r"
                        + " where not exists (select m.id from RealmEntity m where m.id = r.realmId)", Long.class).getSingleResult()
                + em.createQuery("select count(i) from InvitationRoleEntity i"
                        + " where not exists (select m.id from RealmEntity m where m.id = i.realmId)", Long.class).getSingleResult();
    }

    Optional<OrganizationRole> findById(String roleId) {
        return Optional.ofNullable(em.find(OrganizationRoleEntity.class, roleId)).map(OrganizationRoleStore::toRole);
    }

    private static OrganizationRole toRole(OrganizationRoleEntity entity) {
        return new OrganizationRole(entity.getId(), entity.getOrganizationId(), entity.getName(),
                entity.getDescription(), Permissions.split(entity.getPermissions()), entity.isDefaultRole());
    }
}
