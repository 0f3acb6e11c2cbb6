package io.candor.media;

import io.candor.common.ProblemException;
import io.candor.common.ProblemType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #14: photos are recognised by their bytes, bombs are refused from the header, orientation is applied, and no
 * metadata of the upload survives in either stored size, while the pixels still match.
 */
class PhotoImagesTest {

    static MediaConfig config(long maxBytes, long maxPixels) {
        return new MediaConfig() {
            public long maxUploadBytes() { return maxBytes; }
            public long maxPixels() { return maxPixels; }
            public int maxEdge() { return 12000; }
            public int displayEdge() { return 1600; }
            public int thumbEdge() { return 400; }
            public float jpegQuality() { return 0.9f; }
            public int concurrentDecodes() { return 2; }
            public Duration uploadExpiry() { return Duration.ofHours(24); }
            public Duration cleanupInterval() { return Duration.ofMinutes(1); }
            public String store() { return "filesystem"; }
            public Optional<String> directory() { return Optional.empty(); }
            public Optional<String> s3Endpoint() { return Optional.empty(); }
            public String s3Region() { return "us-east-1"; }
            public Optional<String> s3Bucket() { return Optional.empty(); }
            public boolean s3PathStyle() { return false; }
            public Optional<String> s3AccessKeyId() { return Optional.empty(); }
            public Optional<String> s3SecretAccessKey() { return Optional.empty(); }
        };
    }

    final PhotoImages images = new PhotoImages(config(10 * 1024 * 1024, 24_000_000));

    static BufferedImage decode(byte[] jpeg) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(jpeg));
    }

    static void assertStripped(byte[] out) {
        for (String marker : TestImages.MARKERS) {
            assertFalse(TestImages.contains(out, marker), "the stored photo still holds " + marker);
        }
        // segment by segment up to the image data: only SOI, JFIF (APP0), quantisation/huffman tables, SOF and SOS
        int i = 2;
        while (i + 4 <= out.length) {
            int marker = out[i + 1] & 0xff;
            assertFalse(marker >= 0xE1 && marker <= 0xEF, "an APPn segment survived: " + Integer.toHexString(marker));
            assertFalse(marker == 0xFE, "a comment survived");
            if (marker == 0xDA) {
                break;
            }
            i += 2 + (((out[i + 2] & 0xff) << 8) | (out[i + 3] & 0xff));
        }
    }

    /** Mean absolute difference per channel between two images of the same size, 0..255. */
    static double difference(BufferedImage a, BufferedImage b) {
        assertEquals(a.getWidth(), b.getWidth());
        assertEquals(a.getHeight(), b.getHeight());
        long sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                sum += Math.abs(((p >> 16) & 0xff) - ((q >> 16) & 0xff)) + Math.abs(((p >> 8) & 0xff) - ((q >> 8) & 0xff)) + Math.abs((p & 0xff) - (q & 0xff));
            }
        }
        return sum / (3.0 * a.getWidth() * a.getHeight());
    }

    @Test
    void aJpegWithGpsSerialOwnerXmpAndCommentLosesThemAllAndKeepsItsPixels() throws IOException {
        BufferedImage card = TestImages.card(640, 480);
        byte[] upload = TestImages.jpegWithMetadata(card, 1);
        for (String marker : new String[] {TestImages.SERIAL, TestImages.OWNER, TestImages.XMP, TestImages.COMMENT}) {
            assertTrue(TestImages.contains(upload, marker), "the fixture carries " + marker);
        }
        PhotoImages.Processed p = images.process(upload);
        assertEquals(ImageFormat.JPEG, p.source());
        assertStripped(p.display().bytes());
        assertStripped(p.thumb().bytes());
        BufferedImage display = decode(p.display().bytes());
        assertEquals(640, display.getWidth());
        assertTrue(difference(card, display) < 3, "the pixels match");
        assertEquals(400, p.thumb().width());
        assertEquals(300, p.thumb().height());
        assertEquals(PhotoImages.sha256(p.display().bytes()), p.display().sha256());
    }

    @Test
    void aPngWithExifXmpAndTextLosesThemAndIsServedAsJpeg() throws IOException {
        BufferedImage card = TestImages.card(300, 200);
        byte[] upload = TestImages.pngWithMetadata(card, 1);
        PhotoImages.Processed p = images.process(upload);
        assertEquals(ImageFormat.PNG, p.source());
        assertStripped(p.display().bytes());
        assertTrue(difference(card, decode(p.display().bytes())) < 3);
    }

    @Test
    void aWebpWithExifAndXmpIsReadAndLosesThem() throws IOException {
        byte[] upload = TestImages.webpWithMetadata();
        assertTrue(TestImages.contains(upload, TestImages.SERIAL));
        PhotoImages.Processed p = images.process(upload);
        assertEquals(ImageFormat.WEBP, p.source());
        assertStripped(p.display().bytes());
        assertEquals(1, decode(p.display().bytes()).getWidth());
        PhotoImages.Processed plain = images.process(TestImages.WEBP_1X1);
        assertEquals(1, plain.display().height());
    }

    /** Each EXIF orientation turns the stored pixels upright: red must end up top left. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void orientationIsAppliedBeforeTheMetadataGoes(int orientation) throws IOException {
        BufferedImage upright = TestImages.card(200, 100);
        BufferedImage stored = PhotoImages.orient(upright, inverse(orientation)); // what a camera would have written
        for (byte[] upload : new byte[][] {TestImages.jpegWithMetadata(stored, orientation), TestImages.pngWithMetadata(stored, orientation)}) {
            PhotoImages.Processed p = images.process(upload);
            BufferedImage out = decode(p.display().bytes());
            assertEquals(200, out.getWidth(), "orientation " + orientation);
            assertEquals(100, out.getHeight());
            assertTrue(difference(upright, out) < 4, "orientation " + orientation + " upright");
            assertEquals(200, p.sourceWidth());
        }
    }

    /** The orientation whose transform undoes {@code o}'s (rotations 6 and 8 are each other's inverse; the rest are their own). */
    static int inverse(int o) {
        return o == 6 ? 8 : o == 8 ? 6 : o;
    }

    @Test
    void aDecompressionBombIsRefusedFromItsHeader() {
        byte[] bomb = TestImages.pngAnnouncing(50_000, 50_000);
        assertTrue(bomb.length < 100);
        ProblemException e = assertThrows(ProblemException.class, () -> images.process(bomb));
        assertEquals(ProblemType.IMAGE_REJECTED, e.type());
        assertTrue(e.getMessage().contains("50000 x 50000"), e.getMessage());
        PhotoImages small = new PhotoImages(config(10 * 1024 * 1024, 10_000));
        assertEquals(ProblemType.IMAGE_REJECTED, assertThrows(ProblemException.class,
                () -> small.process(TestImages.encode(TestImages.card(200, 100), "png"))).type());
    }

    @Test
    void formatsAreRecognisedByTheirBytesOnly() {
        byte[] gif = TestImages.encode(TestImages.card(10, 10), "gif");
        assertEquals(ProblemType.IMAGE_REJECTED, assertThrows(ProblemException.class, () -> images.process(gif)).type());
        byte[] svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"/>".getBytes();
        assertEquals(ProblemType.IMAGE_REJECTED, assertThrows(ProblemException.class, () -> images.process(svg)).type());
        assertEquals(ProblemType.IMAGE_REJECTED, assertThrows(ProblemException.class, () -> images.process(new byte[0])).type());
        byte[] jpeg = TestImages.encode(TestImages.card(10, 10), "jpeg");
        byte[] truncated = java.util.Arrays.copyOf(jpeg, 40);
        assertEquals(ProblemType.IMAGE_REJECTED, assertThrows(ProblemException.class, () -> images.process(truncated)).type());
        PhotoImages tiny = new PhotoImages(config(100, 24_000_000));
        assertEquals(ProblemType.PAYLOAD_TOO_LARGE, assertThrows(ProblemException.class, () -> tiny.process(jpeg)).type());
    }

    @Test
    void transparencyIsFlattenedOntoWhite() throws IOException {
        BufferedImage clear = new BufferedImage(20, 20, BufferedImage.TYPE_INT_ARGB);
        clear.setRGB(0, 0, new Color(255, 0, 0, 255).getRGB());
        PhotoImages.Processed p = images.process(TestImages.encode(clear, "png"));
        BufferedImage out = decode(p.display().bytes());
        Color corner = new Color(out.getRGB(19, 19));
        assertTrue(corner.getRed() > 240 && corner.getGreen() > 240 && corner.getBlue() > 240, corner.toString());
    }

    @Test
    void largePhotosAreScaledToTheDisplayAndThumbnailSizes() throws IOException {
        PhotoImages.Processed p = images.process(TestImages.encode(TestImages.card(4000, 3000), "jpeg"));
        assertEquals(1600, p.display().width());
        assertEquals(1200, p.display().height());
        assertEquals(400, p.thumb().width());
        assertEquals(4000, p.sourceWidth());
        assertTrue(difference(TestImages.card(1600, 1200), decode(p.display().bytes())) < 4);
    }
}
