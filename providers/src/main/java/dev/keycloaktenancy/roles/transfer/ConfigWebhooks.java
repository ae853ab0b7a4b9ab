package dev.keycloaktenancy.roles.transfer;

import org.keycloak.models.OrganizationModel;

import java.util.List;

/**
 * Webhooks in configuration documents: the realm's own ({@code organization} null) and each organization's. They belong
 * to the {@code webhooks} capability and its API; the document's reader and writer reach them through this, so that a
 * document and {@code POST …/webhooks} refuse the same values (the URL's SSRF guard included) and store them the same
 * way. Signing secrets never come out: {@link #hasSecret} only compares.
 */
public interface ConfigWebhooks {

    /** The owner's webhooks as stored, with their ids, without secrets. */
    List<TenancyData.WebhookData> read(OrganizationModel organization);

    /** What is wrong with the entry ({@code url}, {@code events}, {@code secret}), each sentence starting with {@code path}. */
    List<String> problems(TenancyData.WebhookData webhook, String path);

    /** How many webhooks one owner may have. */
    int maxPerOwner();

    /** Whether the stored webhook {@code id} is signed with {@code secret}. */
    boolean hasSecret(OrganizationModel organization, String id, String secret);

    void create(OrganizationModel organization, TenancyData.WebhookData webhook);

    /** Sets url, events and enabled. */
    void update(OrganizationModel organization, String id, TenancyData.WebhookData webhook);

    void replaceSecret(OrganizationModel organization, String id, String secret);

    void delete(OrganizationModel organization, String id);
}
