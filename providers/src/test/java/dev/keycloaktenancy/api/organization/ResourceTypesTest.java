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
    }

    @Test
    void aChangeWithoutAnActionIsAProgrammingError() {
        assertThrows(IllegalArgumentException.class,
                () -> ResourceTypes.auditAction(OperationType.CREATE, ResourceTypes.MEMBER));
    }
}
