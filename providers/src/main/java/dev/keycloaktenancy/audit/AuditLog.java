package dev.keycloaktenancy.audit;

import dev.keycloaktenancy.audit.jpa.AuditRecordEntity;
import dev.keycloaktenancy.webhooks.WebhookOutbox;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The audit log: one record per change of an organization, written into the change's own transaction (a change that
 * rolls back leaves no record), read a page at a time newest first, and purged after the realm's retention. Each
 * record also puts the change's webhook messages in the outbox, in the same transaction.
 */
public final class AuditLog {

    private static final Logger LOG = Logger.getLogger(AuditLog.class);
    private static final String RECORDED_BY_DOOR = "tenancy.audit.recorded-by-door";
    private static final String CREATION_RECORDED = "tenancy.audit.creation-recorded.";
    private static final String ORGANIZATION_CREATED = "organization.created";
    static final String SUCCESS = "success";

    private final KeycloakSession session;

    public AuditLog(KeycloakSession session) {
        this.session = session;
    }

    /**
     * Marks the request as one whose changes the API records itself, with the caller as actor; Keycloak's events
     * that the same changes fire ({@link #keycloakChanged}) then add no second record.
     */
    public static void recordedByDoor(KeycloakSession session) {
        session.setAttribute(RECORDED_BY_DOOR, Boolean.TRUE);
    }

    /** Records a change of the organization, in the session's transaction. */
    public void record(RealmModel realm, OrganizationModel organization, AuditActor actor, String action, String target,
                       Object detail) {
        AuditRecordEntity record = new AuditRecordEntity();
        record.setId(KeycloakModelUtils.generateId());
        record.setRealmId(realm.getId());
        record.setOrganizationId(organization.getId());
        record.setCreatedTimestamp(Time.currentTimeMillis());
        record.setActorType(actor.type());
        record.setActorUserId(actor.userId());
        record.setActorClientId(actor.clientId());
        record.setAction(action);
        record.setTarget(target == null || target.length() <= 255 ? target : target.substring(0, 255));
        record.setOutcome(SUCCESS);
        if (ORGANIZATION_CREATED.equals(action)) {
            session.setAttribute(CREATION_RECORDED + organization.getId(), Boolean.TRUE);
        }
        record.setDetail(AuditDetail.of(detail));
        em().persist(record);
        new WebhookOutbox(session).changed(realm, organization, action, actor, record.getTarget(), record.getDetail());
    }

    /**
     * Records a change that Keycloak made to an organization outside the pack's API (its own admin API and console,
     * joining at login or through an invitation), naming the sender of the request's token, if any.
     */
    public void keycloakChanged(RealmModel realm, OrganizationModel organization, String action, String target,
                                Object detail) {
        if (Boolean.TRUE.equals(session.getAttribute(RECORDED_BY_DOOR))) {
            return;
        }
        record(realm, organization, AuditActor.ofBearer(session.getContext().getBearerToken()), action, target, detail);
    }

    /**
     * Records the creation of the organization that Keycloak is creating in this transaction (its internal group was
     * just created; Keycloak has put the new organization in the session's context, but gives it its name and alias
     * only afterwards), once the transaction is about to commit: a creation that fails leaves no record.
     */
    public void organizationBeingCreated(RealmModel realm) {
        OrganizationModel organization = session.getContext().getOrganization();
        if (organization == null) {
            return;
        }
        session.getTransactionManager().enlistPrepare(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                // the pack's own creations (self-serve, personal workspaces) recorded it already, with their actor
                if (Boolean.TRUE.equals(session.getAttribute(CREATION_RECORDED + organization.getId()))) {
                    return;
                }
                Map<String, Object> detail = new LinkedHashMap<>();
                detail.put("id", organization.getId());
                detail.put("alias", organization.getAlias());
                detail.put("name", organization.getName());
                keycloakChanged(realm, organization, ORGANIZATION_CREATED, organization.getId(), detail);
            }

            @Override
            protected void rollbackImpl() {
            }
        });
    }

    /**
     * A page of the realm's records of one organization, or of all its organizations when {@code organizationId} is
     * null. The realm is always part of the filter: an id from another realm finds nothing.
     */
    public List<AuditEntry> page(String realmId, String organizationId, AuditQuery query) {
        StringBuilder jpql = new StringBuilder("select a from AuditRecordEntity a where a.realmId = :realmId");
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("realmId", realmId);
        if (organizationId != null) {
            jpql.append(" and a.organizationId = :organizationId");
            parameters.put("organizationId", organizationId);
        }
        if (query.action() != null) {
            jpql.append(query.actionIsPrefix() ? " and a.action like :action" : " and a.action = :action");
            parameters.put("action", query.actionIsPrefix() ? escapeLike(query.action()) + "%" : query.action());
            if (query.actionIsPrefix()) {
                // '!' rather than a backslash, which MySQL and MariaDB read as an escape inside the literal itself
                jpql.append(" escape '!'");
            }
        }
        if (query.actor() != null) {
            jpql.append(" and (a.actorUserId = :actor or a.actorClientId = :actor or a.actorType = :actor)");
            parameters.put("actor", query.actor());
        }
        if (query.from() != null) {
            jpql.append(" and a.createdTimestamp >= :from");
            parameters.put("from", query.from());
        }
        if (query.to() != null) {
            jpql.append(" and a.createdTimestamp < :to");
            parameters.put("to", query.to());
        }
        jpql.append(" order by a.createdTimestamp desc, a.id desc");
        TypedQuery<AuditRecordEntity> typed = em().createQuery(jpql.toString(), AuditRecordEntity.class);
        parameters.forEach(typed::setParameter);
        return typed.setFirstResult(query.first()).setMaxResults(query.max()).getResultStream()
                .map(AuditEntry::of).toList();
    }

    /** Deletes the realm's records older than its retention; answers how many went. */
    public int purgeExpired(RealmModel realm) {
        int days = AuditRetention.days(realm);
        int purged = em().createNamedQuery("tenancy.purgeAuditRecords")
                .setParameter("realmId", realm.getId())
                .setParameter("before", AuditRetention.cutoff(Time.currentTimeMillis(), days))
                .executeUpdate();
        if (purged > 0) {
            LOG.debugf("Purged %d audit records older than %d days from realm %s", purged, days, realm.getName());
        }
        return purged;
    }

    /** The scheduled purge: every realm's expired records. */
    public static void purgeAllRealms(KeycloakSession session) {
        AuditLog log = new AuditLog(session);
        session.realms().getRealmsStream().forEach(log::purgeExpired);
    }

    public static void forgetRealm(KeycloakSession session, String realmId) {
        new AuditLog(session).em().createNamedQuery("tenancy.deleteAuditRecordsOfRealm")
                .setParameter("realmId", realmId).executeUpdate();
    }

    private static String escapeLike(String value) {
        return value.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    private EntityManager em() {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}
