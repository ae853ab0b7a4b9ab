package dev.keycloaktenancy.webhooks;

import com.fasterxml.jackson.databind.util.RawValue;
import dev.keycloaktenancy.webhooks.jpa.WebhookDeliveryEntity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The outbox: one row per message and webhook, written in the transaction of the change the message tells of, so a
 * change that rolls back sends nothing and one that commits is sent (at least once) by {@link WebhookDispatcher}.
 * Only the organization's own webhooks and the realm's hear of an organization's change.
 */
public final class WebhookOutbox {

    static final String PENDING = "pending";
    static final String DELIVERED = "delivered";
    static final String FAILED = "failed";
    private static final String WEBHOOKS_CHANGED = "tenancy.webhooks.changed-in-transaction";

    private final KeycloakSession session;

    public WebhookOutbox(KeycloakSession session) {
        this.session = session;
    }

    /**
     * Puts the message of a recorded change (its audit action, the actor and target, and the recorded detail's JSON) in the
     * outbox of every enabled webhook that hears it; a change without an event type sends nothing.
     */
    public void changed(RealmModel realm, OrganizationModel organization, String auditAction, Object actor,
                        String target, String detailJson) {
        String type = WebhookEvents.ofAuditAction(auditAction).orElse(null);
        if (type == null) {
            return;
        }
        // Unless this transaction changed webhooks itself, nothing it has not written yet can change the answer: no
        // flush of everything it changed before the query (Hibernate's automatic flush checks every entity the
        // session holds, which the commit does again: a quarter of the audit record's and the outbox's profile
        // samples in a membership change).
        FlushModeType flush = Boolean.TRUE.equals(session.getAttribute(WEBHOOKS_CHANGED)) ? FlushModeType.AUTO
                : FlushModeType.COMMIT;
        // ids and subscriptions only: entities would join the transaction's persistence context and its dirty check
        List<String> hearing = em().createNamedQuery("tenancy.webhooksHearing", Object[].class)
                .setFlushMode(flush)
                .setParameter("realmId", realm.getId())
                .setParameter("organizationId", organization.getId())
                .getResultList().stream()
                .filter(webhook -> List.of(((String) webhook[1]).split(" ")).contains(type))
                .map(webhook -> (String) webhook[0])
                .toList();
        if (hearing.isEmpty()) {
            return;
        }
        long now = Time.currentTimeMillis();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("target", target);
        data.put("actor", actor);
        // the recorded detail is JSON written by AuditDetail: copied in as it is, not parsed and written again
        data.put("detail", detailJson == null ? null : new RawValue(detailJson));
        String body = WebhookPayload.body(type, now, realm.getName(), organization.getId(), organization.getAlias(),
                data);
        for (String webhookId : hearing) {
            WebhookDeliveryEntity delivery = new WebhookDeliveryEntity();
            delivery.setId(newMessageId());
            delivery.setWebhookId(webhookId);
            delivery.setRealmId(realm.getId());
            delivery.setEventType(type);
            delivery.setBody(body);
            delivery.setCreatedTimestamp(now);
            delivery.setRetrySince(now);
            delivery.setState(PENDING);
            delivery.setNextAttempt(now);
            em().persist(delivery);
        }
    }

    /**
     * Notes that this transaction created, changed or deleted a webhook, so that a change recorded later in it finds
     * the webhooks as they will be once it commits.
     */
    static void webhooksChanged(KeycloakSession session) {
        session.setAttribute(WEBHOOKS_CHANGED, Boolean.TRUE);
    }

    /** A Standard Webhooks message id: {@code msg_} and 32 hex digits. */
    static String newMessageId() {
        return "msg_" + UUID.randomUUID().toString().replace("-", "");
    }

    private EntityManager em() {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}
