package io.candor.tenant;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * {@code PATCH /api/v1/admin/tenants/{slug}}: every field optional; {@code publicKeys} and {@code signInOrigins}
 * replace their sets; an empty {@code audience} removes the requirement.
 */
public record UpdateTenantRequest(
        @Size(min = 1, max = 120) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String displayName,
        @Size(max = 10) List<@NotNull String> publicKeys,
        TenantPolicy policy,
        @Size(max = 300) String audience,
        @Size(max = 10) List<@NotNull String> signInOrigins) {
}
