package dev.keycloaktenancy.webhooks;

import dev.keycloaktenancy.TenancyException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WebhookEventsTest {

    @Test
    void changesAreSentAsTheContractsEventTypes() {
        assertEquals(Optional.of("member.added"), WebhookEvents.ofAuditAction("member.added"));
        assertEquals(Optional.of("organization.updated"), WebhookEvents.ofAuditAction("sign_in.updated"));
        assertEquals(Optional.of("invitation.accepted"), WebhookEvents.ofAuditAction("invitation.accepted"));
        assertEquals(Optional.of("organization.created"), WebhookEvents.ofAuditAction("organization.created"));
        assertEquals(Optional.of("member.added"), WebhookEvents.ofAuditAction("scim.user.created"));
        assertEquals(Optional.of("member.removed"), WebhookEvents.ofAuditAction("scim.user.deleted"));
        assertEquals(Optional.empty(), WebhookEvents.ofAuditAction("scim.user.updated"));
        assertEquals(Optional.empty(), WebhookEvents.ofAuditAction("role.created"));
        assertEquals(Optional.empty(), WebhookEvents.ofAuditAction("invitation.resent"));
        assertEquals(15, WebhookEvents.TYPES.size());
    }

    @Test
    void subscriptionsNameKnownEventTypes() {
        assertEquals(List.of("member.added", "member.removed").stream().sorted().toList(),
                List.copyOf(WebhookInput.checkedEvents(List.of("member.removed", "member.added", "member.added"))));
        assertEquals("invalid_webhook_events",
                assertThrows(TenancyException.class,
                        () -> WebhookInput.checkedEvents(List.of("member.joined"))).error());
        assertThrows(TenancyException.class, () -> WebhookInput.checkedEvents(List.of()));
        assertThrows(TenancyException.class, () -> WebhookInput.checkedEvents(null));
    }
}
