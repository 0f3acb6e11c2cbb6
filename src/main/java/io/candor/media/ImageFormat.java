package io.candor.media;

import java.util.Optional;

/** The photo formats Candor takes, recognised by their first bytes only: never by a file name or a declared content type. */
public enum ImageFormat {
    JPEG("jpeg"),
    PNG("png"),
    WEBP("webp");

    private final String readerName;

    ImageFormat(String readerName) {
        this.readerName = readerName;
    }

    /** The ImageIO format name of its reader. */
    public String readerName() {
        return readerName;
    }

    /** The format these bytes are, by their signature; empty for anything else (GIF, SVG, HEIC, a PDF, text…). */
    public static Optional<ImageFormat> sniff(byte[] data) {
        if (data.length >= 3 && (data[0] & 0xff) == 0xFF && (data[1] & 0xff) == 0xD8 && (data[2] & 0xff) == 0xFF) {
            return Optional.of(JPEG);
        }
        if (data.length >= 8 && (data[0] & 0xff) == 0x89 && data[1] == 'P' && data[2] == 'N' && data[3] == 'G'
                && data[4] == 0x0D && data[5] == 0x0A && data[6] == 0x1A && data[7] == 0x0A) {
            return Optional.of(PNG);
        }
        if (data.length >= 12 && data[0] == 'R' && data[1] == 'I' && data[2] == 'F' && data[3] == 'F'
                && data[8] == 'W' && data[9] == 'E' && data[10] == 'B' && data[11] == 'P') {
            return Optional.of(WEBP);
        }
        return Optional.empty();
    }
}
