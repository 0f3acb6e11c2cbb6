package io.candor.review;

import java.time.Instant;

/**
 * An uploaded photo, re-encoded and waiting to be attached to a review by its id (it is deleted at {@code expiresAt}
 * if it is not). Width and height are the display size's, after the EXIF orientation was applied.
 */
public record PhotoUpload(String id, String status, int width, int height, Size thumb, int bytes, Instant expiresAt) {

    public record Size(int width, int height) {
    }
}
