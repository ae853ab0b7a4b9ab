package dev.keycloaktenancy.roles.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * A role: a template role of a realm (no organization id) or a role defined for one organization. Permissions are
 * stored space-separated in one column: they never contain whitespace, and this keeps the token query to one join.
 */
@Entity
@Table(name = "TENANCY_ROLE")
@NamedQueries({
        @NamedQuery(name = "tenancy.templateRoles",
                query = "select r from OrganizationRoleEntity r where r.realmId = :realmId and r.organizationId is null order by r.name"),
        @NamedQuery(name = "tenancy.organizationRoles",
                query = "select r from OrganizationRoleEntity r where r.realmId = :realmId and r.organizationId = :organizationId order by r.name"),
        @NamedQuery(name = "tenancy.rolesAvailableInOrganization",
                query = "select r from OrganizationRoleEntity r where r.realmId = :realmId and (r.organizationId is null or r.organizationId = :organizationId) order by r.name"),
        @NamedQuery(name = "tenancy.deleteOrganizationRoles",
                query = "delete from OrganizationRoleEntity r where r.organizationId = :organizationId"),
        @NamedQuery(name = "tenancy.deleteRealmRoles",
                query = "delete from OrganizationRoleEntity r where r.realmId = :realmId")
})
public class OrganizationRoleEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    /** Null for a template role of the realm. */
    @Column(name = "ORGANIZATION_ID", length = 36)
    private String organizationId;

    @Column(name = "NAME", length = 64, nullable = false)
    private String name;

    @Column(name = "DESCRIPTION", length = 255)
    private String description;

    @Column(name = "PERMISSIONS", length = 4000)
    private String permissions;

    @Column(name = "DEFAULT_ROLE", nullable = false)
    private boolean defaultRole;

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

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public String getPermissions() {
        return permissions;
    }

    public void setPermissions(String permissions) {
        this.permissions = permissions;
    }

    public boolean isDefaultRole() {
        return defaultRole;
    }

    public void setDefaultRole(boolean defaultRole) {
        this.defaultRole = defaultRole;
    }

    public long getCreatedTimestamp() {
        return createdTimestamp;
    }

    public void setCreatedTimestamp(long createdTimestamp) {
        this.createdTimestamp = createdTimestamp;
    }
}
