package io.candor.common;

/** Role names as they appear in {@code @RolesAllowed} and in a token's {@code groups}. */
public final class Role {

    public static final String ADMIN = "admin";
    public static final String MARKETPLACE = "marketplace";
    public static final String BUYER = "buyer";
    public static final String SELLER = "seller";
    public static final String MODERATOR = "moderator";

    private Role() {
    }
}
