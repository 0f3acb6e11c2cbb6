package io.candor.moderation;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code POST /api/v1/reports} and {@code POST /api/v1/public/{tenant}/reports}. */
public record ReportRequest(@NotNull @Valid Target target, @NotNull String reason, @Size(max = 10000) String details) {

    /** What is reported: a review or a seller's response, by id. */
    @Schema(name = "TargetRef")
    public record Target(@NotNull String type, @NotNull @Size(max = 64) String id) {
    }
}
