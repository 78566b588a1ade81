package org.taplease.ui.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.eclipse.swt.widgets.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.taplease.core.tests.support.NoLeaks;
import org.taplease.ui.internal.TapPreferences;
import org.taplease.ui.internal.views.TapDevicesView;

/**
 * With thousands of real taps the inventory takes a long time (a netlink dump plus a /proc holder scan). The view
 * reads it in a job: the UI thread must keep answering while inventories run back to back, and the virtual table
 * materializes only the rows it shows.
 */
class ResponsivenessTest {

    @RegisterExtension
    static final NoLeaks NO_LEAKS = NoLeaks.ignoringSockets();

    private static final int TAPS = 2000;

    private Taps taps;

    @BeforeEach
    void setUp() {
        taps = new Taps();
        Ui.run(() -> TapPreferences.store().setValue(TapPreferences.REFRESH_MILLIS, TapPreferences.MIN_REFRESH_MILLIS));
    }

    @AfterEach
    void tearDown() {
        Ui.run(() -> TapPreferences.store().setToDefault(TapPreferences.REFRESH_MILLIS));
        Ui.closeView(TapDevicesView.ID);
        taps.close();
    }

    @Test
    void theUiThreadKeepsAnsweringWhileThousandsOfTapsAreListed() throws InterruptedException {
        long t0 = System.nanoTime();
        taps.pool("load", TAPS);
        System.out.printf("provisioned %d taps in %d ms%n", TAPS, (System.nanoTime() - t0) / 1_000_000);

        TapDevicesView view = Ui.showView(TapDevicesView.ID);
        Ui.waitFor(Duration.ofSeconds(60), TAPS + " taps in the view", () -> view.shownRows().size() >= TAPS);

        long refreshesBefore = view.refreshCount();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        long end = System.nanoTime() + Duration.ofSeconds(8).toNanos();
        while (System.nanoTime() < end) {
            CountDownLatch ran = new CountDownLatch(1);
            long sent = System.nanoTime();
            Ui.display().asyncExec(() -> {
                latencies.add(System.nanoTime() - sent);
                ran.countDown();
            });
            assertThat(ran.await(10, TimeUnit.SECONDS)).as("the UI thread answered within 10 s").isTrue();
            Thread.sleep(20);
        }
        long refreshes = view.refreshCount() - refreshesBefore;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        long maxMs = sorted.get(sorted.size() - 1) / 1_000_000;
        long p99Ms = sorted.get((int) (sorted.size() * 0.99)) / 1_000_000;
        long medianUs = sorted.get(sorted.size() / 2) / 1_000;
        String lastDescription = Ui.sync(() -> view.getContentDescription());
        System.out.printf("UI thread with %d taps over 8 s: %d probes, median %d us, p99 %d ms, max %d ms;"
                + " %d inventories ran meanwhile; view says: %s%n", TAPS, sorted.size(), medianUs, p99Ms, maxMs,
                refreshes, lastDescription);

        assertThat(refreshes).as("inventories that ran while the UI thread was probed").isGreaterThanOrEqualTo(4);
        assertThat(maxMs).as("longest UI-thread stall (ms)").isLessThan(1000);
        assertThat(p99Ms).as("99th percentile of UI-thread latency (ms)").isLessThan(250);

        int[] materialized = Ui.sync(() -> {
            Table t = view.table();
            int n = 0;
            for (int i = 0; i < t.getItemCount(); i++) {
                // getData() does not materialize a virtual item; getText() would
                if (t.getItem(i).getData() != null) {
                    n++;
                }
            }
            return new int[] { t.getItemCount(), n };
        });
        System.out.printf("virtual table: %d rows, %d materialized%n", materialized[0], materialized[1]);
        assertThat(materialized[0]).isGreaterThanOrEqualTo(TAPS);
        assertThat(materialized[1]).as("rows materialized by the virtual table").isLessThan(200);
        Ui.screenshot("tap-devices-2000");
    }
}
