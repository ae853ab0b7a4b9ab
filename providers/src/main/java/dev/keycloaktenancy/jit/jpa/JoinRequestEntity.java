package dev.keycloaktenancy.jit.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * A user's request to join an organization at whose verified domain their verified email is. Realm, organization and
 * user are plain ids (no foreign keys to Keycloak's tables); the pack deletes the rows when those go.
 */
@Entity
@Table(name = "TENANCY_JOIN_REQUEST")
@NamedQueries({
        @NamedQuery(name = "tenancy.joinRequestOf",
                query = "select j from JoinRequestEntity j where j.organizationId = :organizationId and j.userId = :userId"),
        @NamedQuery(name = "tenancy.joinRequestsOfOrganization",
                query = "select j from JoinRequestEntity j where j.organizationId = :organizationId and j.status = :status"
                        + " order by j.createdTimestamp"),
        @NamedQuery(name = "tenancy.joinRequestsOfUser",
                query = "select j from JoinRequestEntity j where j.realmId = :realmId and j.userId = :userId"
                        + " order by j.createdTimestamp desc"),
        @NamedQuery(name = "tenancy.deleteJoinRequestsOfOrganization",
                query = "delete from JoinRequestEntity j where j.organizationId = :organizationId"),
        @NamedQuery(name = "tenancy.deleteJoinRequestsOfUser",
                query = "delete from JoinRequestEntity j where j.userId = :userId"),
        @NamedQuery(name = "tenancy.deleteJoinRequestsOfRealm",
                query = "delete from JoinRequestEntity j where j.realmId = :realmId")
})
public class JoinRequestEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "ORGANIZATION_ID", length = 36, nullable = false)
    private String organizationId;

    @Column(name = "USER_ID", length = 255, nullable = false)
    private String userId;

    @Column(name = "EMAIL", length = 255, nullable = false)
    private String email;

    @Column(name = "STATUS", length = 16, nullable = false)
    private String status;

    @Column(name = "CREATED_TIMESTAMP", nullable = false)
    private long createdTimestamp;

    @Column(name = "DECIDED_TIMESTAMP")
    private Long decidedTimestamp;

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

    public String getEmail() {
        return email;
    }

    public void setEmail(String email) {
        this.email = email;
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    public long getCreatedTimestamp() {
        return createdTimestamp;
    }

    public void setCreatedTimestamp(long createdTimestamp) {
        this.createdTimestamp = createdTimestamp;
    }

    public Long getDecidedTimestamp() {
        return decidedTimestamp;
    }

    public void setDecidedTimestamp(Long decidedTimestamp) {
        this.decidedTimestamp = decidedTimestamp;
    }
}
