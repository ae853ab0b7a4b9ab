package dev.keycloaktenancy.keycloak;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.jpa.entities.OrganizationEntity;
import org.keycloak.models.jpa.entities.RealmEntity;

/** {@link RowLocks} on Keycloak's JPA entities. */
final class JpaRowLocks implements RowLocks {

    private final EntityManager em;

    JpaRowLocks(KeycloakSession session) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    @Override
    public void lockRealm(String realmId) {
        em.find(RealmEntity.class, realmId, LockModeType.PESSIMISTIC_WRITE);
        em.flush();
    }

    @Override
    public boolean lockOrganization(String organizationId) {
        OrganizationEntity entity = em.find(OrganizationEntity.class, organizationId, LockModeType.PESSIMISTIC_WRITE);
        em.flush();
        return entity != null;
    }
}
