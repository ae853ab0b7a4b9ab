package dev.keycloaktenancy.jit.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * An email address of a user that an identity provider vouched for ("trust email"): this realm did not verify it
 * itself, so joining by email domain trusts it only for the organization that provider is linked to.
 */
@Entity
@Table(name = "TENANCY_ASSERTED_EMAIL")
@NamedQueries({
        @NamedQuery(name = "tenancy.assertionsOfEmail",
                query = "select e.identityProvider from AssertedEmailEntity e where e.userId = :userId and e.email = :email"),
        @NamedQuery(name = "tenancy.deleteAssertionsOfUser",
                query = "delete from AssertedEmailEntity e where e.userId = :userId"),
        @NamedQuery(name = "tenancy.deleteAssertionsOfRealm",
                query = "delete from AssertedEmailEntity e where e.realmId = :realmId")
})
public class AssertedEmailEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "USER_ID", length = 255, nullable = false)
    private String userId;

    @Column(name = "EMAIL", length = 255, nullable = false)
    private String email;

    @Column(name = "IDENTITY_PROVIDER", length = 255, nullable = false)
    private String identityProvider;

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

    public String getIdentityProvider() {
        return identityProvider;
    }

    public void setIdentityProvider(String identityProvider) {
        this.identityProvider = identityProvider;
    }

    public long getCreatedTimestamp() {
        return createdTimestamp;
    }

    public void setCreatedTimestamp(long createdTimestamp) {
        this.createdTimestamp = createdTimestamp;
    }
}
