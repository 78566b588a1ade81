import java.awt.*;
import java.awt.geom.*;
import java.awt.image.BufferedImage;
import java.io.File;
import javax.imageio.ImageIO;

public class Icons {
    static String dir;
    interface Painter { void paint(Graphics2D g); }
    static void icon(String name, Painter p) throws Exception {
        for (int scale : new int[] {1, 2}) {
            BufferedImage img = new BufferedImage(16 * scale, 16 * scale, BufferedImage.TYPE_INT_ARGB);
            Graphics2D g = img.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.scale(scale, scale);
            p.paint(g);
            g.dispose();
            ImageIO.write(img, "png", new File(dir, name + (scale == 2 ? "@2x" : "") + ".png"));
        }
    }
    static void dot(Graphics2D g, Color c) {
        g.setColor(c);
        g.fill(new Ellipse2D.Double(3, 3, 10, 10));
        g.setColor(c.darker());
        g.setStroke(new BasicStroke(1f));
        g.draw(new Ellipse2D.Double(3, 3, 10, 10));
    }
    /** A network port: a rounded box with a notch, the tap symbol. */
    static void port(Graphics2D g, Color body) {
        g.setColor(body);
        g.fill(new RoundRectangle2D.Double(1.5, 3.5, 13, 10, 3, 3));
        g.setColor(body.darker().darker());
        g.setStroke(new BasicStroke(1f));
        g.draw(new RoundRectangle2D.Double(1.5, 3.5, 13, 10, 3, 3));
        g.setColor(Color.WHITE);
        g.fill(new Rectangle2D.Double(4, 6, 8, 5));
        g.fill(new Rectangle2D.Double(6, 11, 4, 1.5));
        g.setColor(new Color(0xC8A040));
        for (int i = 0; i < 4; i++) g.fill(new Rectangle2D.Double(4.5 + 2 * i, 6, 1, 2));
    }
    static void badge(Graphics2D g, Color c, String kind) {
        g.setColor(c);
        g.fill(new Ellipse2D.Double(8, 8, 8, 8));
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke(1.6f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        switch (kind) {
            case "plus" -> { g.draw(new Line2D.Double(12, 9.8, 12, 14.2)); g.draw(new Line2D.Double(9.8, 12, 14.2, 12)); }
            case "minus" -> g.draw(new Line2D.Double(9.8, 12, 14.2, 12));
            case "x" -> { g.draw(new Line2D.Double(10.3, 10.3, 13.7, 13.7)); g.draw(new Line2D.Double(13.7, 10.3, 10.3, 13.7)); }
            case "lock" -> { g.fill(new Rectangle2D.Double(10, 11.5, 4, 3)); g.setStroke(new BasicStroke(1f)); g.draw(new Arc2D.Double(10.5, 9.3, 3, 4, 0, 180, Arc2D.OPEN)); }
            case "open" -> { g.fill(new Rectangle2D.Double(10, 11.5, 4, 3)); g.setStroke(new BasicStroke(1f)); g.draw(new Arc2D.Double(11.5, 9, 3, 4, 0, 180, Arc2D.OPEN)); }
        }
    }
    public static void main(String[] a) throws Exception {
        dir = a[0];
        Color blue = new Color(0x3A76C4), green = new Color(0x2E9E44), amber = new Color(0xE08A00), gray = new Color(0x9A9A9A), red = new Color(0xC8322D);
        icon("tap_devices", g -> port(g, blue));
        icon("state_free", g -> dot(g, green));
        icon("state_held", g -> dot(g, amber));
        icon("state_down", g -> dot(g, gray));
        icon("state_mine", g -> { dot(g, blue); g.setColor(Color.WHITE); g.fill(new Ellipse2D.Double(6, 6, 4, 4)); });
        icon("tap_status", g -> {
            g.setColor(new Color(0xF4F7FB)); g.fill(new Rectangle2D.Double(1.5, 1.5, 13, 13));
            g.setColor(new Color(0x5A6B80)); g.setStroke(new BasicStroke(1f)); g.draw(new Rectangle2D.Double(1.5, 1.5, 13, 13));
            g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.setColor(green); g.draw(new Path2D.Double() {{ moveTo(3, 12); lineTo(6, 8); lineTo(8, 10); lineTo(13, 4); }});
            g.setColor(blue); g.draw(new Path2D.Double() {{ moveTo(3, 13); lineTo(7, 11); lineTo(10, 12); lineTo(13, 9); }});
        });
        icon("lease", g -> { port(g, blue); badge(g, green, "lock"); });
        icon("release", g -> { port(g, blue); badge(g, amber, "open"); });
        icon("create_tap", g -> { port(g, blue); badge(g, green, "plus"); });
        icon("delete_tap", g -> { port(g, blue); badge(g, red, "x"); });
        icon("pool_add", g -> {
            for (int i = 0; i < 3; i++) {
                double x = 0.5 + i * 2, y = i * 2.5;
                g.setColor(new Color(0x3A76C4).brighter()); g.fill(new RoundRectangle2D.Double(x, y + 2, 10, 6, 2, 2));
                g.setColor(new Color(0x244C80)); g.setStroke(new BasicStroke(1f)); g.draw(new RoundRectangle2D.Double(x, y + 2, 10, 6, 2, 2));
            }
            badge(g, green, "plus");
        });
        icon("pool_remove", g -> {
            for (int i = 0; i < 3; i++) {
                double x = 0.5 + i * 2, y = i * 2.5;
                g.setColor(new Color(0x3A76C4).brighter()); g.fill(new RoundRectangle2D.Double(x, y + 2, 10, 6, 2, 2));
                g.setColor(new Color(0x244C80)); g.setStroke(new BasicStroke(1f)); g.draw(new RoundRectangle2D.Double(x, y + 2, 10, 6, 2, 2));
            }
            badge(g, red, "minus");
        });
        icon("refresh", g -> {
            g.setColor(green); g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(new Arc2D.Double(3, 3, 10, 10, 60, 280, Arc2D.OPEN));
            g.fill(new Path2D.Double() {{ moveTo(9.5, 1.5); lineTo(13.5, 4.5); lineTo(9.2, 6.8); closePath(); }});
        });
        icon("pick", g -> { port(g, green); });
    }
}
