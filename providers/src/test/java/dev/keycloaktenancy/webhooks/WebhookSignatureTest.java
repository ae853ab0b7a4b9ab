package dev.keycloaktenancy.webhooks;

import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebhookSignatureTest {

    /** The example of the Standard Webhooks specification and its reference libraries' tests. */
    @Test
    void matchesTheStandardWebhooksExample() {
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", WebhookSignature.sign(
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                "{\"test\": 2432232314}"));
    }

    @Test
    void anyChangeOfIdTimestampOrBodyChangesTheSignature() {
        String secret = WebhookSignature.newSecret();
        String signature = WebhookSignature.sign(secret, "m1", 100, "{}");
        assertNotEquals(signature, WebhookSignature.sign(secret, "m2", 100, "{}"));
        assertNotEquals(signature, WebhookSignature.sign(secret, "m1", 101, "{}"));
        assertNotEquals(signature, WebhookSignature.sign(secret, "m1", 100, "{ }"));
        assertNotEquals(signature, WebhookSignature.sign(WebhookSignature.newSecret(), "m1", 100, "{}"));
    }

    @Test
    void newSecretsAre32RandomBytes() {
        String secret = WebhookSignature.newSecret();
        assertTrue(secret.startsWith("whsec_"));
        assertEquals(32, Base64.getDecoder().decode(secret.substring(6)).length);
        assertNotEquals(secret, WebhookSignature.newSecret());
    }

    @Test
    void refusesASecretWithoutItsPrefix() {
        assertThrows(IllegalArgumentException.class, () -> WebhookSignature.sign("secret", "m", 1, "{}"));
    }
}
