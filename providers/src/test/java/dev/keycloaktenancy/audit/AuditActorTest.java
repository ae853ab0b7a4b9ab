package dev.keycloaktenancy.audit;

import org.junit.jupiter.api.Test;
import org.keycloak.representations.AccessToken;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AuditActorTest {

    @Test
    void theSenderOfTheTokenActs() {
        AccessToken token = new AccessToken();
        token.subject("user-1");
        token.issuedFor("admin-cli");
        assertEquals(AuditActor.user("user-1", "admin-cli"), AuditActor.ofBearer(token));
    }

    @Test
    void withoutATokenTheServerActs() {
        assertEquals(AuditActor.system(), AuditActor.ofBearer(null));
        assertEquals(AuditActor.system(), AuditActor.ofBearer(new AccessToken()));
    }
}
