package dev.keycloaktenancy.webhooks;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The event types a webhook may subscribe to (the contract's list), and which audit action each change is told as.
 * Audit actions without an event type (role changes, resent invitations, claimed domains, …) send nothing.
 */
public final class WebhookEvents {

    public static final List<String> TYPES = List.of(
            "organization.created", "organization.updated", "organization.deleted",
            "member.added", "member.removed", "member.roles.updated",
            "invitation.created", "invitation.accepted", "invitation.revoked",
            "domain.verified", "domain.removed",
            "security.updated",
            "account.signed_out", "account.suspended", "account.restored");

    private static final Map<String, String> BY_AUDIT_ACTION = Map.ofEntries(
            Map.entry("organization.created", "organization.created"),
            Map.entry("organization.updated", "organization.updated"),
            // sign-in settings are settings of the organization, as its profile is
            Map.entry("sign_in.updated", "organization.updated"),
            Map.entry("organization.deleted", "organization.deleted"),
            Map.entry("member.added", "member.added"),
            // a directory's user is a member: creating (or linking) one adds a member, deleting one removes it
            Map.entry("scim.user.created", "member.added"),
            Map.entry("member.removed", "member.removed"),
            Map.entry("scim.user.deleted", "member.removed"),
            Map.entry("member.roles.updated", "member.roles.updated"),
            Map.entry("invitation.created", "invitation.created"),
            Map.entry("invitation.accepted", "invitation.accepted"),
            Map.entry("invitation.revoked", "invitation.revoked"),
            Map.entry("domain.verified", "domain.verified"),
            Map.entry("domain.removed", "domain.removed"),
            Map.entry("security.updated", "security.updated"),
            Map.entry("account.signed_out", "account.signed_out"),
            Map.entry("account.suspended", "account.suspended"),
            Map.entry("account.restored", "account.restored"));

    private WebhookEvents() {
    }

    /** The event type a recorded change is sent as, if any. */
    public static Optional<String> ofAuditAction(String action) {
        return Optional.ofNullable(BY_AUDIT_ACTION.get(action));
    }
}
