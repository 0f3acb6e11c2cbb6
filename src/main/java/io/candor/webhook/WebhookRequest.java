package io.candor.webhook;

import jakarta.validation.constraints.NotNull;

/** {@code PUT /api/v1/webhook}. */
public record WebhookRequest(@NotNull String url, @NotNull String secret) {
}
