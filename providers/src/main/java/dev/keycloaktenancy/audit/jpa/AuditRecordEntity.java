package dev.keycloaktenancy.audit.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * One change of an organization. Realm and organization are plain indexed ids, never foreign keys: a record outlives
 * the organization it names (until the retention purges it) and goes with its realm.
 */
@Entity
@Table(name = "TENANCY_AUDIT_RECORD")
@NamedQueries({
        @NamedQuery(name = "tenancy.purgeAuditRecords",
                query = "delete from AuditRecordEntity a where a.realmId = :realmId and a.createdTimestamp < :before"),
        @NamedQuery(name = "tenancy.deleteAuditRecordsOfRealm",
                query = "delete from AuditRecordEntity a where a.realmId = :realmId")
})
public class AuditRecordEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "ORGANIZATION_ID", length = 36, nullable = false)
    private String organizationId;

    @Column(name = "CREATED_TIMESTAMP", nullable = false)
    private long createdTimestamp;

    @Column(name = "ACTOR_TYPE", length = 16, nullable = false)
    private String actorType;

    @Column(name = "ACTOR_USER_ID", length = 255)
    private String actorUserId;

    @Column(name = "ACTOR_CLIENT_ID", length = 255)
    private String actorClientId;

    @Column(name = "ACTION_NAME", length = 64, nullable = false)
    private String action;

    @Column(name = "TARGET", length = 255)
    private String target;

    @Column(name = "OUTCOME", length = 16, nullable = false)
    private String outcome;

    @Column(name = "DETAIL", length = 2000)
    private String detail;

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

    public long getCreatedTimestamp() {
        return createdTimestamp;
    }

    public void setCreatedTimestamp(long createdTimestamp) {
        this.createdTimestamp = createdTimestamp;
    }

    public String getActorType() {
        return actorType;
    }

    public void setActorType(String actorType) {
        this.actorType = actorType;
    }

    public String getActorUserId() {
        return actorUserId;
    }

    public void setActorUserId(String actorUserId) {
        this.actorUserId = actorUserId;
    }

    public String getActorClientId() {
        return actorClientId;
    }

    public void setActorClientId(String actorClientId) {
        this.actorClientId = actorClientId;
    }

    public String getAction() {
        return action;
    }

    public void setAction(String action) {
        this.action = action;
    }

    public String getTarget() {
        return target;
    }

    public void setTarget(String target) {
        this.target = target;
    }

    public String getOutcome() {
        return outcome;
    }

    public void setOutcome(String outcome) {
        this.outcome = outcome;
    }

    public String getDetail() {
        return detail;
    }

    public void setDetail(String detail) {
        this.detail = detail;
    }
}
