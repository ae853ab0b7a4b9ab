package dev.keycloaktenancy.scim.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * A SCIM bearer token of one organization. Only the SHA-256 of the secret is kept; realm and organization are plain
 * indexed ids, never foreign keys (the rows go with the organization or realm through the pack's listeners).
 */
@Entity
@Table(name = "TENANCY_SCIM_TOKEN")
@NamedQueries({
        @NamedQuery(name = "tenancy.scimTokenByHash",
                query = "select t from ScimTokenEntity t where t.tokenHash = :hash"),
        @NamedQuery(name = "tenancy.scimTokensOfOrganization",
                query = "select t from ScimTokenEntity t where t.organizationId = :organizationId"
                        + " order by t.createdTimestamp"),
        @NamedQuery(name = "tenancy.countScimTokensOfOrganization",
                query = "select count(t) from ScimTokenEntity t where t.organizationId = :organizationId"),
        @NamedQuery(name = "tenancy.deleteScimTokensOfOrganization",
                query = "delete from ScimTokenEntity t where t.organizationId = :organizationId"),
        @NamedQuery(name = "tenancy.deleteScimTokensOfRealm",
                query = "delete from ScimTokenEntity t where t.realmId = :realmId")
})
public class ScimTokenEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "ORGANIZATION_ID", length = 36, nullable = false)
    private String organizationId;

    @Column(name = "NAME", length = 100, nullable = false)
    private String name;

    /** Hex SHA-256 of the secret. */
    @Column(name = "TOKEN_HASH", length = 64, nullable = false)
    private String tokenHash;

    @Column(name = "CREATED_BY", length = 255)
    private String createdBy;

    @Column(name = "CREATED_TIMESTAMP", nullable = false)
    private long createdTimestamp;

    @Column(name = "LAST_USED_TIMESTAMP")
    private Long lastUsedTimestamp;

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

    public String getTokenHash() {
        return tokenHash;
    }

    public void setTokenHash(String tokenHash) {
        this.tokenHash = tokenHash;
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public void setCreatedBy(String createdBy) {
        this.createdBy = createdBy;
    }

    public long getCreatedTimestamp() {
        return createdTimestamp;
    }

    public void setCreatedTimestamp(long createdTimestamp) {
        this.createdTimestamp = createdTimestamp;
    }

    public Long getLastUsedTimestamp() {
        return lastUsedTimestamp;
    }

    public void setLastUsedTimestamp(Long lastUsedTimestamp) {
        this.lastUsedTimestamp = lastUsedTimestamp;
    }
}
