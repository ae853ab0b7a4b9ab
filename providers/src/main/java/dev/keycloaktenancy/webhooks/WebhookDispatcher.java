package dev.keycloaktenancy.webhooks;

import dev.keycloaktenancy.keycloak.SystemAdminEvents;
import dev.keycloaktenancy.webhooks.jpa.WebhookDeliveryEntity;
import dev.keycloaktenancy.webhooks.jpa.WebhookEntity;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The delivery job: claims due messages of the outbox, sends them, and writes what came of each. Claiming is one
 * conditional update in its own transaction, which sets a claim token and moves the row's next attempt to the end
 * of a lease: two nodes never send the same row at once, and a row whose node dies while sending is due again when
 * the lease ends (so it is sent at least once, possibly twice: receivers deduplicate by {@code webhook-id}). Sending
 * happens outside any transaction, several messages at a time.
 */
public final class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);

    public static final String RESOURCE_WEBHOOK = "TENANCY_WEBHOOK";
    /** Messages claimed at once. */
    static final int BATCH = 100;
    /** Messages sent at the same time. */
    static final int PARALLEL = 16;
    /** How long a claimed row is kept from other nodes: longer than a batch can take (each send has 15 s at most). */
    static final long LEASE_MILLIS = 120_000;
    /** How long one run keeps claiming batches before leaving the rest to the next run. */
    static final long RUN_MILLIS = 30_000;
    /** Delivered and given-up messages are kept this long in the delivery log. */
    static final long LOG_RETENTION_MILLIS = 30L * 24 * 3600_000;
    private static final int MAX_ANSWER_KEPT = 500;

    private static final ExecutorService SENDERS = Executors.newFixedThreadPool(PARALLEL, runnable -> {
        Thread thread = new Thread(runnable, "tenancy-webhook-sender");
        thread.setDaemon(true);
        return thread;
    });

    private static final ExecutorService DISPATCHER = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "tenancy-webhook-dispatcher");
        thread.setDaemon(true);
        return thread;
    });
    private static final AtomicBoolean RUNNING = new AtomicBoolean();
    private static final WebhookDelivery DELIVERY = new WebhookDelivery(WebhookTarget.DNS);

    private final KeycloakSessionFactory factory;
    private final WebhookDelivery delivery;

    public WebhookDispatcher(KeycloakSessionFactory factory, WebhookDelivery delivery) {
        this.factory = factory;
        this.delivery = delivery;
    }

    /**
     * The scheduled job: starts a run on the dispatcher's own thread, unless one is still going on this node. Keycloak's
     * timer runs every scheduled task on one thread, which a run of up to {@link #RUN_MILLIS} must not hold.
     */
    public static void deliverDue(KeycloakSession session) {
        if (!RUNNING.compareAndSet(false, true)) {
            return;
        }
        WebhookDispatcher dispatcher = new WebhookDispatcher(session.getKeycloakSessionFactory(), DELIVERY);
        DISPATCHER.execute(() -> {
            try {
                dispatcher.run();
            } catch (RuntimeException e) {
                LOG.warn("A run of the webhook delivery job failed; the next one picks up what is left", e);
            } finally {
                RUNNING.set(false);
            }
        });
    }

    /** The scheduled purge of old delivery log entries. */
    public static void purgeLog(KeycloakSession session) {
        em(session).createNamedQuery("tenancy.purgeDeliveries")
                .setParameter("before", Time.currentTimeMillis() - LOG_RETENTION_MILLIS).executeUpdate();
    }

    /** Answers how many messages were sent (delivered or not). */
    public int run() {
        long end = System.currentTimeMillis() + RUN_MILLIS;
        int sent = 0;
        while (System.currentTimeMillis() < end) {
            String claim = UUID.randomUUID().toString();
            List<Attempt> attempts = KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> claim(s, claim));
            if (attempts.isEmpty()) {
                break;
            }
            List<Sent> outcomes = send(attempts);
            KeycloakModelUtils.runJobInTransaction(factory, s -> record(s, claim, outcomes));
            sent += outcomes.size();
        }
        return sent;
    }

    /** What one attempt needs, read in the claiming transaction. */
    record Attempt(String id, String webhookId, String url, String secret, boolean allowPrivateTargets, String body) {
    }

    record Sent(Attempt attempt, WebhookDelivery.Outcome outcome, long at) {
    }

    private static List<Attempt> claim(KeycloakSession session, String claim) {
        EntityManager em = em(session);
        long now = Time.currentTimeMillis();
        List<String> due = em.createNamedQuery("tenancy.dueDeliveries", String.class).setParameter("now", now)
                .setMaxResults(BATCH).getResultList();
        if (due.isEmpty()) {
            return List.of();
        }
        int claimed = em.createNamedQuery("tenancy.claimDeliveries").setParameter("claim", claim)
                .setParameter("leaseEnd", now + LEASE_MILLIS).setParameter("ids", due).setParameter("now", now)
                .executeUpdate();
        if (claimed == 0) {
            return List.of();
        }
        Map<String, WebhookEntity> webhooks = new HashMap<>();
        Map<String, Boolean> realms = new HashMap<>();
        List<Attempt> attempts = new ArrayList<>();
        for (WebhookDeliveryEntity row : em.createNamedQuery("tenancy.claimedDeliveries", WebhookDeliveryEntity.class)
                .setParameter("claim", claim).getResultList()) {
            WebhookEntity webhook = webhooks.computeIfAbsent(row.getWebhookId(), id -> em.find(WebhookEntity.class, id));
            if (webhook == null) {
                continue;
            }
            boolean allowPrivate = realms.computeIfAbsent(row.getRealmId(),
                    id -> Webhooks.allowsPrivateTargets(session.realms().getRealm(id)));
            attempts.add(new Attempt(row.getId(), webhook.getId(), webhook.getUrl(), webhook.getSecret(), allowPrivate,
                    row.getBody()));
        }
        return attempts;
    }

    private List<Sent> send(List<Attempt> attempts) {
        List<Future<Sent>> futures = new ArrayList<>();
        for (Attempt attempt : attempts) {
            futures.add(SENDERS.submit(() -> {
                long at = Time.currentTimeMillis();
                return new Sent(attempt, delivery.send(attempt.url(), attempt.allowPrivateTargets(), attempt.secret(),
                        attempt.id(), at / 1000, attempt.body()), at);
            }));
        }
        List<Sent> sent = new ArrayList<>();
        for (Future<Sent> future : futures) {
            try {
                sent.add(future.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException e) {
                LOG.warnf(e.getCause(), "A webhook message could not be sent; it is tried again after its lease");
            }
        }
        return sent;
    }

    private static void record(KeycloakSession session, String claim, List<Sent> outcomes) {
        EntityManager em = em(session);
        for (Sent sent : outcomes) {
            WebhookDeliveryEntity row = em.find(WebhookDeliveryEntity.class, sent.attempt().id());
            // Gone with its webhook, or asked for again (redeliver) while this attempt was on its way.
            if (row == null || !claim.equals(row.getClaim())) {
                continue;
            }
            WebhookDelivery.Outcome outcome = sent.outcome();
            row.setClaim(null);
            row.setAttempts(row.getAttempts() + 1);
            row.setLastAttempt(sent.at());
            row.setLastStatus(outcome.status());
            row.setLastAnswer(outcome.answer() == null || outcome.answer().length() <= MAX_ANSWER_KEPT
                    ? outcome.answer() : outcome.answer().substring(0, MAX_ANSWER_KEPT));
            WebhookEntity webhook = em.find(WebhookEntity.class, row.getWebhookId());
            if (outcome.delivered()) {
                row.setState(WebhookOutbox.DELIVERED);
                if (webhook != null) {
                    webhook.setConsecutiveFailures(0);
                    webhook.setFailingSince(null);
                }
                continue;
            }
            long now = Time.currentTimeMillis();
            OptionalLong next = WebhookBackoff.nextAttempt(row.getRetrySince(), row.getAttempts(), now,
                    ThreadLocalRandom.current().nextDouble());
            if (next.isPresent()) {
                row.setNextAttempt(next.getAsLong());
            } else {
                row.setState(WebhookOutbox.FAILED);
            }
            if (webhook != null) {
                failed(session, webhook, now);
            }
        }
    }

    /** Counts a failure; a webhook that keeps failing is turned off, with an admin event saying so. */
    private static void failed(KeycloakSession session, WebhookEntity webhook, long now) {
        webhook.setConsecutiveFailures(webhook.getConsecutiveFailures() + 1);
        if (webhook.getFailingSince() == null) {
            webhook.setFailingSince(now);
        }
        if (!webhook.isEnabled()
                || !WebhookBackoff.keepsFailing(webhook.getFailingSince(), webhook.getConsecutiveFailures(), now)) {
            return;
        }
        webhook.setEnabled(false);
        webhook.setDisabledReason("Turned off by the server: " + webhook.getConsecutiveFailures()
                + " attempts in a row failed over more than 24 hours.");
        RealmModel realm = session.realms().getRealm(webhook.getRealmId());
        if (realm == null) {
            return;
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("webhook_id", webhook.getId());
        if (webhook.getOrganizationId() != null) {
            details.put("organization_id", webhook.getOrganizationId());
        }
        String path = webhook.getOrganizationId() == null ? "tenancy/webhooks/" + webhook.getId()
                : "tenancy/organizations/" + webhook.getOrganizationId() + "/webhooks/" + webhook.getId();
        SystemAdminEvents.changed(session, realm, OperationType.UPDATE, RESOURCE_WEBHOOK, path,
                WebhookView.of(webhook), details);
        LOG.warnf("Webhook %s of realm %s was turned off: it kept failing for 24 hours", webhook.getId(),
                realm.getName());
    }

    private static EntityManager em(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}
