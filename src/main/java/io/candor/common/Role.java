package io.candor.common;

/** Role names as they appear in {@code @RolesAllowed} and in a token's {@code groups}. */
public final class Role {

    public static final String ADMIN = "admin";
    public static final String MARKETPLACE = "marketplace";
    public static final String BUYER = "buyer";
    public static final String SELLER = "seller";
    public static final String MODERATOR = "moderator";
    /**
     * The holder of an anonymous review's author secret: may read, edit and withdraw that review, read its notices and
     * appeal decisions on it, and nothing else (no new review, vote or report under the pseudonym).
     */
    public static final String AUTHOR = "author";

    private Role() {
    }
}
