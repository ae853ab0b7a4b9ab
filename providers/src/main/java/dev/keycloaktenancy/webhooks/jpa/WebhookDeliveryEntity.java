package dev.keycloaktenancy.webhooks.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * One message to one webhook (the outbox row): written in the transaction of the change it tells of, then sent by
 * the delivery job until delivered or given up. Its id is the message's {@code webhook-id}, the same on every attempt.
 * {@code NEXT_ATTEMPT} is also the lease of a claimed row: a node that dies while sending leaves it due again then.
 */
@Entity
@Table(name = "TENANCY_WEBHOOK_DELIVERY")
@NamedQueries({
        @NamedQuery(name = "tenancy.dueDeliveries",
                query = "select d.id, d.webhookId, w.consecutiveFailures from WebhookDeliveryEntity d, WebhookEntity w"
                        + " where w.id = d.webhookId and w.enabled = true and d.state = 'pending'"
                        + " and d.nextAttempt <= :now and d.webhookId not in :full order by d.nextAttempt"),
        @NamedQuery(name = "tenancy.webhooksOverBacklog",
                query = "select d.webhookId from WebhookDeliveryEntity d where d.state = 'pending'"
                        + " group by d.webhookId having count(d) > :max"),
        @NamedQuery(name = "tenancy.claimDeliveries",
                query = "update WebhookDeliveryEntity d set d.claim = :claim, d.nextAttempt = :leaseEnd"
                        + " where d.id in :ids and d.state = 'pending' and d.nextAttempt <= :now"),
        @NamedQuery(name = "tenancy.deliveriesById",
                query = "select d from WebhookDeliveryEntity d where d.id in :ids"),
        @NamedQuery(name = "tenancy.deliveriesOfWebhook",
                query = "select d from WebhookDeliveryEntity d where d.webhookId = :webhookId"
                        + " order by d.createdTimestamp desc, d.id desc"),
        @NamedQuery(name = "tenancy.deleteDeliveriesOfWebhook",
                query = "delete from WebhookDeliveryEntity d where d.webhookId = :webhookId"),
        @NamedQuery(name = "tenancy.deleteDeliveriesOfOrganization",
                query = "delete from WebhookDeliveryEntity d where d.webhookId in"
                        + " (select w.id from WebhookEntity w where w.organizationId = :organizationId)"),
        @NamedQuery(name = "tenancy.deleteDeliveriesOfRealm",
                query = "delete from WebhookDeliveryEntity d where d.realmId = :realmId"),
        @NamedQuery(name = "tenancy.purgeDeliveries",
                query = "delete from WebhookDeliveryEntity d where d.state <> 'pending' and d.createdTimestamp < :before")
})
public class WebhookDeliveryEntity {

    @Id
    @Column(name = "ID", length = 40)
    private String id;

    @Column(name = "WEBHOOK_ID", length = 36, nullable = false)
    private String webhookId;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "EVENT_TYPE", length = 64, nullable = false)
    private String eventType;

    @Column(name = "BODY", length = 4000, nullable = false)
    private String body;

    @Column(name = "CREATED_TIMESTAMP", nullable = false)
    private long createdTimestamp;

    /** Start of the retry window: the event's time, or when a person asked to redeliver. */
    @Column(name = "RETRY_SINCE", nullable = false)
    private long retrySince;

    @Column(name = "STATE", length = 16, nullable = false)
    private String state;

    @Column(name = "NEXT_ATTEMPT", nullable = false)
    private long nextAttempt;

    @Column(name = "CLAIM", length = 36)
    private String claim;

    @Column(name = "ATTEMPTS", nullable = false)
    private int attempts;

    @Column(name = "LAST_ATTEMPT")
    private Long lastAttempt;

    @Column(name = "LAST_STATUS")
    private Integer lastStatus;

    @Column(name = "LAST_ANSWER", length = 500)
    private String lastAnswer;

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getWebhookId() {
        return webhookId;
    }

    public void setWebhookId(String webhookId) {
        this.webhookId = webhookId;
    }

    public String getRealmId() {
        return realmId;
    }

    public void setRealmId(String realmId) {
        this.realmId = realmId;
    }

    public String getEventType() {
        return eventType;
    }

    public void setEventType(String eventType) {
        this.eventType = eventType;
    }

    public String getBody() {
        return body;
    }

    public void setBody(String body) {
        this.body = body;
    }

    public long getCreatedTimestamp() {
        return createdTimestamp;
    }

    public void setCreatedTimestamp(long createdTimestamp) {
        this.createdTimestamp = createdTimestamp;
    }

    public long getRetrySince() {
        return retrySince;
    }

    public void setRetrySince(long retrySince) {
        this.retrySince = retrySince;
    }

    public String getState() {
        return state;
    }

    public void setState(String state) {
        this.state = state;
    }

    public long getNextAttempt() {
        return nextAttempt;
    }

    public void setNextAttempt(long nextAttempt) {
        this.nextAttempt = nextAttempt;
    }

    public String getClaim() {
        return claim;
    }

    public void setClaim(String claim) {
        this.claim = claim;
    }

    public int getAttempts() {
        return attempts;
    }

    public void setAttempts(int attempts) {
        this.attempts = attempts;
    }

    public Long getLastAttempt() {
        return lastAttempt;
    }

    public void setLastAttempt(Long lastAttempt) {
        this.lastAttempt = lastAttempt;
    }

    public Integer getLastStatus() {
        return lastStatus;
    }

    public void setLastStatus(Integer lastStatus) {
        this.lastStatus = lastStatus;
    }

    public String getLastAnswer() {
        return lastAnswer;
    }

    public void setLastAnswer(String lastAnswer) {
        this.lastAnswer = lastAnswer;
    }
}
