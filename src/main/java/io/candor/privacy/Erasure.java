package io.candor.privacy;

/** The answer to an erasure request: always {@code erased}, since erasing nothing twice is still done. */
public record Erasure(String status) {

    static final Erasure DONE = new Erasure("erased");
}
