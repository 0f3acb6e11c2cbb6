package io.candor.media;

import java.nio.charset.StandardCharsets;

/**
 * The EXIF orientation of a photo (TIFF tag 0x0112, 1..8), found where each format keeps its EXIF block: a JPEG's
 * APP1 "Exif" segment, a PNG's eXIf chunk, a WebP's EXIF chunk. Read from the raw bytes, before anything is decoded,
 * so that the pixels can be turned upright before the metadata is thrown away. 1 (upright) when there is none or it
 * cannot be read: a broken EXIF block never refuses a photo.
 */
final class ExifOrientation {

    private ExifOrientation() {
    }

    static int of(ImageFormat format, byte[] data) {
        try {
            int tiff = switch (format) {
                case JPEG -> jpegExif(data);
                case PNG -> pngExif(data);
                case WEBP -> webpExif(data);
            };
            if (tiff < 0) {
                return 1;
            }
            int orientation = tiffOrientation(data, tiff);
            return orientation >= 1 && orientation <= 8 ? orientation : 1;
        } catch (RuntimeException e) {
            return 1;
        }
    }

    /** Offset of the TIFF header inside a JPEG's APP1 Exif segment, or -1. */
    private static int jpegExif(byte[] d) {
        int i = 2;
        while (i + 4 <= d.length) {
            if ((d[i] & 0xff) != 0xFF) {
                return -1;
            }
            int marker = d[i + 1] & 0xff;
            if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
                i += 2;
                continue;
            }
            if (marker == 0xDA || marker == 0xD9) {
                return -1; // image data starts: no EXIF before it
            }
            int length = ((d[i + 2] & 0xff) << 8) | (d[i + 3] & 0xff);
            if (marker == 0xE1 && length >= 8 && i + 10 <= d.length
                    && new String(d, i + 4, 6, StandardCharsets.ISO_8859_1).equals("Exif\0\0")) {
                return i + 10;
            }
            i += 2 + length;
        }
        return -1;
    }

    private static int pngExif(byte[] d) {
        int i = 8;
        while (i + 8 <= d.length) {
            int length = readInt(d, i, true);
            String type = new String(d, i + 4, 4, StandardCharsets.ISO_8859_1);
            if (type.equals("eXIf")) {
                return i + 8;
            }
            if (type.equals("IDAT") || length < 0) {
                return -1;
            }
            i += 12 + length;
        }
        return -1;
    }

    private static int webpExif(byte[] d) {
        int i = 12;
        while (i + 8 <= d.length) {
            String type = new String(d, i, 4, StandardCharsets.ISO_8859_1);
            int length = readInt(d, i + 4, false);
            if (type.equals("EXIF")) {
                int start = i + 8;
                // some writers keep the JPEG "Exif\0\0" prefix inside the chunk
                if (start + 6 <= d.length && new String(d, start, 6, StandardCharsets.ISO_8859_1).equals("Exif\0\0")) {
                    start += 6;
                }
                return start;
            }
            if (length < 0) {
                return -1;
            }
            i += 8 + length + (length & 1);
        }
        return -1;
    }

    private static int tiffOrientation(byte[] d, int tiff) {
        boolean bigEndian;
        if (d[tiff] == 'M' && d[tiff + 1] == 'M') {
            bigEndian = true;
        } else if (d[tiff] == 'I' && d[tiff + 1] == 'I') {
            bigEndian = false;
        } else {
            return 1;
        }
        int ifd = tiff + readInt(d, tiff + 4, bigEndian);
        int entries = readShort(d, ifd, bigEndian);
        for (int e = 0; e < entries; e++) {
            int entry = ifd + 2 + e * 12;
            if (readShort(d, entry, bigEndian) == 0x0112) {
                return readShort(d, entry + 8, bigEndian);
            }
        }
        return 1;
    }

    private static int readShort(byte[] d, int at, boolean bigEndian) {
        int a = d[at] & 0xff;
        int b = d[at + 1] & 0xff;
        return bigEndian ? (a << 8) | b : (b << 8) | a;
    }

    private static int readInt(byte[] d, int at, boolean bigEndian) {
        int v = 0;
        for (int k = 0; k < 4; k++) {
            int b = d[at + (bigEndian ? k : 3 - k)] & 0xff;
            v = (v << 8) | b;
        }
        return v;
    }
}
