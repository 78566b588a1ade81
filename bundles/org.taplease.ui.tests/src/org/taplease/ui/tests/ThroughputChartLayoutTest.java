package org.taplease.ui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.Test;
import org.taplease.ui.internal.Rates;
import org.taplease.ui.internal.views.ThroughputChart;
import org.taplease.ui.internal.views.ThroughputChart.PanelLayout;
import org.taplease.ui.tests.support.Ui;

/**
 * The Tap Status chart at any width: each panel's legend ("RX from guest", "TX to guest") never overlaps its title
 * (the axis label "Bytes/s"), however narrow the view; wide enough, the legend stays on the title's line.
 */
class ThroughputChartLayoutTest {

    private static final int HEIGHT = 260;

    /** Draws {@code chart} into an image {@code width} wide and returns the layout of its panels. */
    private static List<PanelLayout> drawAt(ThroughputChart chart, int width) {
        Image image = new Image(Ui.display(), width, HEIGHT);
        GC gc = new GC(image);
        try {
            gc.setFont(chart.getFont());
            return chart.draw(gc, new Rectangle(0, 0, width, HEIGHT));
        } finally {
            gc.dispose();
            image.dispose();
        }
    }

    private static void assertNoOverlap(List<PanelLayout> panels, int width) {
        assertThat(panels).hasSize(2);
        for (PanelLayout p : panels) {
            assertThat(p.legend()).as("legend entries at width %d", width).hasSize(2);
            for (Rectangle e : p.legend()) {
                assertThat(e.intersects(p.title())).as("legend entry %s over the title %s at width %d", e, p.title(),
                        width).isFalse();
                assertThat(e.y + e.height).as("legend entry above the plot at width %d", width)
                        .isLessThanOrEqualTo(p.plotTop());
            }
            assertThat(p.legend().get(0).intersects(p.legend().get(1))).as("legend entries overlap at width %d",
                    width).isFalse();
        }
    }

    @Test
    void theLegendNeverOverlapsTheAxisLabel() {
        Shell shell = Ui.sync(() -> {
            Shell s = new Shell(Ui.page().getWorkbenchWindow().getShell(), SWT.SHELL_TRIM);
            s.setText("Narrow Tap Status chart");
            s.setLayout(new FillLayout());
            ThroughputChart chart = new ThroughputChart(s);
            long now = System.currentTimeMillis();
            for (int i = 0; i <= 30; i++) {
                chart.add(new ThroughputChart.Point2(now - (30 - i) * 1000L,
                        new Rates(1000 + 400 * (i % 7), 600 + 300 * (i % 5), 10 + i % 4, 6 + i % 3), i == 12));
            }
            s.setBounds(40, 40, 230, HEIGHT + 40);
            s.open();
            return s;
        });
        try {
            ThroughputChart chart = Ui.sync(() -> (ThroughputChart) shell.getChildren()[0]);
            for (int width = 120; width <= 480; width += 20) {
                int w = width;
                assertNoOverlap(Ui.sync(() -> drawAt(chart, w)), width);
            }
            List<PanelLayout> wide = Ui.sync(() -> drawAt(chart, 480));
            assertThat(wide.get(0).legend().get(0).y).as("wide: the legend on the title's line")
                    .isEqualTo(wide.get(0).title().y);
            List<PanelLayout> narrow = Ui.sync(() -> drawAt(chart, 230));
            assertThat(narrow.get(0).legend().get(0).y).as("narrow: the legend below the title")
                    .isGreaterThanOrEqualTo(narrow.get(0).title().y + narrow.get(0).title().height);
            Ui.screenshotOf("tap-status-chart-narrow", shell);
        } finally {
            Ui.run(shell::close);
        }
    }
}
