package dev.keycloaktenancy.jit;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.keycloaktenancy.InputText;
import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.TenancyException;
import dev.keycloaktenancy.domains.DomainOwner;
import dev.keycloaktenancy.jit.jpa.JoinRequestEntity;
import dev.keycloaktenancy.keycloak.RowLocks;
import jakarta.persistence.EntityManager;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.organization.OrganizationProvider;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Asking to join an organization, beside joining by email domain: an organization that takes join requests
 * ({@link Tenancy#JOIN_REQUESTS}) is suggested to users whose verified email is at one of its verified domains (and
 * proves the address to it, see {@link AssertedEmails}); they may ask, and its admins approve (the user joins with the
 * default roles) or decline. To anyone else the organization does not exist: the same 404 as an unknown alias, and no
 * suggestion, so nobody learns which organizations other domains have.
 */
public final class JoinRequests {

    public static final String PENDING = "pending";
    public static final String APPROVED = "approved";
    public static final String DECLINED = "declined";

    /** A join request as the requester and the organization's admins see it. */
    public record JoinRequest(@JsonProperty("id") String id,
                              @JsonProperty("organizationId") String organizationId,
                              @JsonProperty("userId") String userId,
                              @JsonProperty("email") String email,
                              @JsonProperty("status") String status,
                              @JsonProperty("created") String created,
                              @JsonProperty("decided") String decided) {

        static JoinRequest of(JoinRequestEntity entity) {
            return new JoinRequest(entity.getId(), entity.getOrganizationId(), entity.getUserId(), entity.getEmail(),
                    entity.getStatus(), Instant.ofEpochMilli(entity.getCreatedTimestamp()).toString(),
                    entity.getDecidedTimestamp() == null ? null : Instant.ofEpochMilli(entity.getDecidedTimestamp()).toString());
        }
    }

    /** An organization the user may ask to join, with their request to it, if any. */
    public record Suggestion(@JsonProperty("id") String id,
                             @JsonProperty("alias") String alias,
                             @JsonProperty("name") String name,
                             @JsonProperty("joinRequest") String joinRequest) {
    }

    /** A request of the user's, with the organization's alias and name when it still exists. */
    public record OwnRequest(@JsonProperty("id") String id,
                             @JsonProperty("organization") Suggestion organization,
                             @JsonProperty("status") String status,
                             @JsonProperty("created") String created,
                             @JsonProperty("decided") String decided) {
    }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final EntityManager em;

    public JoinRequests(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    /** Whether the organization takes join requests (organization attribute, off by default). */
    public static boolean takesRequests(OrganizationModel organization) {
        return organization.getAttributes().getOrDefault(Tenancy.JOIN_REQUESTS, List.of()).contains("true");
    }

    /**
     * Whether the user may ask to join: the organization is enabled and takes requests, the user is not a member, and
     * their verified email is at a verified domain of the organization and proves the address to it.
     */
    public boolean mayAsk(OrganizationModel organization, UserModel user) {
        return organization.isEnabled() && takesRequests(organization) && !organization.isMember(user)
                && designates(organization, user);
    }

    private boolean designates(OrganizationModel organization, UserModel user) {
        return user.isEmailVerified() && user.getEmail() != null
                && DomainOwner.of(session, user.getEmail())
                .filter(owner -> owner.organization().getId().equals(organization.getId())).isPresent()
                && AssertedEmails.provesAddressTo(session, user, organization);
    }

    /** The organizations the user may ask to join (at most the one their email's verified domain designates). */
    public List<Suggestion> suggestions(UserModel user) {
        if (!user.isEmailVerified() || user.getEmail() == null) {
            return List.of();
        }
        return DomainOwner.of(session, user.getEmail()).map(DomainOwner::organization)
                .filter(organization -> mayAsk(organization, user))
                .map(organization -> new Suggestion(organization.getId(), organization.getAlias(), organization.getName(),
                        find(organization.getId(), user.getId()).map(JoinRequestEntity::getStatus).orElse(null)))
                .stream().toList();
    }

    /** The user's requests, newest first. */
    public List<OwnRequest> ofUser(UserModel user) {
        OrganizationProvider organizations = session.getProvider(OrganizationProvider.class);
        return em.createNamedQuery("tenancy.joinRequestsOfUser", JoinRequestEntity.class)
                .setParameter("realmId", realm.getId()).setParameter("userId", user.getId()).getResultStream()
                .map(entity -> {
                    OrganizationModel organization = organizations.getById(entity.getOrganizationId());
                    JoinRequest request = JoinRequest.of(entity);
                    return new OwnRequest(request.id(), organization == null ? null : new Suggestion(organization.getId(),
                            organization.getAlias(), organization.getName(), entity.getStatus()), request.status(),
                            request.created(), request.decided());
                }).toList();
    }

    /**
     * The user asks to join. Anyone who may not ask gets the answer of an unknown organization. Asking again while
     * a request is pending answers that request; after a decline, only the organization's admins can let them in
     * (invitation); after leaving, one may ask again.
     */
    public JoinRequest ask(OrganizationModel organization, UserModel user, String named) {
        if (organization != null && organization.isMember(user)) {
            throw TenancyException.conflict("already_member", "You are already a member of " + organization.getAlias() + ".");
        }
        if (organization == null || !mayAsk(organization, user)) {
            throw TenancyException.notFound("There is no organization '" + InputText.shorten(named) + "' you can ask to"
                    + " join.");
        }
        RowLocks.of(session).lockOrganization(organization.getId());
        Optional<JoinRequestEntity> existing = find(organization.getId(), user.getId());
        if (existing.isPresent() && DECLINED.equals(existing.get().getStatus())) {
            throw TenancyException.conflict("join_request_declined", "An administrator of " + organization.getAlias()
                    + " declined your request. Ask them for an invitation.");
        }
        JoinRequestEntity entity = existing.orElseGet(JoinRequestEntity::new);
        if (existing.isEmpty()) {
            entity.setId(KeycloakModelUtils.generateId());
            entity.setRealmId(realm.getId());
            entity.setOrganizationId(organization.getId());
            entity.setUserId(user.getId());
        }
        if (existing.isEmpty() || !PENDING.equals(entity.getStatus())) {
            entity.setEmail(user.getEmail());
            entity.setStatus(PENDING);
            entity.setCreatedTimestamp(Time.currentTimeMillis());
            entity.setDecidedTimestamp(null);
        }
        if (existing.isEmpty()) {
            em.persist(entity);
        }
        return JoinRequest.of(entity);
    }

    /** The organization's pending requests, oldest first. */
    public List<JoinRequest> pending(OrganizationModel organization) {
        return em.createNamedQuery("tenancy.joinRequestsOfOrganization", JoinRequestEntity.class)
                .setParameter("organizationId", organization.getId()).setParameter("status", PENDING)
                .getResultStream().map(JoinRequest::of).toList();
    }

    /**
     * Approves a pending request: the requester joins with the default roles, if their verified email still proves
     * the address at a verified domain of the organization (an email changed since proves nothing).
     */
    public JoinRequest approve(OrganizationModel organization, String id) {
        JoinRequestEntity entity = pendingRequest(organization, id);
        UserModel user = session.users().getUserById(realm, entity.getUserId());
        if (user == null || !organization.isMember(user) && !designates(organization, user)) {
            throw TenancyException.conflict("not_eligible", "The requester's verified email is no longer at a verified"
                    + " domain of " + organization.getAlias() + ", so the request cannot be approved.");
        }
        if (!organization.isMember(user)) {
            session.getProvider(OrganizationProvider.class).addMember(organization, user);
        }
        JoinRequest approved = decided(entity, APPROVED);
        JoinRequestMails.outcome(session, realm, organization, user, true);
        return approved;
    }

    /** Declines a pending request; the requester is told by email (when the realm sends email). */
    public JoinRequest decline(OrganizationModel organization, String id) {
        JoinRequest declined = decided(pendingRequest(organization, id), DECLINED);
        JoinRequestMails.outcome(session, realm, organization,
                session.users().getUserById(realm, declined.userId()), false);
        return declined;
    }

    private JoinRequestEntity pendingRequest(OrganizationModel organization, String id) {
        RowLocks.of(session).lockOrganization(organization.getId());
        JoinRequestEntity entity = InputText.isSafeKey(id) ? em.find(JoinRequestEntity.class, id) : null;
        if (entity == null || !entity.getOrganizationId().equals(organization.getId())) {
            throw TenancyException.notFound("Organization " + organization.getAlias() + " has no join request '"
                    + InputText.shorten(id) + "'.");
        }
        if (!PENDING.equals(entity.getStatus())) {
            throw TenancyException.conflict("already_decided", "This join request was already " + entity.getStatus() + ".");
        }
        return entity;
    }

    private static JoinRequest decided(JoinRequestEntity entity, String status) {
        entity.setStatus(status);
        entity.setDecidedTimestamp(Time.currentTimeMillis());
        return JoinRequest.of(entity);
    }

    private Optional<JoinRequestEntity> find(String organizationId, String userId) {
        return em.createNamedQuery("tenancy.joinRequestOf", JoinRequestEntity.class)
                .setParameter("organizationId", organizationId).setParameter("userId", userId)
                .getResultStream().findFirst();
    }

    public static void forgetOrganization(KeycloakSession session, String organizationId) {
        entityManager(session).createNamedQuery("tenancy.deleteJoinRequestsOfOrganization")
                .setParameter("organizationId", organizationId).executeUpdate();
    }

    public static void forgetUser(KeycloakSession session, String userId) {
        entityManager(session).createNamedQuery("tenancy.deleteJoinRequestsOfUser").setParameter("userId", userId)
                .executeUpdate();
    }

    public static void forgetRealm(KeycloakSession session, String realmId) {
        entityManager(session).createNamedQuery("tenancy.deleteJoinRequestsOfRealm").setParameter("realmId", realmId)
                .executeUpdate();
    }

    private static EntityManager entityManager(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}
