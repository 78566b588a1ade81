package org.taplease.ui.tests;

import org.taplease.ui.tests.support.Taps;
import org.taplease.ui.tests.support.Ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;

import org.eclipse.swt.widgets.Table;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.taplease.core.LeaseRequest;
import org.taplease.core.TapLease;
import org.taplease.core.TapService;
import org.taplease.ui.internal.TapRow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.taplease.core.tests.support.NoLeaks;
import org.taplease.ui.internal.TapPreferences;
import org.taplease.ui.internal.views.TapDevicesView;

/**
 * The view reads the inventory in a job: the UI thread must keep answering while inventories run back to back, and the
 * virtual table materializes only the rows it shows. The inventory is real and big (2000 taps, half of them held by
 * this JVM, so the holder scan reads 1000 descriptors) and is held slow on purpose: a higher-ranked {@link TapService}
 * registered by the test delegates to the real one and sleeps {@value #SLOW_MILLIS} ms in every inventory call. If
 * the view waited for an inventory on the UI thread even once, a probe would see that stall.
 */
class ResponsivenessTest {

    @RegisterExtension
    static final NoLeaks NO_LEAKS = NoLeaks.ignoringSockets();

    private static final int TAPS = 2000;
    static final long SLOW_MILLIS = 1500;

    /** The real service, with every inventory delayed by {@value #SLOW_MILLIS} ms. */
    static TapService slowInventory(TapService real) {
        return (TapService) Proxy.newProxyInstance(TapService.class.getClassLoader(),
                new Class<?>[] { TapService.class }, (proxy, method, args) -> {
                    if (method.getName().equals("inventory")) {
                        Ui.sleep(SLOW_MILLIS); // the slowness under test, on purpose
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

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
        List<String> names = taps.pool("load", TAPS);
        System.out.printf("provisioned %d taps in %d ms%n", TAPS, (System.nanoTime() - t0) / 1_000_000);
        List<TapLease> held = new ArrayList<>();
        BundleContext ctx = FrameworkUtil.getBundle(getClass()).getBundleContext();
        ServiceRegistration<TapService> slow = null;
        try {
            for (int i = 0; i < TAPS; i += 2) {
                held.add(Taps.service().lease(LeaseRequest.named(names.get(i))));
            }
            long t1 = System.nanoTime();
            int listed = Taps.service().inventory(true).size();
            System.out.printf("real inventory with holders: %d taps (%d held) in %d ms%n", listed, held.size(),
                    (System.nanoTime() - t1) / 1_000_000);
            slow = ctx.registerService(TapService.class, slowInventory(Taps.service()),
                    FrameworkUtil.asDictionary(Map.of(Constants.SERVICE_RANKING, 1000)));
            probe(held.size());
        } finally {
            if (slow != null) {
                slow.unregister();
            }
            held.forEach(TapLease::close);
        }
    }

    private void probe(int heldCount) throws InterruptedException {
        TapDevicesView view = Ui.showView(TapDevicesView.ID);
        Ui.waitFor(Duration.ofSeconds(60), TAPS + " taps in the view", () -> view.shownRows().size() >= TAPS
                && view.shownRows().stream().filter(r -> r.state() == TapRow.State.HELD).count() == heldCount);

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
            Thread.sleep(20); // the probe rate (about 40 probes a second): the measurement, not a wait
        }
        long refreshes = view.refreshCount() - refreshesBefore;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        long maxMs = sorted.get(sorted.size() - 1) / 1_000_000;
        long p99Ms = sorted.get((int) (sorted.size() * 0.99)) / 1_000_000;
        long medianUs = sorted.get(sorted.size() / 2) / 1_000;
        String lastDescription = Ui.sync(() -> view.getContentDescription());
        System.out.printf("UI thread with %d taps (%d held), inventory held slow by %d ms, over 8 s: %d probes,"
                + " median %d us, p99 %d ms, max %d ms; %d inventories ran meanwhile; view says: %s%n", TAPS,
                heldCount, SLOW_MILLIS, sorted.size(), medianUs, p99Ms, maxMs, refreshes, lastDescription);

        assertThat(refreshes).as("inventories that ran while the UI thread was probed").isGreaterThanOrEqualTo(3);
        assertThat(maxMs).as("longest UI-thread stall (ms); an inventory takes more than " + SLOW_MILLIS)
                .isLessThan(SLOW_MILLIS / 2);
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
