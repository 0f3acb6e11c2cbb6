package io.candor.tenant;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/** {@code POST /api/v1/admin/tenants}. */
public record CreateTenantRequest(
        @NotNull @Pattern(regexp = "[a-z0-9][a-z0-9-]{1,39}", message = "must be 2..40 characters of a-z 0-9 -, starting with a letter or digit") String slug,
        @NotBlank @Size(max = 120) String displayName,
        @NotBlank @Size(max = 300) String issuer,
        @Size(max = 10) List<@NotNull String> publicKeys,
        TenantPolicy policy,
        @Size(min = 1, max = 300) String audience,
        @Size(max = 10) List<@NotNull String> signInOrigins) {
}
