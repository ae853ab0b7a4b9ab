package dev.keycloaktenancy.api.admin;

import dev.keycloaktenancy.TenancyException;
import dev.keycloaktenancy.roles.transfer.ConfigWebhooks;
import dev.keycloaktenancy.roles.transfer.TenancyData;
import dev.keycloaktenancy.webhooks.WebhookInput;
import dev.keycloaktenancy.webhooks.Webhooks;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Webhooks in configuration documents, through {@link Webhooks}: the same checks (event types, the URL's SSRF guard)
 * and the same storage as {@code …/webhooks} and {@code …/organizations/{org}/webhooks}.
 */
public final class DocumentWebhooks implements ConfigWebhooks {

    private static final Set<String> ALL = Set.of(WebhookInput.FIELDS);

    private final KeycloakSession session;
    private final RealmModel realm;

    public DocumentWebhooks(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    @Override
    public List<TenancyData.WebhookData> read(OrganizationModel organization) {
        return webhooks(organization).list().stream()
                .map(w -> new TenancyData.WebhookData(w.id(), w.url(), w.events(), w.enabled(), null))
                .toList();
    }

    @Override
    public List<String> problems(TenancyData.WebhookData webhook, String path) {
        List<String> problems = new ArrayList<>();
        try {
            Webhooks.checkEvents(webhook.events());
        } catch (TenancyException e) {
            problems.add(path + ".events: " + e.description());
        }
        try {
            webhooks(null).checkUrl(webhook.url());
        } catch (TenancyException e) {
            problems.add(path + ".url: " + e.description());
        }
        if (webhook.secret() != null) {
            try {
                Webhooks.checkSecret(webhook.secret());
            } catch (TenancyException e) {
                problems.add(path + ".secret: " + e.description());
            }
        }
        return problems;
    }

    @Override
    public int maxPerOwner() {
        return Webhooks.MAX_PER_OWNER;
    }

    @Override
    public boolean hasSecret(OrganizationModel organization, String id, String secret) {
        return webhooks(organization).hasSecret(id, secret);
    }

    @Override
    public void create(OrganizationModel organization, TenancyData.WebhookData webhook) {
        webhooks(organization).create(input(webhook), webhook.secret());
    }

    @Override
    public void update(OrganizationModel organization, String id, TenancyData.WebhookData webhook) {
        webhooks(organization).update(id, input(webhook), ALL);
    }

    @Override
    public void replaceSecret(OrganizationModel organization, String id, String secret) {
        webhooks(organization).replaceSecret(id, secret);
    }

    @Override
    public void delete(OrganizationModel organization, String id) {
        webhooks(organization).delete(id);
    }

    private static WebhookInput input(TenancyData.WebhookData webhook) {
        TenancyData.WebhookData normal = webhook.normalized();
        return new WebhookInput(normal.url(), normal.events(), normal.enabled());
    }

    private Webhooks webhooks(OrganizationModel organization) {
        return organization == null ? Webhooks.ofRealm(session, realm)
                : Webhooks.ofOrganization(session, realm, organization.getId());
    }
}
