package io.candor.review;

import com.fasterxml.jackson.annotation.JsonIgnore;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** Seller review aspects, each 1..5 and each optional. */
public record Aspects(
        @Min(1) @Max(5) Integer asDescribed,
        @Min(1) @Max(5) Integer communication,
        @Min(1) @Max(5) Integer delivery) {

    @JsonIgnore
    public boolean isEmpty() {
        return asDescribed == null && communication == null && delivery == null;
    }

    /** This set with the given ones replacing what they set. */
    public Aspects merge(Aspects patch) {
        if (patch == null) {
            return this;
        }
        return new Aspects(patch.asDescribed != null ? patch.asDescribed : asDescribed,
                patch.communication != null ? patch.communication : communication,
                patch.delivery != null ? patch.delivery : delivery);
    }
}
