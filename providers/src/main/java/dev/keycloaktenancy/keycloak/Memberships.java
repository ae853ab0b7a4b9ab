package dev.keycloaktenancy.keycloak;

import jakarta.persistence.EntityManager;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.jpa.entities.OrganizationEntity;
import org.keycloak.models.jpa.entities.UserGroupMembershipEntity;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.representations.idm.MembershipType;

/** Organization memberships beyond what Keycloak's organization provider offers. */
public final class Memberships {

    private Memberships() {
    }

    /**
     * Removes the member from the organization and keeps the account. Keycloak deletes a managed member's account when
     * the member is removed; the membership is made unmanaged first, so only the membership goes (with the usual
     * leave event).
     */
    public static void removeKeepingAccount(KeycloakSession session, OrganizationModel organization, UserModel member) {
        OrganizationProvider organizations = session.getProvider(OrganizationProvider.class);
        if (organizations.isManagedMember(organization, member)) {
            EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
            OrganizationEntity entity = em.find(OrganizationEntity.class, organization.getId());
            em.createQuery("select m from UserGroupMembershipEntity m where m.user.id = :userId and m.groupId = :groupId",
                            UserGroupMembershipEntity.class)
                    .setParameter("userId", member.getId()).setParameter("groupId", entity.getGroupId())
                    .getResultStream().forEach(membership -> membership.setMembershipType(MembershipType.UNMANAGED));
            em.flush();
        }
        organizations.removeMember(organization, member);
    }
}
