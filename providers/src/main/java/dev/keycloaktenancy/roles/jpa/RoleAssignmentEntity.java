package dev.keycloaktenancy.roles.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * A member holding a role in one organization. User, organization and realm are plain indexed ids, never foreign
 * keys: Keycloak bulk-deletes those rows (see docs/architecture.md) and the pack cleans up in event listeners.
 */
@Entity
@Table(name = "TENANCY_ROLE_ASSIGNMENT")
@NamedQueries({
        @NamedQuery(name = "tenancy.rolesOfUser",
                query = "select a.organizationId, r.name, r.permissions from RoleAssignmentEntity a join a.role r"
                        + " where a.userId = :userId"),
        @NamedQuery(name = "tenancy.assignmentsOfMember",
                query = "select a from RoleAssignmentEntity a join fetch a.role"
                        + " where a.organizationId = :organizationId and a.userId = :userId"),
        @NamedQuery(name = "tenancy.assignmentsOfMembers",
                query = "select a from RoleAssignmentEntity a join fetch a.role"
                        + " where a.organizationId = :organizationId and a.userId in :userIds"),
        @NamedQuery(name = "tenancy.assignmentsOfOrganization",
                query = "select a from RoleAssignmentEntity a join fetch a.role where a.organizationId = :organizationId"),
        @NamedQuery(name = "tenancy.holdersOfRole",
                query = "select a from RoleAssignmentEntity a where a.organizationId = :organizationId and a.role.id = :roleId"),
        @NamedQuery(name = "tenancy.assignmentsOfUserWithRole",
                query = "select a from RoleAssignmentEntity a where a.realmId = :realmId and a.userId = :userId"
                        + " and a.role.id = :roleId"),
        @NamedQuery(name = "tenancy.holderIdsOfRole",
                query = "select a.userId from RoleAssignmentEntity a where a.organizationId = :organizationId"
                        + " and a.role.id = :roleId"),
        @NamedQuery(name = "tenancy.membersWithAnyRole",
                query = "select distinct a.userId from RoleAssignmentEntity a where a.organizationId = :organizationId"),
        @NamedQuery(name = "tenancy.deleteAssignmentsOfMember",
                query = "delete from RoleAssignmentEntity a where a.organizationId = :organizationId and a.userId = :userId"),
        @NamedQuery(name = "tenancy.deleteAssignmentsOfUser",
                query = "delete from RoleAssignmentEntity a where a.realmId = :realmId and a.userId = :userId"),
        @NamedQuery(name = "tenancy.deleteAssignmentsOfRole",
                query = "delete from RoleAssignmentEntity a where a.role.id = :roleId"),
        @NamedQuery(name = "tenancy.deleteAssignmentsOfOrganization",
                query = "delete from RoleAssignmentEntity a where a.organizationId = :organizationId"),
        @NamedQuery(name = "tenancy.deleteAssignmentsOfRealm",
                query = "delete from RoleAssignmentEntity a where a.realmId = :realmId")
})
public class RoleAssignmentEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "ORGANIZATION_ID", length = 36, nullable = false)
    private String organizationId;

    /** 255: users of a user storage provider without import have ids like f:&lt;provider&gt;:&lt;directory id&gt;. */
    @Column(name = "USER_ID", length = 255, nullable = false)
    private String userId;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "ROLE_ID", nullable = false)
    private OrganizationRoleEntity role;

    @Column(name = "CREATED_TIMESTAMP", nullable = false)
    private long createdTimestamp;

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getRealmId() {
        return realmId;
    }

    public void setRealmId(String realmId) {
        this.realmId = realmId;
    }

    public String getOrganizationId() {
        return organizationId;
    }

    public void setOrganizationId(String organizationId) {
        this.organizationId = organizationId;
    }

    public String getUserId() {
        return userId;
    }

    public void setUserId(String userId) {
        this.userId = userId;
    }

    public OrganizationRoleEntity getRole() {
        return role;
    }

    public void setRole(OrganizationRoleEntity role) {
        this.role = role;
    }

    public long getCreatedTimestamp() {
        return createdTimestamp;
    }

    public void setCreatedTimestamp(long createdTimestamp) {
        this.createdTimestamp = createdTimestamp;
    }
}
