package dev.keycloaktenancy.api.organization;

import org.junit.jupiter.api.Test;
import org.keycloak.events.admin.OperationType;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ResourceTypesTest {

    @Test
    void eachChangeHasItsAuditAction() {
        assertEquals("member.removed", ResourceTypes.auditAction(OperationType.DELETE, ResourceTypes.MEMBER));
        assertEquals("member.roles.updated", ResourceTypes.auditAction(OperationType.UPDATE, ResourceTypes.MEMBER_ROLES));
        assertEquals("invitation.revoked", ResourceTypes.auditAction(OperationType.DELETE, ResourceTypes.INVITATION));
        assertEquals("domain.verified", ResourceTypes.auditAction(OperationType.ACTION, ResourceTypes.DOMAIN));
        assertEquals("organization.updated", ResourceTypes.auditAction(OperationType.UPDATE, ResourceTypes.ORGANIZATION));
        assertEquals("organization.created", ResourceTypes.auditAction(OperationType.CREATE, ResourceTypes.ORGANIZATION));
        assertEquals("organization.deleted", ResourceTypes.auditAction(OperationType.DELETE, ResourceTypes.ORGANIZATION));
        assertEquals("security.updated", ResourceTypes.auditAction(OperationType.UPDATE, ResourceTypes.SECURITY));
        assertEquals("webhook.redelivered", ResourceTypes.auditAction(OperationType.ACTION, ResourceTypes.WEBHOOK));
    }

    @Test
    void eachAccountControlHasItsAuditAction() {
        assertEquals("account.signed_out", ResourceTypes.accountAction("sign-out"));
        assertEquals("account.password_reset_sent", ResourceTypes.accountAction("reset-password"));
        assertEquals("account.second_factors_removed", ResourceTypes.accountAction("reset-mfa"));
        assertEquals("account.suspended", ResourceTypes.accountAction("suspend"));
        assertEquals("account.restored", ResourceTypes.accountAction("restore"));
        assertThrows(IllegalArgumentException.class, () -> ResourceTypes.accountAction("delete"));
    }

    @Test
    void aChangeWithoutAnActionIsAProgrammingError() {
        assertThrows(IllegalArgumentException.class,
                () -> ResourceTypes.auditAction(OperationType.CREATE, ResourceTypes.MEMBER));
    }
}
