package dev.keycloaktenancy.keycloak;

import jakarta.persistence.EntityManager;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The usernames of many users at once (a SCIM group's members), by a query on Keycloak's user table per few hundred
 * users rather than a read of each account. Users the table does not hold (those of a user storage provider that does
 * not import them) are read one by one through Keycloak; ids of users that no longer exist have no name.
 */
public final class UserNames {

    static final int BATCH = 500;

    private UserNames() {
    }

    /** Username by user id, for those of the ids that name a user of the realm. */
    public static Map<String, String> of(KeycloakSession session, RealmModel realm, Collection<String> userIds) {
        List<String> ids = List.copyOf(new LinkedHashSet<>(userIds));
        Map<String, String> names = new HashMap<>();
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        for (int from = 0; from < ids.size(); from += BATCH) {
            em.createQuery("select u.id, u.username from UserEntity u where u.realmId = :realmId and u.id in :ids",
                            Object[].class)
                    .setParameter("realmId", realm.getId())
                    .setParameter("ids", ids.subList(from, Math.min(ids.size(), from + BATCH)))
                    .getResultList()
                    .forEach(row -> names.put((String) row[0], (String) row[1]));
        }
        for (String id : ids) {
            if (!names.containsKey(id)) {
                UserModel user = session.users().getUserById(realm, id);
                if (user != null) {
                    names.put(id, user.getUsername());
                }
            }
        }
        return names;
    }
}
