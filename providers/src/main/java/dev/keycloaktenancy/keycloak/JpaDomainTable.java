package dev.keycloaktenancy.keycloak;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.TypedQuery;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.jpa.entities.OrganizationDomainEntity;
import org.keycloak.models.jpa.entities.OrganizationEntity;

import java.util.ArrayList;
import java.util.List;

/** {@link DomainTable} in JPQL on Keycloak's organization, domain and group attribute entities. */
final class JpaDomainTable implements DomainTable {

    private final EntityManager em;

    JpaDomainTable(KeycloakSession session) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    @Override
    public List<String> domainsOfOthers(String realmId, String organizationId, List<String> names, String zoneBelow,
                                        boolean verifiedOnly) {
        return em.createQuery("select d.name from OrganizationDomainEntity d where d.organization.realmId = :realmId"
                        + " and d.organization.id <> :organizationId"
                        + (verifiedOnly ? " and d.verified = true" : "")
                        + " and (d.name in :names or d.name like :below)", String.class)
                .setParameter("realmId", realmId).setParameter("organizationId", organizationId)
                .setParameter("names", names).setParameter("below", zoneBelow == null ? "" : "%." + zoneBelow)
                .getResultList();
    }

    @Override
    public List<String> holdersOf(String realmId, String organizationId, String name) {
        // A locking read: on MariaDB's repeatable read, a plain one would answer from the snapshot this transaction
        // took before it waited for the realm's lock, and miss a claim committed meanwhile.
        return em.createQuery("select d from OrganizationDomainEntity d where d.name = :name",
                        OrganizationDomainEntity.class)
                .setParameter("name", name).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList().stream()
                .map(OrganizationDomainEntity::getOrganization)
                .filter(o -> realmId.equals(o.getRealmId()) && !o.getId().equals(organizationId))
                .map(OrganizationEntity::getId)
                .toList();
    }

    @Override
    public List<String> duplicateNames(String realmId) {
        return em.createQuery("select d.name from OrganizationDomainEntity d where d.organization.realmId = :realmId"
                        + " group by d.name having count(d) > 1 order by d.name", String.class)
                .setParameter("realmId", realmId).getResultList();
    }
}
