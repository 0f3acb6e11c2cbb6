package io.candor.anonymous;

import io.candor.review.Aspects;
import io.candor.review.SubjectRef;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The request bodies of anonymous reviews. */
public final class AnonymousRequests {

    private AnonymousRequests() {
    }

    /** {@code POST /api/v1/anonymous/keys}: the subject's current key, for a buyer entitled to a token for it. */
    public record KeyRequest(@NotNull @Size(min = 1, max = 64) String transaction, @NotNull @Valid SubjectRef subject) {
    }

    /** {@code POST /api/v1/anonymous/tokens}: a blinded message to sign for one line of a completed transaction. */
    public record TokenRequest(@NotNull @Size(min = 1, max = 64) String transaction, @NotNull @Valid SubjectRef subject,
                               @NotNull @Size(min = 43, max = 43) String keyId, @NotNull @Size(min = 1, max = 800) String blindedMessage) {
    }

    /** A finalized token: the prepared message (prefix and text) and its signature, base64url. */
    public record Token(@Size(max = 7) String epoch, @NotNull @Size(min = 1, max = 600) String message, @NotNull @Size(min = 1, max = 800) String signature) {
    }

    /** {@code POST /api/v1/public/{tenant}/anonymous/reviews}: a review written with a token, with no credential. */
    public record RedeemRequest(@NotNull @Valid SubjectRef subject, @NotNull @Valid Token token,
                                @NotNull @Min(1) @Max(5) Integer rating, String title, @NotNull String body, @Valid Aspects aspects,
                                String incentive,
                                /** Optional: 32 random bytes (base64url) chosen by the client, so that a retry finds its review. */
                                @Size(min = 43, max = 43) String authorSecret) {
    }
}
