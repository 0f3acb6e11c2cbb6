package io.candor.demo;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Photos for the demo's reviews, drawn rather than shipped: a table top, a soft shadow and the product as a simple
 * shape in a colour of its own. Shapes only, no text, so nothing depends on the fonts of the machine.
 */
final class DemoPhotos {

    private DemoPhotos() {
    }

    static byte[] of(DemoMarketplace.Product product, int seed) {
        int w = 1200;
        int h = 900;
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            float hue = (Math.abs(product.ref().hashCode()) % 360) / 360f;
            g.setPaint(new GradientPaint(0, 0, Color.getHSBColor(hue, 0.08f, 0.97f), 0, h * 0.6f, Color.getHSBColor(hue, 0.12f, 0.85f)));
            g.fillRect(0, 0, w, h);
            g.setPaint(new GradientPaint(0, h * 0.62f, new Color(0x8d6e63), 0, h, new Color(0x5d4037)));
            g.fillRect(0, (int) (h * 0.62), w, h);
            g.setColor(new Color(0, 0, 0, 60));
            g.fill(new Ellipse2D.Double(w * 0.28, h * 0.66, w * 0.44, h * 0.08));
            Color body = Color.getHSBColor(hue, 0.55f, 0.75f - (seed % 3) * 0.1f);
            g.setColor(body);
            g.fill(new RoundRectangle2D.Double(w * 0.36, h * 0.3, w * 0.28, h * 0.38, 60, 60));
            g.setColor(body.darker());
            g.setStroke(new BasicStroke(14));
            g.drawLine((int) (w * 0.5), (int) (h * 0.3), (int) (w * 0.5), (int) (h * 0.14));
            g.setColor(Color.getHSBColor((hue + 0.5f) % 1f, 0.4f, 0.95f));
            g.fill(new Ellipse2D.Double(w * 0.42, h * 0.08, w * 0.16, h * 0.12));
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
