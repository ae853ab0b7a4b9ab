package dev.keycloaktenancy.keycloak;

import dev.keycloaktenancy.Tenancy;
import jakarta.persistence.EntityManager;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.cache.CacheRealmProvider;
import org.keycloak.models.jpa.entities.OrganizationEntity;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one way the pack writes an organization's attributes (Keycloak 26.7 keeps them as attributes of the
 * organization's internal group; 26.8 moves them). Keycloak's model writes the whole map it read, and what it read may
 * be older than the last change (its caches, the transaction's snapshot on MariaDB), so two writers of different keys
 * could undo each other. Here the organization's row is locked, only the keys given are deleted and written again in
 * the attribute table, the answer is read with a locking read (the latest rows on every database), and Keycloak's
 * cached organization and group are invalidated on every node.
 */
public final class OrganizationAttributes {

    private OrganizationAttributes() {
    }

    /**
     * Sets the given attributes (an empty or null value removes one), leaving every other one as stored; returns the
     * attributes as they are now.
     */
    public static Map<String, List<String>> change(KeycloakSession session, OrganizationModel organization,
                                                   Map<String, List<String>> changes) {
        RowLocks.of(session).lockOrganization(organization.getId());
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        OrganizationEntity entity = em.find(OrganizationEntity.class, organization.getId());
        if (entity == null) {
            return Map.of();
        }
        String groupId = entity.getGroupId();
        Map<String, List<String>> before = read(em, groupId);
        boolean changed = false;
        for (Map.Entry<String, List<String>> change : changes.entrySet()) {
            List<String> values = change.getValue() == null ? List.of() : change.getValue();
            if (values.equals(before.getOrDefault(change.getKey(), List.of()))) {
                continue;
            }
            em.createNativeQuery("delete from GROUP_ATTRIBUTE where GROUP_ID = ?1 and NAME = ?2")
                    .setParameter(1, groupId).setParameter(2, change.getKey()).executeUpdate();
            for (String value : values) {
                em.createNativeQuery("insert into GROUP_ATTRIBUTE (ID, NAME, VALUE, GROUP_ID) values (?1, ?2, ?3, ?4)")
                        .setParameter(1, KeycloakModelUtils.generateId()).setParameter(2, change.getKey())
                        .setParameter(3, value).setParameter(4, groupId).executeUpdate();
            }
            if (Tenancy.BRAND_DISPLAY_NAME.equals(change.getKey())) {
                // plain SQL, which the storage-level relay does not see: the name key is written here
                OrganizationNameKeys.of(session).displayNameWritten(entity.getId(), entity.getRealmId(),
                        values.isEmpty() ? null : values.get(0));
            }
            changed = true;
        }
        if (changed) {
            invalidate(session, organization, groupId);
            return read(em, groupId);
        }
        return before;
    }

    /** One attribute: a single value, or removed when null. */
    public static Map<String, List<String>> set(KeycloakSession session, OrganizationModel organization, String key,
                                                String value) {
        Map<String, List<String>> change = new HashMap<>();
        change.put(key, value == null ? null : List.of(value));
        return change(session, organization, change);
    }

    /** The group's attributes as the database holds them now: a locking read sees the latest committed rows. */
    private static Map<String, List<String>> read(EntityManager em, String groupId) {
        Map<String, List<String>> attributes = new HashMap<>();
        for (Object row : em.createNativeQuery("select NAME, VALUE from GROUP_ATTRIBUTE where GROUP_ID = ?1 for update")
                .setParameter(1, groupId).getResultList()) {
            Object[] columns = (Object[]) row;
            attributes.computeIfAbsent((String) columns[0], key -> new ArrayList<>()).add((String) columns[1]);
        }
        return attributes;
    }

    /**
     * Keycloak's caches hold the organization and its group with their attributes: both are invalidated, on every node,
     * when the transaction commits (a no-op write through the organization's cached model registers the former).
     */
    private static void invalidate(KeycloakSession session, OrganizationModel organization, String groupId) {
        CacheRealmProvider realms = session.getProvider(CacheRealmProvider.class);
        if (realms != null) {
            realms.registerGroupInvalidation(groupId);
        }
        organization.setRedirectUrl(organization.getRedirectUrl());
    }
}
