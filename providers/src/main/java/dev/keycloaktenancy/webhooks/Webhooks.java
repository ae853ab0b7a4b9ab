package dev.keycloaktenancy.webhooks;

import dev.keycloaktenancy.InputText;
import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.TenancyException;
import dev.keycloaktenancy.webhooks.jpa.WebhookDeliveryEntity;
import dev.keycloaktenancy.webhooks.jpa.WebhookEntity;
import jakarta.persistence.EntityManager;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The webhooks of one owner: a realm (its realm-level webhooks, which hear every organization) or one organization
 * of it. Every look-up is by id within the owner, so another owner's webhook answers 404 like one that does not exist.
 */
public final class Webhooks {

    /** How many webhooks one realm or organization may have. */
    public static final int MAX_PER_OWNER = 20;
    public static final int MAX_DELIVERIES_PAGE = 200;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final String organizationId;

    private Webhooks(KeycloakSession session, RealmModel realm, String organizationId) {
        this.session = session;
        this.realm = realm;
        this.organizationId = organizationId;
    }

    public static Webhooks ofRealm(KeycloakSession session, RealmModel realm) {
        return new Webhooks(session, realm, null);
    }

    public static Webhooks ofOrganization(KeycloakSession session, RealmModel realm, String organizationId) {
        return new Webhooks(session, realm, Objects.requireNonNull(organizationId));
    }

    /** Whether the realm lets webhooks use http and private targets. */
    public static boolean allowsPrivateTargets(RealmModel realm) {
        return realm != null && "true".equals(realm.getAttribute(Tenancy.WEBHOOKS_ALLOW_PRIVATE_TARGETS));
    }

    public List<WebhookView> list() {
        return owned().stream().map(WebhookView::of).toList();
    }

    public WebhookView get(String id) {
        return WebhookView.of(find(id));
    }

    /** Creates a webhook; the answer carries its signing secret, which is never shown again. */
    public WebhookView create(WebhookInput input) {
        return create(input, null);
    }

    /**
     * Creates a webhook signed with {@code secret} (checked with {@link #checkSecret}), or with a new secret when it
     * is null; the answer carries the secret.
     */
    public WebhookView create(WebhookInput input, String secret) {
        if (owned().size() >= MAX_PER_OWNER) {
            throw TenancyException.conflict("too_many_webhooks", (organizationId == null ? "The realm" : "The organization")
                    + " already has " + MAX_PER_OWNER + " webhooks, the most it may have; delete one first.");
        }
        WebhookEntity webhook = new WebhookEntity();
        webhook.setId(KeycloakModelUtils.generateId());
        webhook.setRealmId(realm.getId());
        webhook.setOrganizationId(organizationId);
        // events first: their check is cheap, the URL's asks DNS
        webhook.setEvents(String.join(" ", WebhookInput.checkedEvents(input.events())));
        webhook.setUrl(checkedUrl(input.url()));
        webhook.setEnabled(input.enabled() == null || input.enabled());
        webhook.setSecret(secret == null ? WebhookSignature.newSecret() : checkSecret(secret));
        webhook.setCreatedTimestamp(Time.currentTimeMillis());
        em().persist(webhook);
        WebhookOutbox.webhooksChanged(session);
        return WebhookView.of(webhook).withSecret(webhook.getSecret());
    }

    /** Replaces the fields given (a PUT gives all three); turning a webhook on again clears its failure record. */
    public WebhookView update(String id, WebhookInput input, Set<String> given) {
        WebhookEntity webhook = find(id);
        WebhookOutbox.webhooksChanged(session);
        if (given.contains("events")) {
            webhook.setEvents(String.join(" ", WebhookInput.checkedEvents(input.events())));
        }
        if (given.contains("url")) {
            webhook.setUrl(checkedUrl(input.url()));
        }
        if (given.contains("enabled")) {
            if (input.enabled() == null) {
                throw TenancyException.badRequest("Field 'enabled' must be true or false.");
            }
            if (input.enabled() && !webhook.isEnabled()) {
                webhook.setConsecutiveFailures(0);
                webhook.setFailingSince(null);
                webhook.setDisabledReason(null);
            }
            webhook.setEnabled(input.enabled());
        }
        return WebhookView.of(webhook);
    }

    /** Checks event types as {@link #create} does, storing nothing; refuses with the same sentence. */
    public static void checkEvents(List<String> events) {
        WebhookInput.checkedEvents(events);
    }

    /** Checks a URL as {@link #create} does (the SSRF guard, with this realm's rule), storing nothing. */
    public void checkUrl(String url) {
        checkedUrl(url);
    }

    /** A signing secret given by its owner: {@code whsec_} and the base64 of 24 to 64 bytes, as Standard Webhooks has it. */
    public static String checkSecret(String secret) {
        if (!WebhookSignature.isSecret(secret)) {
            throw TenancyException.badRequest("invalid_webhook_secret", "A webhook's signing secret is whsec_ followed"
                    + " by the base64 of 24 to 64 random bytes (Standard Webhooks), for example what openssl rand"
                    + " -base64 32 prints, after whsec_.");
        }
        return secret;
    }

    /** Whether the webhook is signed with {@code secret} (compared in constant time; the secret never leaves here). */
    public boolean hasSecret(String id, String secret) {
        return secret != null && MessageDigest.isEqual(find(id).getSecret().getBytes(StandardCharsets.UTF_8),
                secret.getBytes(StandardCharsets.UTF_8));
    }

    /** Signs the webhook's next messages with {@code secret} (checked with {@link #checkSecret}). */
    public void replaceSecret(String id, String secret) {
        find(id).setSecret(checkSecret(secret));
    }

    /** Deletes a webhook with its delivery log (messages not sent yet are dropped). */
    public WebhookView delete(String id) {
        WebhookEntity webhook = find(id);
        WebhookOutbox.webhooksChanged(session);
        em().createNamedQuery("tenancy.deleteDeliveriesOfWebhook").setParameter("webhookId", id).executeUpdate();
        em().remove(webhook);
        return WebhookView.of(webhook);
    }

    /** The webhook's delivery log, newest first. */
    public List<DeliveryView> deliveries(String id, int first, int max) {
        find(id);
        return em().createNamedQuery("tenancy.deliveriesOfWebhook", WebhookDeliveryEntity.class)
                .setParameter("webhookId", id).setFirstResult(first).setMaxResults(max)
                .getResultStream().map(DeliveryView::of).toList();
    }

    /**
     * Sends a message again, with the same {@code webhook-id} (receivers deduplicate by it): due at once, retried
     * with backoff for another day if it fails. A message still waiting for a retry is simply made due now.
     */
    public DeliveryView redeliver(String webhookId, String deliveryId) {
        find(webhookId);
        WebhookDeliveryEntity delivery = InputText.isSafeKey(deliveryId)
                ? em().find(WebhookDeliveryEntity.class, deliveryId) : null;
        if (delivery == null || !delivery.getWebhookId().equals(webhookId)) {
            throw TenancyException.notFound("The webhook has no delivery with id '" + InputText.shorten(deliveryId)
                    + "'.");
        }
        long now = Time.currentTimeMillis();
        delivery.setState(WebhookOutbox.PENDING);
        delivery.setRetrySince(now);
        delivery.setNextAttempt(now);
        delivery.setClaim(null);
        return DeliveryView.of(delivery);
    }

    /** An organization's webhooks and their deliveries go with it. */
    public static void forgetOrganization(KeycloakSession session, String organizationId) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        em.createNamedQuery("tenancy.deleteDeliveriesOfOrganization").setParameter("organizationId", organizationId)
                .executeUpdate();
        em.createNamedQuery("tenancy.deleteWebhooksOfOrganization").setParameter("organizationId", organizationId)
                .executeUpdate();
    }

    public static void forgetRealm(KeycloakSession session, String realmId) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        em.createNamedQuery("tenancy.deleteDeliveriesOfRealm").setParameter("realmId", realmId).executeUpdate();
        em.createNamedQuery("tenancy.deleteWebhooksOfRealm").setParameter("realmId", realmId).executeUpdate();
    }

    private String checkedUrl(String url) {
        return WebhookTarget.check(url, allowsPrivateTargets(realm), WebhookTarget.DNS).toString();
    }

    private List<WebhookEntity> owned() {
        if (organizationId == null) {
            return em().createNamedQuery("tenancy.webhooksOfRealm", WebhookEntity.class)
                    .setParameter("realmId", realm.getId()).getResultList();
        }
        return em().createNamedQuery("tenancy.webhooksOfOrganization", WebhookEntity.class)
                .setParameter("realmId", realm.getId()).setParameter("organizationId", organizationId)
                .getResultList();
    }

    private WebhookEntity find(String id) {
        WebhookEntity webhook = InputText.isSafeKey(id) ? em().find(WebhookEntity.class, id) : null;
        if (webhook == null || !webhook.getRealmId().equals(realm.getId())
                || !Objects.equals(webhook.getOrganizationId(), organizationId)) {
            throw TenancyException.notFound("There is no webhook with id '" + InputText.shorten(id) + "' here.");
        }
        return webhook;
    }

    private EntityManager em() {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}
