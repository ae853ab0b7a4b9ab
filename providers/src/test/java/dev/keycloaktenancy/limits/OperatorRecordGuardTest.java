package dev.keycloaktenancy.limits;

import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.keycloak.StorageEvents.RealmAttributeWrite;
import dev.keycloaktenancy.keycloak.StorageEvents.RealmUpdate;
import dev.keycloaktenancy.keycloak.StorageEvents.StoredRealm;
import dev.keycloaktenancy.keycloak.StorageEvents.Write;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OperatorRecordGuardTest {

    private static final Realm TENANT = new Realm("acme", Set.of(Tenancy.TENANT_TEMPLATE, Tenancy.MAX_USERS));
    private static final Realm PLAIN = new Realm("internal", Set.of());

    /** Counts how often the guard asks who is calling, and answers as the operator or not. */
    private final AtomicInteger asked = new AtomicInteger();

    private OperatorRecordGuard guard(boolean operator) {
        return new OperatorRecordGuard(() -> {
            asked.incrementAndGet();
            return operator;
        });
    }

    private static RealmAttributeWrite attribute(Write write, Realm realm, String name, String value) {
        return new RealmAttributeWrite(write, realm, name, value, false);
    }

    @Test
    void limitsAndTheTenantRecordChangeAtTheOperatorsRequestOnly() {
        for (Write write : Write.values()) {
            for (Realm realm : new Realm[] {TENANT, PLAIN}) {
                String limit = refusal(() -> guard(false).attributeWritten(attribute(write, realm, Tenancy.MAX_USERS, "5")));
                assertTrue(limit.startsWith("The limits of realm " + realm.name() + " are set by the platform operator"),
                        limit);
                assertTrue(limit.endsWith(Tenancy.MAX_USERS + " was left unchanged."), limit);
                String record = refusal(() -> guard(false).attributeWritten(
                        attribute(write, realm, Tenancy.TENANT_TEMPLATE, "saas")));
                assertTrue(record.startsWith("The tenant record of realm " + realm.name() + " belongs to the platform"
                        + " operator"), record);
                assertDoesNotThrow(() -> guard(true).attributeWritten(attribute(write, realm, Tenancy.MAX_USERS, "5")));
            }
        }
    }

    @Test
    void aTenantsHostnameIsTheOperatorsAnotherRealmsFrontendUrlIsNot() {
        String refusal = refusal(() -> guard(false).attributeWritten(
                attribute(Write.UPDATE, TENANT, Tenancy.FRONTEND_URL, "https://login.acme.test")));
        assertTrue(refusal.startsWith("The hostname of tenant realm acme is set by the platform operator"), refusal);
        assertDoesNotThrow(() -> guard(true).attributeWritten(
                attribute(Write.UPDATE, TENANT, Tenancy.FRONTEND_URL, "https://login.acme.test")));
        asked.set(0);
        assertDoesNotThrow(() -> guard(false).attributeWritten(
                attribute(Write.INSERT, PLAIN, Tenancy.FRONTEND_URL, "https://login.internal.test")));
        assertEquals(0, asked.get());
    }

    @Test
    void anEmptyFrontendUrlIsNoHostnameWhenAddedOrRemovedButIsWhenItReplacesOne() {
        for (String blank : new String[] {null, "", "  "}) {
            assertDoesNotThrow(() -> guard(false).attributeWritten(attribute(Write.INSERT, TENANT, Tenancy.FRONTEND_URL, blank)));
            assertDoesNotThrow(() -> guard(false).attributeWritten(attribute(Write.DELETE, TENANT, Tenancy.FRONTEND_URL, blank)));
            refusal(() -> guard(false).attributeWritten(attribute(Write.UPDATE, TENANT, Tenancy.FRONTEND_URL, blank)));
        }
        refusal(() -> guard(false).attributeWritten(
                attribute(Write.DELETE, TENANT, Tenancy.FRONTEND_URL, "https://login.acme.test")));
    }

    @Test
    void otherAttributesPassWithoutAskingWhoCalls() {
        for (Write write : Write.values()) {
            assertDoesNotThrow(() -> guard(false).attributeWritten(attribute(write, TENANT, "displayNameHtml", "<b>Acme</b>")));
            assertDoesNotThrow(() -> guard(false).attributeWritten(attribute(write, TENANT, null, null)));
        }
        assertEquals(0, asked.get());
    }

    @Test
    void deletingARealmTakesItsAttributesWithIt() {
        assertDoesNotThrow(() -> guard(false).attributeWritten(
                new RealmAttributeWrite(Write.DELETE, TENANT, Tenancy.MAX_USERS, "5", true)));
        assertEquals(0, asked.get());
    }

    @Test
    void aTenantIsRenamedByTheOperatorOnly() {
        RealmUpdate renamed = new RealmUpdate(new Realm("acme-2", TENANT.attributes()), "acme", true, true);
        String refusal = refusal(() -> guard(false).updated(renamed));
        assertTrue(refusal.startsWith("Tenant realm acme is renamed by the platform operator only"), refusal);
        assertDoesNotThrow(() -> guard(true).updated(renamed));
        assertDoesNotThrow(() -> guard(false).updated(new RealmUpdate(new Realm("internal-2", Set.of()), "internal", true, true)));
    }

    @Test
    void aTenantIsSuspendedAndResumedByTheOperatorOnly() {
        assertEquals("Tenant realm acme is suspended and resumed by the platform operator only (POST"
                        + " /admin/realms/master/tenancy/tenants/acme/suspend or /resume); it was left enabled.",
                refusal(() -> guard(false).updated(new RealmUpdate(TENANT, "acme", true, false))));
        assertTrue(refusal(() -> guard(false).updated(new RealmUpdate(TENANT, "acme", false, true)))
                .endsWith("it was left disabled."));
        assertDoesNotThrow(() -> guard(true).updated(new RealmUpdate(TENANT, "acme", true, false)));
        assertDoesNotThrow(() -> guard(false).updated(new RealmUpdate(PLAIN, "internal", true, false)));
    }

    @Test
    void anUpdateOfOtherFieldsPassesWithoutAskingWhoCalls() {
        assertDoesNotThrow(() -> guard(false).updated(new RealmUpdate(TENANT, "acme", true, true)));
        assertEquals(0, asked.get());
    }

    @Test
    void withoutTheRowsPreviousStateATenantUpdateIsRefused() {
        refusal(() -> guard(false).updated(new RealmUpdate(TENANT, null, null, true)));
    }

    @Test
    void aTenantIsDeletedByTheOperatorOnly() {
        String refusal = refusal(() -> guard(false).deleted(TENANT));
        assertTrue(refusal.startsWith("Tenant realm acme is deleted by the platform operator only"), refusal);
        assertDoesNotThrow(() -> guard(true).deleted(TENANT));
        assertDoesNotThrow(() -> guard(false).deleted(PLAIN));
    }

    private static String refusal(Executable change) {
        return assertThrows(StorageRefusal.class, change).getMessage();
    }

    private record Realm(String name, Set<String> attributes) implements StoredRealm {
        @Override
        public boolean hasAttribute(String attribute) {
            return attributes.contains(attribute);
        }
    }
}
