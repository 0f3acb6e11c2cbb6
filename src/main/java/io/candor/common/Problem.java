package io.candor.common;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** RFC 9457 problem details as Candor answers them: {@code type} is {@code /problems/<code>}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(ProblemType type, String detail, List<FieldError> errors) {
        return new Problem("/problems/" + type.code(), type.title(), type.status(), detail,
                errors == null || errors.isEmpty() ? null : List.copyOf(errors));
    }
}
