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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The delivery job: claims due messages of the outbox, sends them, and writes what came of each. Claiming is one
 * conditional update in its own transaction, which sets a claim token and moves the row's next attempt to the end
 * of a lease: two nodes never send the same row at once, and a row whose node dies while sending is due again when
 * the lease ends (so it is sent at least once, possibly twice: receivers deduplicate by {@code webhook-id}). Sending
 * happens outside any transaction, several messages at a time; {@link WebhookFairness} keeps each webhook to a few
 * messages on their way, so a slow or failing receiver does not hold up the others, and the job claims more as soon
 * as a few messages are done rather than waiting for the slowest of a batch; their outcomes are written in the same
 * transaction as that claim. A webhook whose receiver fails with more than {@link #MAX_BACKLOG} undelivered messages
 * is turned off (its messages are kept; new events are not queued for it until it is turned on again), with an
 * admin event.
 */
public final class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);

    public static final String RESOURCE_WEBHOOK = "TENANCY_WEBHOOK";
    /** Messages on their way at once from one node (claimed and not yet done). */
    static final int PARALLEL = 32;
    /** Due messages looked at per claim, oldest first, of webhooks that may have more on their way. */
    static final int WINDOW = 500;
    /** Undelivered messages of one webhook beyond which it is turned off. */
    static final int MAX_BACKLOG = 10_000;
    /**
     * Free senders the job waits for before claiming again, so that each claim (a query of due messages and an update)
     * serves a batch rather than the one message just done: on a busy node the single job thread was the limit. When
     * nothing is done for a moment (receivers that hang hold the other senders), it claims for what is free.
     */
    static final int CLAIM_BATCH = 8;
    /** How long a done message's outcome may wait for its batch before it is written on its own. */
    private static final long RECORD_WITHIN_MILLIS = 100;
    /** How long the job waits for a message to be done before looking again. */
    private static final long WAIT_MILLIS = 250;
    /**
     * How often the job looks for newly due messages while nothing it sends is done (a receiver hanging must not keep
     * others' new messages waiting for its timeout).
     */
    private static final long LOOK_AGAIN_MILLIS = 1_000;
    /**
     * How long a claimed row is kept from other nodes: longer than one send can take ({@link WebhookDelivery#MAX_SEND}),
     * since a claimed message is sent at once (never more are claimed than there are senders). A node killed while
     * sending leaves its messages to the others this long after it claimed them.
     */
    static final long LEASE_MILLIS = 30_000;
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

    /**
     * Answers how many messages were sent (delivered or not). Claims what may go out and starts sending it; as messages
     * are done, writes their outcomes and claims again, both in one transaction, once a batch of senders is free (or a
     * moment after the first outcome waits); after {@link #RUN_MILLIS} it only waits for what is on its way.
     */
    public int run() {
        delivery.closeIdleConnections();
        KeycloakModelUtils.runJobInTransaction(factory, WebhookDispatcher::turnOffOverBacklog);
        long end = System.currentTimeMillis() + RUN_MILLIS;
        WebhookFairness fairness = new WebhookFairness();
        BlockingQueue<Sent> done = new LinkedBlockingQueue<>();
        List<Sent> waiting = new ArrayList<>();
        long firstWaiting = 0;
        int sent = 0;
        boolean claimable = true;
        boolean quiet = true;
        long lastClaim = 0;
        while (true) {
            long now = System.currentTimeMillis();
            boolean claiming = now < end;
            int capacity = PARALLEL - fairness.total();
            boolean claimNow = claiming && capacity > 0 && (capacity >= CLAIM_BATCH || quiet)
                    && (claimable || now - lastClaim >= LOOK_AGAIN_MILLIS);
            boolean recordNow = !waiting.isEmpty()
                    && (claimNow || !claiming || now - firstWaiting >= RECORD_WITHIN_MILLIS);
            if (claimNow || recordNow) {
                List<Sent> outcomes = List.copyOf(waiting);
                waiting.clear();
                String claim = UUID.randomUUID().toString();
                List<String> full = fairness.full();
                List<Attempt> attempts = KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> {
                    record(s, outcomes);
                    return claimNow ? claim(s, claim, fairness, full, capacity) : List.of();
                });
                sent += outcomes.size();
                if (claimNow) {
                    lastClaim = now;
                    for (Attempt attempt : attempts) {
                        fairness.started(attempt.due());
                        SENDERS.execute(() -> done.add(send(attempt)));
                    }
                    claimable = !attempts.isEmpty();
                }
            }
            if (fairness.total() == 0 && waiting.isEmpty() && !(claiming && claimable)) {
                return sent;
            }
            // Wait for a message to be done, or a moment, then look again.
            try {
                Sent first = done.poll(WAIT_MILLIS, TimeUnit.MILLISECONDS);
                quiet = first == null;
                if (quiet) {
                    continue;
                }
                if (waiting.isEmpty()) {
                    firstWaiting = System.currentTimeMillis();
                }
                waiting.add(first);
                int before = waiting.size() - 1;
                done.drainTo(waiting);
                waiting.subList(before, waiting.size())
                        .forEach(outcome -> fairness.finished(outcome.attempt().webhookId()));
                claimable = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return sent;
            }
        }
    }

    /** What one attempt needs, read in the claiming transaction. */
    record Attempt(WebhookFairness.Due due, String claim, String url, String secret, boolean allowPrivateTargets,
                   String body) {

        String id() {
            return due.id();
        }

        String webhookId() {
            return due.webhookId();
        }
    }

    record Sent(Attempt attempt, WebhookDelivery.Outcome outcome, long at) {
    }

    /**
     * Claims, in one conditional update, the oldest due messages that the webhooks' limits let go out now: a window of
     * due messages of the webhooks that are not {@code full}, picked by {@link WebhookFairness}.
     */
    private static List<Attempt> claim(KeycloakSession session, String claim, WebhookFairness fairness,
                                       List<String> full, int capacity) {
        EntityManager em = em(session);
        long now = Time.currentTimeMillis();
        List<WebhookFairness.Due> window = new ArrayList<>();
        for (Object[] row : em.createNamedQuery("tenancy.dueDeliveries", Object[].class).setParameter("now", now)
                .setParameter("full", full.isEmpty() ? List.of("") : full)
                .setMaxResults(Math.min(WINDOW, capacity * WebhookFairness.PER_WEBHOOK)).getResultList()) {
            window.add(new WebhookFairness.Due((String) row[0], (String) row[1], ((Number) row[2]).intValue() > 0));
        }
        List<WebhookFairness.Due> picked = fairness.pick(window, capacity);
        if (picked.isEmpty()) {
            return List.of();
        }
        Map<String, WebhookFairness.Due> byId = new HashMap<>();
        picked.forEach(due -> byId.put(due.id(), due));
        List<String> ids = List.copyOf(byId.keySet());
        int claimed = em.createNamedQuery("tenancy.claimDeliveries").setParameter("claim", claim)
                .setParameter("leaseEnd", now + LEASE_MILLIS).setParameter("ids", ids)
                .setParameter("now", now).executeUpdate();
        if (claimed == 0) {
            return List.of();
        }
        Map<String, WebhookEntity> webhooks = new HashMap<>();
        Map<String, Boolean> realms = new HashMap<>();
        List<Attempt> attempts = new ArrayList<>();
        // read back by id, not by claim token: an index of claim tokens would cost every outbox row written
        for (WebhookDeliveryEntity row : em.createNamedQuery("tenancy.deliveriesById", WebhookDeliveryEntity.class)
                .setParameter("ids", ids).getResultList()) {
            if (!claim.equals(row.getClaim())) {
                continue;
            }
            WebhookEntity webhook = webhooks.computeIfAbsent(row.getWebhookId(), id -> em.find(WebhookEntity.class, id));
            WebhookFairness.Due due = byId.get(row.getId());
            if (webhook == null || due == null) {
                continue;
            }
            boolean allowPrivate = realms.computeIfAbsent(row.getRealmId(),
                    id -> Webhooks.allowsPrivateTargets(session.realms().getRealm(id)));
            attempts.add(new Attempt(due, claim, webhook.getUrl(), webhook.getSecret(), allowPrivate, row.getBody()));
        }
        return attempts;
    }

    /** Sends one message; always answers, so that the job's count of what is on its way stays right. */
    private Sent send(Attempt attempt) {
        long at = Time.currentTimeMillis();
        try {
            return new Sent(attempt, delivery.send(attempt.url(), attempt.allowPrivateTargets(), attempt.secret(),
                    attempt.id(), at / 1000, attempt.body()), at);
        } catch (RuntimeException e) {
            LOG.warnf(e, "A webhook message could not be sent");
            return new Sent(attempt, new WebhookDelivery.Outcome(0, "The message could not be sent."), at);
        }
    }

    /**
     * Turns off every enabled webhook with more than {@link #MAX_BACKLOG} undelivered messages whose last attempt
     * failed: a receiver that is gone must not grow the outbox without end. Its messages stay (the oldest first are
     * sent when it is turned on again); while it is off, no new ones are queued for it. A receiver that takes its
     * messages, however far behind, is left to catch up, so turning a webhook on again lets it drain its backlog.
     */
    private static void turnOffOverBacklog(KeycloakSession session) {
        EntityManager em = em(session);
        for (String id : em.createNamedQuery("tenancy.webhooksOverBacklog", String.class)
                .setParameter("max", (long) MAX_BACKLOG).getResultList()) {
            WebhookEntity webhook = em.find(WebhookEntity.class, id);
            if (webhook != null && webhook.isEnabled() && webhook.getConsecutiveFailures() > 0) {
                turnOff(session, webhook, "Turned off by the server: its receiver fails while more than "
                        + MAX_BACKLOG + " messages are waiting to be delivered.");
            }
        }
    }

    private static void record(KeycloakSession session, List<Sent> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        EntityManager em = em(session);
        Map<String, WebhookDeliveryEntity> rows = new HashMap<>();
        em.createNamedQuery("tenancy.deliveriesById", WebhookDeliveryEntity.class)
                .setParameter("ids", outcomes.stream().map(sent -> sent.attempt().id()).toList())
                .getResultList().forEach(row -> rows.put(row.getId(), row));
        for (Sent sent : outcomes) {
            WebhookDeliveryEntity row = rows.get(sent.attempt().id());
            // Gone with its webhook, or asked for again (redeliver) while this attempt was on its way.
            if (row == null || !sent.attempt().claim().equals(row.getClaim())) {
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
        turnOff(session, webhook, "Turned off by the server: " + webhook.getConsecutiveFailures()
                + " attempts in a row failed over more than 24 hours.");
    }

    /** Turns a webhook off with the reason it shows, and an admin event (without a user: the server did it). */
    private static void turnOff(KeycloakSession session, WebhookEntity webhook, String reason) {
        webhook.setEnabled(false);
        webhook.setDisabledReason(reason);
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
        LOG.warnf("Webhook %s of realm %s was turned off: %s", webhook.getId(), realm.getName(), reason);
    }

    private static EntityManager em(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}
