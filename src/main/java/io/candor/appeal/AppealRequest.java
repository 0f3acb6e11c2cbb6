package io.candor.appeal;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** {@code POST /api/v1/appeals}: which decision, and why it was wrong. */
public record AppealRequest(@NotNull @Size(max = 64) String decision, @NotNull @Size(max = 20000) String grounds) {
}
