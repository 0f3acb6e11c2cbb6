package io.candor.webhook;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Webhook delivery settings. */
@ConfigMapping(prefix = "candor.webhook")
public interface WebhookConfig {

    /** {@code CANDOR_WEBHOOK_ENCRYPTION_KEY}: 32 bytes, base64, that encrypt webhook secrets at rest. Without it a per-tenant key derived from data in the database is used. */
    Optional<String> encryptionKey();

    /** How often the sender looks for due events. */
    @WithDefault("1s")
    Duration pollInterval();

    /** First retry delay; each further retry doubles it (with full jitter) up to {@link #maxBackoff()}. */
    @WithDefault("10s")
    Duration initialBackoff();

    /** Longest wait between two attempts. */
    @WithDefault("1h")
    Duration maxBackoff();

    /** How long an event is retried before it is dead-lettered. */
    @WithDefault("24h")
    Duration retryFor();

    /** Connect and response timeout of one delivery. */
    @WithDefault("10s")
    Duration timeout();

    /** Events claimed per sender run. */
    @WithDefault("100")
    int batchSize();

    /** Allow plain http:// and receivers on loopback or private addresses (tests and local development only). */
    @WithDefault("false")
    boolean allowLocalReceivers();
}
