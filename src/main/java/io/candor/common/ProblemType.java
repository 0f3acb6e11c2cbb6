package io.candor.common;

/** The problem types of the API contract, with their status and a human title. */
public enum ProblemType {
    VALIDATION("validation", 422, "The request has invalid fields"),
    UNKNOWN_FIELD("unknown-field", 400, "The request has a field Candor does not know"),
    MALFORMED_JSON("malformed-json", 400, "The request body is not valid JSON"),
    BAD_REQUEST("bad-request", 400, "The request cannot be understood"),
    UNAUTHENTICATED("unauthenticated", 401, "Missing or invalid credentials"),
    FORBIDDEN("forbidden", 403, "Not allowed for this caller"),
    NOT_ENTITLED("not-entitled", 403, "No completed transaction entitles this caller to that"),
    NOT_FOUND("not-found", 404, "Not found"),
    METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method not allowed on this resource"),
    NOT_ACCEPTABLE("not-acceptable", 406, "No acceptable representation"),
    ALREADY_EXISTS("already-exists", 409, "It already exists"),
    CONFLICT("conflict", 409, "The request conflicts with the current state"),
    PRECONDITION_FAILED("precondition-failed", 412, "The resource changed since you read it"),
    PRECONDITION_REQUIRED("precondition-failed", 428, "This change needs an If-Match header"),
    PAYLOAD_TOO_LARGE("payload-too-large", 413, "The request body is too large"),
    URI_TOO_LONG("uri-too-long", 414, "The request address is too long"),
    HEADERS_TOO_LARGE("headers-too-large", 431, "The request headers are too large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "Send application/json"),
    IMAGE_REJECTED("image-rejected", 422, "The photo cannot be accepted"),
    WINDOW_CLOSED("window-closed", 422, "The time window for this has closed"),
    RATE_LIMITED("rate-limited", 429, "Too many requests"),
    /** Anonymous reviews (docs/anonymous-reviews.md): a transaction line gets one token, ever. */
    TOKEN_ALREADY_ISSUED("token-already-issued", 409, "This purchase's anonymous-review token was issued already"),
    /** The blinded message was made for a key that is no longer the subject's current one (the month changed). */
    TOKEN_KEY_CHANGED("token-key-changed", 409, "The subject's token key changed; fetch it again and blind anew"),
    TOKEN_SPENT("token-spent", 409, "This anonymous-review token was used already"),
    TOKEN_WRONG_SUBJECT("token-wrong-subject", 422, "This anonymous-review token is for another subject"),
    TOKEN_EXPIRED("token-expired", 422, "This anonymous-review token's month has passed"),
    TOKEN_INVALID("token-invalid", 422, "This is not a valid anonymous-review token"),
    INTERNAL("internal", 500, "Something went wrong on our side"),
    UNAVAILABLE("unavailable", 503, "Candor is temporarily unavailable"),
    /** A change whose transaction the database did not confirm: retry it (a POST with the same Idempotency-Key). */
    OUTCOME_UNKNOWN("outcome-unknown", 503, "The change may or may not have been saved; send it again");

    private final String code;
    private final int status;
    private final String title;

    ProblemType(String code, int status, String title) {
        this.code = code;
        this.status = status;
        this.title = title;
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
