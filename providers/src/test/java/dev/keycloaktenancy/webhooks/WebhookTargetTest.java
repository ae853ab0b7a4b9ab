package dev.keycloaktenancy.webhooks;

import dev.keycloaktenancy.TenancyException;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebhookTargetTest {

    private static WebhookTarget.Resolver resolvesTo(String... addresses) {
        return host -> {
            List<InetAddress> result = new java.util.ArrayList<>();
            for (String address : addresses) {
                result.add(InetAddress.getByName(address));
            }
            return result;
        };
    }

    @Test
    void acceptsHttpsToAPublicAddress() {
        assertEquals("https://hooks.example.com/in?x=1", WebhookTarget.check("https://hooks.example.com/in?x=1", false,
                resolvesTo("93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946")).toString());
    }

    @Test
    void refusesPrivateLoopbackAndLinkLocalTargets() {
        for (String address : new String[]{"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
                "100.64.0.1", "0.0.0.0", "::1", "fe80::1", "fd00::1", "::ffff:10.0.0.1", "::ffff:127.0.0.1",
                "64:ff9b::a00:1", "224.0.0.1", "198.18.0.1"}) {
            TenancyException refused = assertThrows(TenancyException.class,
                    () -> WebhookTarget.check("https://hooks.example.com/", false, resolvesTo(address)), address);
            assertEquals(400, refused.status());
            assertEquals("invalid_webhook_url", refused.error());
        }
    }

    @Test
    void oneNonPublicAddressAmongSeveralRefuses() {
        assertThrows(TenancyException.class, () -> WebhookTarget.check("https://hooks.example.com/", false,
                resolvesTo("93.184.216.34", "10.0.0.1")));
    }

    @Test
    void refusesWhatIsNotAPlainHttpsUrl() {
        for (String url : new String[]{"http://hooks.example.com/", "ftp://hooks.example.com/", "https:///path",
                "https://user:pw@hooks.example.com/", "https://hooks.example.com/#x", "hooks.example.com",
                "https://hooks.example.com/\nx", "", "https://" + "a".repeat(2050) + ".com/"}) {
            assertThrows(TenancyException.class,
                    () -> WebhookTarget.check(url, false, resolvesTo("93.184.216.34")), url);
        }
        assertThrows(TenancyException.class, () -> WebhookTarget.check(null, false, resolvesTo("93.184.216.34")));
    }

    @Test
    void anUnknownHostIsRefused() {
        assertThrows(TenancyException.class, () -> WebhookTarget.check("https://nowhere.invalid/", false, host -> {
            throw new UnknownHostException(host);
        }));
    }

    @Test
    void theRealmMayAllowHttpAndPrivateTargets() {
        assertEquals("http://localhost:8089/hook",
                WebhookTarget.check("http://localhost:8089/hook", true, resolvesTo("127.0.0.1")).toString());
        assertThrows(TenancyException.class,
                () -> WebhookTarget.check("ftp://localhost/", true, resolvesTo("127.0.0.1")));
    }

    @Test
    void privateTargetsAllowedStillNeverReachLinkLocalUnspecifiedOrMulticast() {
        for (String address : new String[]{"10.1.2.3", "192.168.1.1", "::1", "fd00::1"}) {
            assertEquals("https://receiver.internal/", WebhookTarget.check("https://receiver.internal/", true,
                    resolvesTo(address)).toString(), address);
        }
        for (String address : new String[]{"169.254.169.254", "fe80::1", "0.0.0.0", "::", "224.0.0.1", "ff02::1",
                "::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe"}) {
            TenancyException refused = assertThrows(TenancyException.class,
                    () -> WebhookTarget.check("https://metadata.internal/", true, resolvesTo(address)), address);
            assertEquals("invalid_webhook_url", refused.error());
            assertTrue(refused.description().contains("which no webhook may reach"), refused.description());
        }
    }

    @Test
    void publicAddressesArePublic() throws Exception {
        assertTrue(WebhookTarget.isPublic(InetAddress.getByName("8.8.8.8")));
        assertTrue(WebhookTarget.isPublic(InetAddress.getByName("2001:4860:4860::8888")));
        assertFalse(WebhookTarget.isPublic(InetAddress.getByName("::")));
    }
}
