package dev.keycloaktenancy.roles.token;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RequestedOrganizationsTest {

    @Test
    void noOrganizationScope() {
        assertNull(RequestedOrganizations.of("openid profile email"));
        assertNull(RequestedOrganizations.of(null));
        assertNull(RequestedOrganizations.of("openid organizations:* my-organization"));
    }

    @Test
    void allOrganizations() {
        assertEquals(new RequestedOrganizations(RequestedOrganizations.Form.ALL, Set.of()),
                RequestedOrganizations.of("openid organization:* email"));
    }

    @Test
    void namedOrganizations() {
        assertEquals(new RequestedOrganizations(RequestedOrganizations.Form.SPECIFIC, Set.of("acme", "globex")),
                RequestedOrganizations.of("openid organization:acme  organization:globex"));
    }

    @Test
    void theSingleOrPickedOrganization() {
        assertEquals(new RequestedOrganizations(RequestedOrganizations.Form.ANY, Set.of()),
                RequestedOrganizations.of("organization openid"));
    }

    @Test
    void theFirstOrganizationScopeDecidesTheForm() {
        assertEquals(RequestedOrganizations.Form.ALL, RequestedOrganizations.of("organization:* organization:acme").form());
        assertEquals(RequestedOrganizations.Form.SPECIFIC,
                RequestedOrganizations.of("organization:acme organization:*").form());
    }
}
