package io.candor.appeal;

import jakarta.validation.constraints.Size;

/** {@code POST /api/v1/moderation/appeals/{id}/decision}: {@code upheld} or {@code overturned}, with the reasons. */
public record AppealDecisionRequest(String outcome, @Size(max = 20000) String statement) {
}
