package io.candor.transaction;

import java.util.Arrays;
import java.util.Optional;

/**
 * What the author of a review received for writing it (the FTC rule on consumer reviews, 16 CFR 465, and the EU's
 * unfair commercial practices rules ask that it be disclosed). A buyer declares it on the review; a marketplace that
 * gave something declares it on the transaction, and the author cannot take that back.
 */
public enum Incentive {
    NONE("none"),
    FREE_PRODUCT("free_product"),
    DISCOUNT("discount"),
    PAYMENT("payment");

    /** The codes a request may carry, for validation messages and {@code @Pattern}s. */
    public static final String PATTERN = "none|free_product|discount|payment";
    public static final String MESSAGE = "must be one of none, free_product, discount, payment";

    private final String code;

    Incentive(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public boolean given() {
        return this != NONE;
    }

    public static Optional<Incentive> parse(String code) {
        return code == null ? Optional.empty() : Arrays.stream(values()).filter(i -> i.code.equals(code)).findFirst();
    }
}
