package io.candor.media;

import io.candor.common.ProblemException;
import io.candor.common.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Turns an uploaded photo into the two sizes Candor stores and serves, and nothing else of it.
 * <ol>
 *   <li>The format is recognised by its bytes (JPEG, PNG, WebP; ImageIO with TwelveMonkeys' JPEG and WebP readers).</li>
 *   <li>Width and height are read from the header and checked against the pixel and edge limits before a single
 *   pixel is decoded, so a decompression bomb (a small file announcing 50,000 x 50,000 pixels) costs nothing.</li>
 *   <li>The EXIF orientation is read from the raw bytes and applied to the pixels.</li>
 *   <li>Only the pixels are kept: both sizes are newly encoded JPEGs written without any metadata, so no EXIF (GPS
 *   position, camera serial, owner name), XMP, IPTC, ICC-embedded text, comment or embedded thumbnail of the upload
 *   can leave Candor. Transparency is flattened onto white.</li>
 * </ol>
 * Decoding is bounded per instance ({@link MediaConfig#concurrentDecodes()}): large photos are decoded with
 * subsampling to at most twice the display size, so one decode holds tens of megabytes, not hundreds.
 */
@ApplicationScoped
public class PhotoImages {

    static {
        ImageIO.setUseCache(false);
        ImageIO.scanForPlugins();
    }

    /** One stored size: JPEG bytes, their dimensions and their SHA-256 (hex), which names the object. */
    public record Rendition(byte[] bytes, int width, int height, String sha256) {
        public String contentType() {
            return "image/jpeg";
        }
    }

    /** What an upload became. */
    public record Processed(ImageFormat source, int sourceWidth, int sourceHeight, Rendition display, Rendition thumb) {
    }

    private final MediaConfig config;
    private final Semaphore decodes;

    @Inject
    public PhotoImages(MediaConfig config) {
        this.config = config;
        this.decodes = new Semaphore(Math.max(1, config.concurrentDecodes()), true);
    }

    public Processed process(byte[] data) {
        if (data == null || data.length == 0) {
            throw rejected("The photo is empty.");
        }
        if (data.length > config.maxUploadBytes()) {
            throw ProblemException.of(ProblemType.PAYLOAD_TOO_LARGE, "Photos are limited to " + config.maxUploadBytes() / (1024 * 1024) + " MiB.");
        }
        ImageFormat format = ImageFormat.sniff(data)
                .orElseThrow(() -> rejected("Send a JPEG, PNG or WebP photo; these bytes are none of them."));
        try {
            if (!decodes.tryAcquire(20, TimeUnit.SECONDS)) {
                throw ProblemException.of(ProblemType.UNAVAILABLE, "Too many photos are being processed; try again in a moment.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProblemException.of(ProblemType.UNAVAILABLE, "Interrupted.");
        }
        try {
            Decoded decoded = decode(format, data);
            int orientation = ExifOrientation.of(format, data);
            BufferedImage upright;
            try {
                upright = flatten(orient(decoded.image(), orientation));
            } catch (RuntimeException e) {
                // a decoder can hand back pixels in a layout Java2D cannot convert (a colour model it does not know, a
                // raster that does not match it): such a file is refused like one that does not decode
                throw rejected("The photo cannot be converted: it uses a colour layout Candor does not read.");
            }
            Rendition display = encode(scale(upright, config.displayEdge()));
            Rendition thumb = encode(scale(upright, config.thumbEdge()));
            boolean swaps = orientation >= 5;
            int w = swaps ? decoded.height() : decoded.width();
            int h = swaps ? decoded.width() : decoded.height();
            return new Processed(format, w, h, display, thumb);
        } finally {
            decodes.release();
        }
    }

    /** The decoded pixels (possibly subsampled) and the dimensions the header announced. */
    private record Decoded(BufferedImage image, int width, int height) {
    }

    private Decoded decode(ImageFormat format, byte[] data) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.readerName());
        if (!readers.hasNext()) {
            throw new IllegalStateException("no ImageIO reader for " + format);
        }
        ImageReader reader = readers.next();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
            reader.setInput(in, true, true);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            if (width <= 0 || height <= 0) {
                throw rejected("The photo has no pixels.");
            }
            if (width > config.maxEdge() || height > config.maxEdge() || (long) width * height > config.maxPixels()) {
                throw rejected("The photo is " + width + " x " + height + " pixels; photos may have at most " + config.maxPixels() / 1_000_000
                        + " megapixels and " + config.maxEdge() + " pixels a side.");
            }
            ImageReadParam param = reader.getDefaultReadParam();
            int step = Math.max(1, Math.max(width, height) / (2 * config.displayEdge()));
            if (step > 1) {
                param.setSourceSubsampling(step, step, 0, 0);
            }
            BufferedImage image = reader.read(0, param);
            if (image == null) {
                throw rejected("The photo cannot be decoded.");
            }
            return new Decoded(image, width, height);
        } catch (IOException | RuntimeException e) {
            if (e instanceof ProblemException p) {
                throw p;
            }
            throw rejected("The photo cannot be decoded: it is damaged or uses a variant of " + format.name() + " Candor does not read.");
        } finally {
            reader.dispose();
        }
    }

    /** Applies EXIF orientation 1..8 (TIFF 6.0: where row 0 and column 0 of the stored pixels belong) to the pixels. */
    static BufferedImage orient(BufferedImage src, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return src;
        }
        int w = src.getWidth();
        int h = src.getHeight();
        boolean swap = orientation >= 5;
        int ow = swap ? h : w;
        int oh = swap ? w : h;
        int[] in = src.getRGB(0, 0, w, h, null, 0, w);
        int[] out = new int[in.length];
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                int sx;
                int sy;
                switch (orientation) {
                    case 2 -> { sx = w - 1 - x; sy = y; }
                    case 3 -> { sx = w - 1 - x; sy = h - 1 - y; }
                    case 4 -> { sx = x; sy = h - 1 - y; }
                    case 5 -> { sx = y; sy = x; }
                    case 6 -> { sx = y; sy = h - 1 - x; }
                    case 7 -> { sx = w - 1 - y; sy = h - 1 - x; }
                    default -> { sx = w - 1 - y; sy = x; } // 8
                }
                out[y * ow + x] = in[sy * w + sx];
            }
        }
        BufferedImage result = new BufferedImage(ow, oh, src.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        result.setRGB(0, 0, ow, oh, out, 0, ow);
        return result;
    }

    /** Opaque RGB pixels: transparency on white, any colour model converted. */
    private static BufferedImage flatten(BufferedImage src) {
        if (src.getType() == BufferedImage.TYPE_INT_RGB) {
            return src;
        }
        BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.drawImage(src, 0, 0, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** Scales down (never up) to a longest side of {@code edge}, halving in steps for quality. */
    static BufferedImage scale(BufferedImage src, int edge) {
        int w = src.getWidth();
        int h = src.getHeight();
        if (Math.max(w, h) <= edge) {
            return src;
        }
        double ratio = (double) edge / Math.max(w, h);
        int targetW = Math.max(1, (int) Math.round(w * ratio));
        int targetH = Math.max(1, (int) Math.round(h * ratio));
        BufferedImage current = src;
        while (current.getWidth() / 2 >= targetW && current.getHeight() / 2 >= targetH) {
            current = resize(current, current.getWidth() / 2, current.getHeight() / 2);
        }
        return current.getWidth() == targetW && current.getHeight() == targetH ? current : resize(current, targetW, targetH);
    }

    private static BufferedImage resize(BufferedImage src, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(src, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** A baseline JPEG with nothing but a JFIF header and the pixels. */
    private Rendition encode(BufferedImage image) {
        ImageWriter writer = jpegWriter();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(config.jpegQuality());
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a JPEG", e);
        } finally {
            writer.dispose();
        }
        byte[] data = bytes.toByteArray();
        return new Rendition(data, image.getWidth(), image.getHeight(), sha256(data));
    }

    /** The JDK's own JPEG writer: it writes exactly the metadata it is given (none) and a JFIF header. */
    private static ImageWriter jpegWriter() {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        ImageWriter fallback = null;
        while (writers.hasNext()) {
            ImageWriter w = writers.next();
            if (w.getClass().getName().startsWith("com.sun.imageio")) {
                return w;
            }
            fallback = fallback == null ? w : fallback;
        }
        if (fallback == null) {
            throw new IllegalStateException("no JPEG writer");
        }
        return fallback;
    }

    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ProblemException rejected(String detail) {
        return ProblemException.of(ProblemType.IMAGE_REJECTED, detail);
    }
}
