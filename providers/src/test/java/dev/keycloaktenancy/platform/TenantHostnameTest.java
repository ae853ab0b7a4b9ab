package dev.keycloaktenancy.platform;

import dev.keycloaktenancy.TenancyException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TenantHostnameTest {

    @Test
    void hostnamesAreLowerCaseAsciiWithAnOptionalPort() {
        assertEquals("login.north.example", TenantHostname.parse(" Login.North.Example. ").authority());
        assertEquals("login.xn--bcher-kva.example", TenantHostname.parse("login.bücher.example").authority());
        TenantHostname withPort = TenantHostname.parse("login.north.test:8443");
        assertEquals("login.north.test", withPort.host());
        assertEquals(8443, withPort.port());
        assertEquals("https://login.north.test:8443", withPort.frontendUrl("https"));
        assertEquals("https://login.north.test", TenantHostname.parse("login.north.test:443").frontendUrl("https"),
                "the scheme's own port is left out of the issuer");
        assertEquals("http://login.north.test:443", TenantHostname.parse("login.north.test:443").frontendUrl("http"));
    }

    @Test
    void anythingButAHostIsRefusedWithTheReason() {
        assertRefused("https://login.north.example", "without a scheme");
        for (String input : List.of("login.north.example/realms", "login.north.example?x=1", "user@login.north.example",
                "login north.example", "[::1]", "login.north.example#top")) {
            assertRefused(input, "is not a host name");
        }
        assertRefused("login.north.example:0", "port");
        assertRefused("login.north.example:70000", "port");
        assertRefused("login.north.example:", "port");
        assertRefused("localhost", "at least two labels");
        assertRefused("*.north.example", "not a valid host name");
        assertRefused("-bad.north.example", "not a valid host name");
        assertRefused("10.0.0.1", "IP address");
        assertRefused("0x7f.0x1", "IP address");
        assertRefused(" ", "give a host name");
        assertRefused(null, "give a host name");
    }

    @Test
    void theHostnameOfAFrontendUrl() {
        assertEquals(Optional.of(new TenantHostname("login.north.example", null)),
                TenantHostname.ofFrontendUrl("https://Login.North.Example"));
        assertEquals(Optional.of(new TenantHostname("login.north.test", 8480)),
                TenantHostname.ofFrontendUrl("http://login.north.test:8480/"));
        assertEquals(Optional.empty(), TenantHostname.ofFrontendUrl(null));
        assertEquals(Optional.empty(), TenantHostname.ofFrontendUrl("not a url"));
    }

    @Test
    void aHostnameIsTakenOnEveryPort() {
        TenantHostname plain = TenantHostname.parse("login.north.example");
        assertTrue(plain.sameHostAs(TenantHostname.parse("login.north.example:443")));
        assertTrue(plain.sameHostAs(TenantHostname.parse("login.north.example:8443")), "cookies ignore ports");
        assertFalse(plain.sameHostAs(TenantHostname.parse("login.south.example")));
    }

    private static void assertRefused(String input, String reason) {
        TenancyException refused = assertThrows(TenancyException.class, () -> TenantHostname.parse(input), input);
        assertEquals(400, refused.getResponse().getStatus());
        assertTrue(refused.description().contains(reason), input + ": " + refused.description());
    }
}
