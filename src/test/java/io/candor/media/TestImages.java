package io.candor.media;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Generated photos that carry the metadata a phone camera writes: EXIF with a GPS position, the camera's serial
 * number and its owner's name, XMP and a comment. The values are markers that no re-encoded photo may contain.
 * Nothing here is anybody's data: the position is a point in the sea, the names are markers.
 */
public final class TestImages {

    public static final String SERIAL = "SERIAL-MARKER-90210";
    public static final String OWNER = "OWNER-MARKER-NAME";
    public static final String XMP = "XMP-MARKER-CREATOR";
    public static final String COMMENT = "COMMENT-MARKER-TEXT";
    public static final String MAKE = "MakeMarkerCam";
    /** Every marker a stripped photo must not contain. */
    public static final List<String> MARKERS = List.of(SERIAL, OWNER, XMP, COMMENT, MAKE, "Exif", "http://ns.adobe.com/xap/1.0/", "GPS");

    private TestImages() {
    }

    /**
     * A test card: four coloured quadrants (red top left, green top right, blue bottom left, yellow bottom right), so
     * that orientation and pixels can be checked after re-encoding.
     */
    public static BufferedImage card(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, width / 2, height / 2);
        g.setColor(Color.GREEN);
        g.fillRect(width / 2, 0, width - width / 2, height / 2);
        g.setColor(Color.BLUE);
        g.fillRect(0, height / 2, width / 2, height - height / 2);
        g.setColor(Color.YELLOW);
        g.fillRect(width / 2, height / 2, width - width / 2, height - height / 2);
        g.dispose();
        return image;
    }

    public static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A JPEG of {@code image} with EXIF (orientation, make, serial, owner, GPS), XMP and a comment after its SOI. */
    public static byte[] jpegWithMetadata(BufferedImage image, int orientation) {
        byte[] plain = encode(image, "jpeg");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(plain, 0, 2); // SOI
        byte[] exif = concat("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), tiff(orientation));
        segment(out, 0xE1, exif);
        segment(out, 0xE1, concat("http://ns.adobe.com/xap/1.0/\0".getBytes(StandardCharsets.ISO_8859_1), xmp().getBytes(StandardCharsets.UTF_8)));
        segment(out, 0xFE, COMMENT.getBytes(StandardCharsets.US_ASCII));
        out.write(plain, 2, plain.length - 2);
        return out.toByteArray();
    }

    /** A PNG of {@code image} with eXIf, an XMP iTXt and a tEXt comment after its IHDR. */
    public static byte[] pngWithMetadata(BufferedImage image, int orientation) {
        byte[] plain = encode(image, "png");
        int ihdrEnd = 8 + 12 + 13;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(plain, 0, ihdrEnd);
        chunk(out, "eXIf", tiff(orientation));
        chunk(out, "tEXt", ("Comment\0" + COMMENT).getBytes(StandardCharsets.ISO_8859_1));
        chunk(out, "iTXt", concat("XML:com.adobe.xmp\0\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1), xmp().getBytes(StandardCharsets.UTF_8)));
        out.write(plain, ihdrEnd, plain.length - ihdrEnd);
        return out.toByteArray();
    }

    /** A 1 x 1 lossy WebP (VP8), the smallest there is. */
    public static final byte[] WEBP_1X1 = Base64.getDecoder().decode("UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA");

    /** That WebP in the extended format, with EXIF and XMP chunks. */
    public static byte[] webpWithMetadata() {
        byte[] vp8 = java.util.Arrays.copyOfRange(WEBP_1X1, 12, WEBP_1X1.length); // "VP8 " chunk
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("WEBP".getBytes(StandardCharsets.US_ASCII));
        byte[] vp8x = new byte[10];
        vp8x[0] = 0x08 | 0x04; // EXIF and XMP present
        // canvas 1 x 1: width-1 and height-1 as 24-bit little endian zeros
        riffChunk(body, "VP8X", vp8x);
        body.writeBytes(vp8);
        riffChunk(body, "EXIF", tiff(1));
        riffChunk(body, "XMP ", xmp().getBytes(StandardCharsets.UTF_8));
        byte[] content = body.toByteArray();
        ByteBuffer riff = ByteBuffer.allocate(8 + content.length).order(ByteOrder.LITTLE_ENDIAN);
        riff.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(content.length).put(content);
        return riff.array();
    }

    static String xmp() {
        return "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
                + "<rdf:Description xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:creator>" + XMP + "</dc:creator>"
                + "</rdf:Description></rdf:RDF></x:xmpmeta>";
    }

    /** A big-endian TIFF block: IFD0 (make, orientation, Exif and GPS pointers), Exif IFD (owner, serial), GPS IFD. */
    static byte[] tiff(int orientation) {
        Ifd ifd0 = new Ifd();
        Ifd exif = new Ifd();
        Ifd gps = new Ifd();
        ifd0.ascii(0x010F, MAKE);
        ifd0.shortValue(0x0112, orientation);
        exif.ascii(0xA430, OWNER);
        exif.ascii(0xA431, SERIAL);
        gps.ascii(0x0001, "N");
        gps.rationals(0x0002, 54, 1, 30, 1, 0, 1); // a point in the North Sea
        gps.ascii(0x0003, "E");
        gps.rationals(0x0004, 4, 1, 0, 1, 0, 1);
        int ifd0At = 8;
        int exifAt = ifd0At + ifd0.size() + 24; // the two pointer entries are added below
        ifd0.longValue(0x8769, 0);
        ifd0.longValue(0x8825, 0);
        exifAt = ifd0At + ifd0.size();
        int gpsAt = exifAt + exif.size();
        int dataAt = gpsAt + gps.size();
        ifd0.setLong(0x8769, exifAt);
        ifd0.setLong(0x8825, gpsAt);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        byte[] a = ifd0.write(ifd0At, dataAt, data);
        byte[] b = exif.write(exifAt, dataAt, data);
        byte[] c = gps.write(gpsAt, dataAt, data);
        ByteBuffer out = ByteBuffer.allocate(dataAt + data.size()).order(ByteOrder.BIG_ENDIAN);
        out.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(ifd0At);
        out.put(a).put(b).put(c).put(data.toByteArray());
        return out.array();
    }

    /** One IFD: entries (tag, type, count, value bytes), written with its values inline or in the data area. */
    static final class Ifd {
        private final List<Object[]> entries = new ArrayList<>();

        void ascii(int tag, String text) {
            entries.add(new Object[] {tag, 2, text.length() + 1, (text + "\0").getBytes(StandardCharsets.US_ASCII)});
        }

        void shortValue(int tag, int value) {
            entries.add(new Object[] {tag, 3, 1, new byte[] {(byte) (value >> 8), (byte) value}});
        }

        void longValue(int tag, int value) {
            entries.add(new Object[] {tag, 4, 1, ByteBuffer.allocate(4).putInt(value).array()});
        }

        void setLong(int tag, int value) {
            for (Object[] e : entries) {
                if ((int) e[0] == tag) {
                    e[3] = ByteBuffer.allocate(4).putInt(value).array();
                }
            }
        }

        void rationals(int tag, int... parts) {
            ByteBuffer b = ByteBuffer.allocate(parts.length * 4);
            for (int p : parts) {
                b.putInt(p);
            }
            entries.add(new Object[] {tag, 5, parts.length / 2, b.array()});
        }

        int size() {
            return 2 + entries.size() * 12 + 4;
        }

        byte[] write(int at, int dataAt, ByteArrayOutputStream data) {
            entries.sort(java.util.Comparator.comparingInt(e -> (int) e[0]));
            ByteBuffer b = ByteBuffer.allocate(size()).order(ByteOrder.BIG_ENDIAN);
            b.putShort((short) entries.size());
            for (Object[] e : entries) {
                byte[] value = (byte[]) e[3];
                b.putShort((short) (int) e[0]).putShort((short) (int) e[1]).putInt((int) e[2]);
                if (value.length <= 4) {
                    b.put(java.util.Arrays.copyOf(value, 4));
                } else {
                    b.putInt(dataAt + data.size());
                    data.writeBytes(value);
                    if ((value.length & 1) == 1) {
                        data.write(0);
                    }
                }
            }
            b.putInt(0);
            return b.array();
        }
    }

    private static void segment(ByteArrayOutputStream out, int marker, byte[] payload) {
        out.write(0xFF);
        out.write(marker);
        int length = payload.length + 2;
        out.write(length >> 8);
        out.write(length & 0xff);
        out.writeBytes(payload);
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(12 + data.length).order(ByteOrder.BIG_ENDIAN);
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        b.putInt(data.length).put(typeBytes).put(data).putInt((int) crc.getValue());
        out.writeBytes(b.array());
    }

    private static void riffChunk(ByteArrayOutputStream out, String type, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(8 + data.length + (data.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
        b.put(type.getBytes(StandardCharsets.US_ASCII)).putInt(data.length).put(data);
        out.writeBytes(b.array());
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Whether the bytes contain the text (ISO-8859-1, so any byte sequence can be searched). */
    public static boolean contains(byte[] data, String text) {
        return new String(data, StandardCharsets.ISO_8859_1).contains(text);
    }

    /** A PNG header announcing {@code width} x {@code height} pixels, followed by a few bytes of nothing: a decompression bomb's shape. */
    public static byte[] pngAnnouncing(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }
}
