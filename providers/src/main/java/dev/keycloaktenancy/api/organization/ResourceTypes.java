package dev.keycloaktenancy.api.organization;

import org.keycloak.events.admin.OperationType;

import java.util.Map;

/**
 * The resource types of the pack's admin events, one per kind of thing an operation changes, and the audit action
 * each change is recorded as.
 */
public final class ResourceTypes {

    public static final String ORGANIZATION = "TENANCY_ORGANIZATION";
    public static final String SIGN_IN = "TENANCY_SIGN_IN";
    public static final String SECURITY = "TENANCY_SECURITY";
    public static final String MEMBER = "TENANCY_MEMBER";
    public static final String MEMBER_ROLES = "TENANCY_MEMBER_ROLES";
    /** An account control on an owned account (sign-out, reset-password, reset-mfa, suspend, restore). */
    public static final String ACCOUNT = "TENANCY_ACCOUNT";
    public static final String ROLE = "TENANCY_ROLE";
    public static final String INVITATION = "TENANCY_INVITATION";
    public static final String DOMAIN = "TENANCY_DOMAIN";
    /** A webhook subscription; its redelivery of a message is an ACTION. */
    public static final String WEBHOOK = "TENANCY_WEBHOOK";
    public static final String SCIM_TOKEN = "TENANCY_SCIM_TOKEN";
    /** A user changed by a SCIM client (its groups are roles, recorded as ROLE and MEMBER_ROLES changes). */
    public static final String SCIM_USER = "TENANCY_SCIM_USER";
    /** A join request: asked (CREATE), approved (ACTION), declined (DELETE). */
    public static final String JOIN_REQUEST = "TENANCY_JOIN_REQUEST";

    private static final Map<String, String> ACTIONS = Map.ofEntries(
            Map.entry(ORGANIZATION + OperationType.CREATE, "organization.created"),
            Map.entry(ORGANIZATION + OperationType.UPDATE, "organization.updated"),
            Map.entry(ORGANIZATION + OperationType.DELETE, "organization.deleted"),
            Map.entry(SIGN_IN + OperationType.UPDATE, "sign_in.updated"),
            Map.entry(SECURITY + OperationType.UPDATE, "security.updated"),
            Map.entry(MEMBER + OperationType.DELETE, "member.removed"),
            Map.entry(MEMBER_ROLES + OperationType.UPDATE, "member.roles.updated"),
            Map.entry(ROLE + OperationType.CREATE, "role.created"),
            Map.entry(ROLE + OperationType.UPDATE, "role.updated"),
            Map.entry(ROLE + OperationType.DELETE, "role.deleted"),
            Map.entry(INVITATION + OperationType.CREATE, "invitation.created"),
            Map.entry(INVITATION + OperationType.ACTION, "invitation.resent"),
            Map.entry(INVITATION + OperationType.DELETE, "invitation.revoked"),
            Map.entry(DOMAIN + OperationType.CREATE, "domain.claimed"),
            Map.entry(DOMAIN + OperationType.ACTION, "domain.verified"),
            Map.entry(DOMAIN + OperationType.DELETE, "domain.removed"),
            Map.entry(WEBHOOK + OperationType.CREATE, "webhook.created"),
            Map.entry(WEBHOOK + OperationType.UPDATE, "webhook.updated"),
            Map.entry(WEBHOOK + OperationType.DELETE, "webhook.deleted"),
            Map.entry(WEBHOOK + OperationType.ACTION, "webhook.redelivered"),
            Map.entry(SCIM_TOKEN + OperationType.CREATE, "scim_token.created"),
            Map.entry(SCIM_TOKEN + OperationType.DELETE, "scim_token.revoked"),
            Map.entry(SCIM_USER + OperationType.CREATE, "scim.user.created"),
            Map.entry(SCIM_USER + OperationType.UPDATE, "scim.user.updated"),
            Map.entry(SCIM_USER + OperationType.DELETE, "scim.user.deleted"),
            Map.entry(JOIN_REQUEST + OperationType.CREATE, "join_request.created"),
            Map.entry(JOIN_REQUEST + OperationType.ACTION, "join_request.approved"),
            Map.entry(JOIN_REQUEST + OperationType.DELETE, "join_request.declined"));

    /** The audit action of each account control on an owned account. */
    private static final Map<String, String> ACCOUNT_ACTIONS = Map.of(
            "sign-out", "account.signed_out",
            "reset-password", "account.password_reset_sent",
            "reset-mfa", "account.second_factors_removed",
            "suspend", "account.suspended",
            "restore", "account.restored");

    private ResourceTypes() {
    }

    /** The audit action of a change; every change an operation records has one. */
    static String auditAction(OperationType operation, String resourceType) {
        String action = ACTIONS.get(resourceType + operation);
        if (action == null) {
            throw new IllegalArgumentException("No audit action for " + operation + " of " + resourceType);
        }
        return action;
    }

    /** The audit action of an account control; every control has one. */
    static String accountAction(String control) {
        String action = ACCOUNT_ACTIONS.get(control);
        if (action == null) {
            throw new IllegalArgumentException("No audit action for account control " + control);
        }
        return action;
    }
}
