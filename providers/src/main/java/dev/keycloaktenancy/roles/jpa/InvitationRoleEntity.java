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
 * A role promised by a pending native invitation. The invitation itself stays Keycloak's; this row only says which
 * roles its invitee gets on joining. The email (lower case) finds the rows when the invitee joins.
 */
@Entity
@Table(name = "TENANCY_INVITATION_ROLE")
@NamedQueries({
        @NamedQuery(name = "tenancy.invitationRolesOfOrganization",
                query = "select i from InvitationRoleEntity i join fetch i.role where i.organizationId = :organizationId"),
        @NamedQuery(name = "tenancy.invitationRolesOfEmail",
                query = "select i from InvitationRoleEntity i join fetch i.role"
                        + " where i.organizationId = :organizationId and i.email = :email"),
        @NamedQuery(name = "tenancy.deleteInvitationRolesOfEmail",
                query = "delete from InvitationRoleEntity i where i.organizationId = :organizationId and i.email = :email"),
        @NamedQuery(name = "tenancy.deleteInvitationRolesOfRole",
                query = "delete from InvitationRoleEntity i where i.role.id = :roleId"),
        @NamedQuery(name = "tenancy.deleteInvitationRolesOfOrganization",
                query = "delete from InvitationRoleEntity i where i.organizationId = :organizationId"),
        @NamedQuery(name = "tenancy.deleteInvitationRolesOfRealm",
                query = "delete from InvitationRoleEntity i where i.realmId = :realmId")
})
public class InvitationRoleEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "ORGANIZATION_ID", length = 36, nullable = false)
    private String organizationId;

    @Column(name = "INVITATION_ID", length = 36, nullable = false)
    private String invitationId;

    @Column(name = "EMAIL", length = 255, nullable = false)
    private String email;

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

    public String getInvitationId() {
        return invitationId;
    }

    public void setInvitationId(String invitationId) {
        this.invitationId = invitationId;
    }

    public String getEmail() {
        return email;
    }

    public void setEmail(String email) {
        this.email = email;
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
