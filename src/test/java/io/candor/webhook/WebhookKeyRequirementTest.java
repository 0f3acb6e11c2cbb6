package io.candor.webhook;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With an external database, the webhook key must come from the operator: no key derived from data in the database. */
class WebhookKeyRequirementTest {

    static WebhookConfig config(Optional<String> key) {
        return (WebhookConfig) Proxy.newProxyInstance(WebhookConfig.class.getClassLoader(), new Class<?>[]{WebhookConfig.class},
                (proxy, method, args) -> method.getName().equals("encryptionKey") ? key : null);
    }

    @Test
    void anExternalDatabaseWithoutTheKeyIsRefusedAtStart() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> new WebhookSecrets(config(Optional.empty()), Optional.of("jdbc:postgresql://db.example:5432/candor")));
        assertTrue(refused.getMessage().contains("CANDOR_WEBHOOK_ENCRYPTION_KEY"), refused.getMessage());
        assertThrows(IllegalStateException.class, () -> new WebhookSecrets(config(Optional.of("  ")), Optional.of("jdbc:postgresql://db/candor")));
        assertThrows(IllegalStateException.class, () -> new WebhookSecrets(config(Optional.of("dG9vIHNob3J0")), Optional.of("jdbc:postgresql://db/candor")),
                "a key that is not 32 bytes");
        assertDoesNotThrow(() -> new WebhookSecrets(config(Optional.of(io.candor.testing.TestKeys.WEBHOOK_ENCRYPTION_KEY)),
                Optional.of("jdbc:postgresql://db/candor")));
    }
}
