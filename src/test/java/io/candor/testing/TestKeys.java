package io.candor.testing;

/** Keys that tests hand to Candor where production takes them from the operator. Never used outside tests. */
public final class TestKeys {

    /** CANDOR_WEBHOOK_ENCRYPTION_KEY for runs against an external database: 32 bytes, base64. */
    public static final String WEBHOOK_ENCRYPTION_KEY = "dGVzdC1vbmx5LXdlYmhvb2sta2V5LTMyLWJ5dGVzISE=";

    private TestKeys() {
    }
}
