package dev.keycloaktenancy.jit;

import dev.keycloaktenancy.jit.jpa.AssertedEmailEntity;
import jakarta.persistence.EntityManager;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which identity providers vouched for a user's email. Keycloak marks an email verified when a provider with "trust
 * email" asserts it; that proves nothing to an organization the provider is not linked to. So each login through such
 * a provider is remembered here (it is the only way an email gets verified by a provider: at the user's first login
 * through it, or when a forced sync changes the email), and joining by email domain asks before it trusts the email.
 */
public final class AssertedEmails {

    private AssertedEmails() {
    }

    /** After a login through a provider: remember that it vouched for the user's verified email, if it trusts emails. */
    static void remember(KeycloakSession session, RealmModel realm, UserModel user, String identityProviderAlias) {
        IdentityProviderModel identityProvider = session.identityProviders().getByAlias(identityProviderAlias);
        if (identityProvider == null || !Boolean.TRUE.equals(identityProvider.isTrustEmail()) || !user.isEmailVerified()
                || user.getEmail() == null) {
            return;
        }
        String email = user.getEmail().toLowerCase(Locale.ROOT);
        if (assertingProviders(session, user.getId(), email).contains(identityProviderAlias)) {
            return;
        }
        AssertedEmailEntity entity = new AssertedEmailEntity();
        entity.setId(KeycloakModelUtils.generateId());
        entity.setRealmId(realm.getId());
        entity.setUserId(user.getId());
        entity.setEmail(email);
        entity.setIdentityProvider(identityProviderAlias);
        entity.setCreatedTimestamp(Time.currentTimeMillis());
        entityManager(session).persist(entity);
    }

    /**
     * Whether the user's verified email proves their address to this organization: no provider vouched for it, or
     * only providers linked to the organization did.
     */
    public static boolean provesAddressTo(KeycloakSession session, UserModel user, OrganizationModel organization) {
        List<String> asserting = assertingProviders(session, user.getId(), user.getEmail().toLowerCase(Locale.ROOT));
        if (asserting.isEmpty()) {
            return true;
        }
        Set<String> linked = organization.getIdentityProviders().map(IdentityProviderModel::getAlias).collect(Collectors.toSet());
        return linked.containsAll(asserting);
    }

    public static void forgetUser(KeycloakSession session, String userId) {
        entityManager(session).createNamedQuery("tenancy.deleteAssertionsOfUser").setParameter("userId", userId).executeUpdate();
    }

    public static void forgetRealm(KeycloakSession session, String realmId) {
        entityManager(session).createNamedQuery("tenancy.deleteAssertionsOfRealm").setParameter("realmId", realmId).executeUpdate();
    }

    private static List<String> assertingProviders(KeycloakSession session, String userId, String email) {
        return entityManager(session).createNamedQuery("tenancy.assertionsOfEmail", String.class)
                .setParameter("userId", userId).setParameter("email", email).getResultList();
    }

    private static EntityManager entityManager(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}
