package dev.keycloaktenancy.webhooks.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * A webhook subscription of a realm (no organization: every organization's events) or of one organization. Realm
 * and organization are plain ids, never foreign keys to Keycloak's tables. The secret is kept as given out: every
 * delivery is signed with it.
 */
@Entity
@Table(name = "TENANCY_WEBHOOK")
@NamedQueries({
        @NamedQuery(name = "tenancy.webhooksOfRealm",
                query = "select w from WebhookEntity w where w.realmId = :realmId and w.organizationId is null"
                        + " order by w.createdTimestamp, w.id"),
        @NamedQuery(name = "tenancy.webhooksOfOrganization",
                query = "select w from WebhookEntity w where w.realmId = :realmId and w.organizationId = :organizationId"
                        + " order by w.createdTimestamp, w.id"),
        @NamedQuery(name = "tenancy.webhooksHearing",
                query = "select w.id, w.events from WebhookEntity w where w.realmId = :realmId and w.enabled = true"
                        + " and (w.organizationId is null or w.organizationId = :organizationId)"),
        @NamedQuery(name = "tenancy.deleteWebhooksOfOrganization",
                query = "delete from WebhookEntity w where w.organizationId = :organizationId"),
        @NamedQuery(name = "tenancy.deleteWebhooksOfRealm",
                query = "delete from WebhookEntity w where w.realmId = :realmId")
})
public class WebhookEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "ORGANIZATION_ID", length = 36)
    private String organizationId;

    @Column(name = "URL", length = 2048, nullable = false)
    private String url;

    /** Event types, space-separated (they never contain whitespace). */
    @Column(name = "EVENTS", length = 1000, nullable = false)
    private String events;

    @Column(name = "ENABLED", nullable = false)
    private boolean enabled;

    @Column(name = "SECRET", length = 100, nullable = false)
    private String secret;

    @Column(name = "CREATED_TIMESTAMP", nullable = false)
    private long createdTimestamp;

    @Column(name = "CONSECUTIVE_FAILURES", nullable = false)
    private int consecutiveFailures;

    @Column(name = "FAILING_SINCE")
    private Long failingSince;

    @Column(name = "DISABLED_REASON", length = 255)
    private String disabledReason;

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

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getEvents() {
        return events;
    }

    public void setEvents(String events) {
        this.events = events;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getSecret() {
        return secret;
    }

    public void setSecret(String secret) {
        this.secret = secret;
    }

    public long getCreatedTimestamp() {
        return createdTimestamp;
    }

    public void setCreatedTimestamp(long createdTimestamp) {
        this.createdTimestamp = createdTimestamp;
    }

    public int getConsecutiveFailures() {
        return consecutiveFailures;
    }

    public void setConsecutiveFailures(int consecutiveFailures) {
        this.consecutiveFailures = consecutiveFailures;
    }

    public Long getFailingSince() {
        return failingSince;
    }

    public void setFailingSince(Long failingSince) {
        this.failingSince = failingSince;
    }

    public String getDisabledReason() {
        return disabledReason;
    }

    public void setDisabledReason(String disabledReason) {
        this.disabledReason = disabledReason;
    }
}
