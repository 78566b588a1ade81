package org.taplease.ui.internal.views;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.taplease.ui.internal.Rates;

/**
 * Two small line charts drawn with SWT's GC: bytes per second and packets per second, RX (from the guest) and TX (to
 * the guest), over the last {@link #WINDOW_SECONDS} seconds. Carrier changes are marked as vertical lines. (Colors
 * made from RGB hold no OS resource: nothing to dispose.)
 */
public final class ThroughputChart extends Canvas {

    public static final int WINDOW_SECONDS = 300;
    static final int MIN_SPAN_SECONDS = 30;

    /** One point of the chart. */
    public record Point2(long millis, Rates rates, boolean carrierChanged) {
    }

    private final ArrayDeque<Point2> points = new ArrayDeque<>();
    private final Color rx;
    private final Color tx;
    private final Color grid;
    private final Color marker;

    public ThroughputChart(Composite parent) {
        super(parent, SWT.DOUBLE_BUFFERED);
        rx = new Color(new RGB(0x2E, 0x9E, 0x44));
        tx = new Color(new RGB(0x3A, 0x76, 0xC4));
        grid = new Color(new RGB(0xE2, 0xE6, 0xEB));
        marker = new Color(new RGB(0xE0, 0x8A, 0x00));
        addPaintListener(e -> paint(e.gc));
        addListener(SWT.Resize, e -> redraw());
    }

    /** Adds a point and drops those older than the window. */
    public void add(Point2 p) {
        points.addLast(p);
        while (!points.isEmpty() && points.getFirst().millis() < p.millis() - WINDOW_SECONDS * 1000L) {
            points.removeFirst();
        }
        redraw();
    }

    public void clear() {
        points.clear();
        redraw();
    }

    /** The points shown (tests). */
    public List<Point2> points() {
        return new ArrayList<>(points);
    }

    @Override
    public Point computeSize(int wHint, int hHint, boolean changed) {
        return new Point(wHint == SWT.DEFAULT ? 420 : wHint, hHint == SWT.DEFAULT ? 220 : hHint);
    }

    /** The legend's entries, left to right. */
    private static final String[] LEGEND = { "RX from guest", "TX to guest" };
    /** Legend: swatch width, gap swatch-text, gap between entries; gap between the title and the legend. */
    private static final int SWATCH = 12;
    private static final int SWATCH_GAP = 4;
    private static final int ENTRY_GAP = 12;
    private static final int TITLE_GAP = 12;

    /**
     * Where a panel's title (its axis label, "Bytes/s") and its legend entries (swatch and text) go, and where the plot
     * starts: the legend sits right-aligned on the title's line when it fits beside the title, else on a line of its
     * own below it, else one entry per line: the two never overlap.
     *
     * @param title the title's rectangle
     * @param legend each legend entry's rectangle (swatch and text), in {@link #LEGEND} order
     * @param plotTop the y of the plot's top line
     */
    public record PanelLayout(Rectangle title, List<Rectangle> legend, int plotTop) {
    }

    /** Lays out a panel of {@code area} whose title measures {@code titleSize} and legend entries {@code entries}. */
    static PanelLayout layout(Rectangle area, Point titleSize, Point[] entries, int fh) {
        int right = area.x + area.width - 8;
        Rectangle title = new Rectangle(area.x + 4, area.y + 2, titleSize.x, titleSize.y);
        int[] widths = new int[entries.length];
        int all = 0;
        for (int i = 0; i < entries.length; i++) {
            widths[i] = SWATCH + SWATCH_GAP + entries[i].x;
            all += widths[i] + (i > 0 ? ENTRY_GAP : 0);
        }
        List<Rectangle> legend = new ArrayList<>();
        int y = area.y + 2;
        int lineHeight = Math.max(fh, titleSize.y);
        if (right - all < title.x + title.width + TITLE_GAP) { // no room beside the title: below it
            y += lineHeight + 2;
        }
        if (right - all >= area.x + 4) { // one line, right-aligned
            int x = right - all;
            for (int i = 0; i < entries.length; i++) {
                legend.add(new Rectangle(x, y, widths[i], Math.max(fh, entries[i].y)));
                x += widths[i] + ENTRY_GAP;
            }
            y += lineHeight;
        } else { // very narrow: one entry per line
            for (int i = 0; i < entries.length; i++) {
                legend.add(new Rectangle(Math.max(area.x + 4, right - widths[i]), y, widths[i],
                        Math.max(fh, entries[i].y)));
                y += lineHeight + 2;
            }
            y -= 2;
        }
        return new PanelLayout(title, legend, y + 4);
    }

    private void paint(GC gc) {
        draw(gc, getClientArea());
    }

    /**
     * Draws the chart into {@code r} of {@code gc} (the canvas's paint listener, or a test's image) and returns the
     * layout of its two panels, bytes then packets.
     */
    public List<PanelLayout> draw(GC gc, Rectangle r) {
        gc.setBackground(getDisplay().getSystemColor(SWT.COLOR_LIST_BACKGROUND));
        gc.fillRectangle(r);
        gc.setAntialias(SWT.ON);
        gc.setTextAntialias(SWT.ON);
        int half = r.height / 2;
        return List.of(panel(gc, new Rectangle(r.x, r.y, r.width, half - 2), "Bytes/s", true),
                panel(gc, new Rectangle(r.x, r.y + half, r.width, r.height - half), "Packets/s", false));
    }

    private PanelLayout panel(GC gc, Rectangle area, String title, boolean bytes) {
        int fh = gc.getFontMetrics().getHeight();
        Point[] entries = new Point[LEGEND.length];
        for (int i = 0; i < LEGEND.length; i++) {
            entries[i] = gc.textExtent(LEGEND[i]);
        }
        PanelLayout layout = layout(area, gc.textExtent(title), entries, fh);
        Color fg = getDisplay().getSystemColor(SWT.COLOR_LIST_FOREGROUND);
        gc.setForeground(fg);
        gc.drawText(title, layout.title().x, layout.title().y, true);
        legend(gc, layout, fh);
        int left = area.x + 58;
        int right = area.x + area.width - 8;
        int top = layout.plotTop();
        int bottom = area.y + area.height - 6;
        if (right - left < 20 || bottom - top < 20) {
            return layout;
        }
        double max = 0;
        for (Point2 p : points) {
            Rates q = p.rates();
            max = Math.max(max, bytes ? Math.max(q.rxBytes(), q.txBytes()) : Math.max(q.rxPackets(), q.txPackets()));
        }
        double top2 = niceCeiling(Math.max(max, bytes ? 1024 : 10)); // an idle tap still gets a readable scale
        gc.setLineWidth(1);
        for (int i = 0; i <= 4; i++) {
            int y = bottom - (bottom - top) * i / 4;
            gc.setForeground(grid);
            gc.drawLine(left, y, right, y);
            double v = top2 * i / 4;
            String label = bytes ? Rates.bytes(v) : Rates.count(v);
            gc.setForeground(getDisplay().getSystemColor(SWT.COLOR_WIDGET_DARK_SHADOW));
            Point ext = gc.textExtent(label);
            gc.drawText(label, left - ext.x - 4, y - fh / 2, true);
        }
        if (points.isEmpty()) {
            return layout;
        }
        long now = points.getLast().millis();
        // the x axis grows with the history, from 30 s up to the whole window
        long span = Math.max(MIN_SPAN_SECONDS * 1000L,
                Math.min(WINDOW_SECONDS * 1000L, now - points.getFirst().millis()));
        gc.setForeground(getDisplay().getSystemColor(SWT.COLOR_WIDGET_DARK_SHADOW));
        String from = "-" + (span / 1000) + " s";
        gc.drawText(from, left + 2, bottom - fh - 1, true);
        gc.setForeground(marker);
        gc.setLineStyle(SWT.LINE_DOT);
        for (Point2 p : points) {
            if (p.carrierChanged()) {
                int x = left + (int) ((right - left) * (1 - (now - p.millis()) / (double) span));
                gc.drawLine(x, top, x, bottom);
            }
        }
        gc.setLineStyle(SWT.LINE_SOLID);
        gc.setLineWidth(2);
        for (int series = 0; series < 2; series++) {
            int[] xy = new int[points.size() * 2];
            int n = 0;
            for (Point2 p : points) {
                Rates q = p.rates();
                double v = series == 0 ? (bytes ? q.rxBytes() : q.rxPackets()) : (bytes ? q.txBytes() : q.txPackets());
                xy[n++] = left + (int) ((right - left) * (1 - (now - p.millis()) / (double) span));
                xy[n++] = bottom - (int) Math.round((bottom - top) * (top2 == 0 ? 0 : v / top2));
            }
            gc.setForeground(series == 0 ? rx : tx);
            if (xy.length >= 4) {
                gc.drawPolyline(xy);
            } else {
                gc.drawPoint(xy[0], xy[1]);
            }
        }
        gc.setLineWidth(1);
        return layout;
    }

    private void legend(GC gc, PanelLayout layout, int fh) {
        Color[] colors = { rx, tx };
        for (int i = 0; i < LEGEND.length; i++) {
            Rectangle e = layout.legend().get(i);
            gc.setBackground(colors[i]);
            gc.fillRectangle(e.x, e.y + fh / 2 - 2, SWATCH, 4);
            gc.setForeground(getDisplay().getSystemColor(SWT.COLOR_LIST_FOREGROUND));
            gc.drawText(LEGEND[i], e.x + SWATCH + SWATCH_GAP, e.y, true);
        }
        gc.setBackground(getDisplay().getSystemColor(SWT.COLOR_LIST_BACKGROUND));
    }

    /** 0 -> 1; 73 -> 80; 1234 -> 1500 (1, 1.5, 2, 2.5, 4, 5, 8 times a power of ten). */
    static double niceCeiling(double v) {
        if (v <= 0) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] { 1, 1.5, 2, 2.5, 4, 5, 8, 10 }) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "ThroughputChart[%d points]", points.size());
    }
}
