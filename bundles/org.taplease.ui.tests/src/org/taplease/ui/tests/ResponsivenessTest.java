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

import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Table;
import org.taplease.core.LeaseRequest;
import org.taplease.core.TapLease;
import org.taplease.core.TapService;
import org.taplease.ui.internal.AccountNames;
import org.taplease.ui.internal.TapRow;
import org.taplease.ui.internal.TapUiPlugin;
import org.taplease.ui.internal.UiTapService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.taplease.core.tests.support.NoLeaks;
import org.taplease.ui.internal.TapPreferences;
import org.taplease.ui.internal.views.TapDevicesView;

/**
 * The view reads the inventory in a job: the UI thread must keep answering while inventories run back to back (the
 * test asks for one every half second, as F5 would: following kernel events, the view lists only when asked), and the
 * virtual table materializes only the rows it shows. The inventory is real and big (2000 taps, half of them held by
 * this JVM, so the holder scan reads 1000 descriptors) and is held slow on purpose: the service the views get
 * ({@link UiTapService#interpose}) delegates to the real one and sleeps {@value #SLOW_MILLIS} ms in every inventory
 * call. If the view waited for an inventory on the UI thread even once, a probe would see that stall.
 * <p>
 * The taps belong to {@value #OWNERS} owners and groups, and user and group names are looked up by a deliberately slow
 * resolver ({@value #SLOW_NAME_MILLIS} ms a name, as NSS with a slow LDAP or SSSD) that records the threads it runs
 * on: sorting by Owner / Group and filtering by an owner's name over the 2000 rows must neither stall the UI thread nor
 * look a name up on it.
 */
class ResponsivenessTest {

    @RegisterExtension
    static final NoLeaks NO_LEAKS = NoLeaks.ignoringSockets();

    private static final int TAPS = 2000;
    static final long SLOW_MILLIS = 1500;
    /** Pools of the 2000 taps, each with its own owner and group (uids and gids no account has: the resolver names them). */
    private static final int OWNERS = 8;
    private static final int FIRST_UID = 61000;
    private static final int FIRST_GID = 62000;
    static final long SLOW_NAME_MILLIS = 100;

    /**
     * Names uids and gids as {@code userN}/{@code groupN}, {@value #SLOW_NAME_MILLIS} ms a lookup, and records the
     * lookups made on the UI thread.
     */
    static final class SlowResolver implements AccountNames.Resolver {
        final AtomicInteger lookups = new AtomicInteger();
        final List<String> onUiThread = Collections.synchronizedList(new ArrayList<>());

        @Override
        public String user(int uid) {
            return lookup("user" + uid);
        }

        @Override
        public String group(int gid) {
            return lookup("group" + gid);
        }

        private String lookup(String name) {
            lookups.incrementAndGet();
            if (Display.getCurrent() != null) {
                onUiThread.add(name + " from " + StackWalker.getInstance().walk(f -> f.skip(2).limit(6)
                        .map(Object::toString).toList()));
            }
            Ui.sleep(SLOW_NAME_MILLIS); // the slowness under test, on purpose: a directory service's lookup
            return name;
        }
    }

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
    private final SlowResolver names = new SlowResolver();
    private AccountNames.Resolver systemNames;

    @BeforeEach
    void setUp() {
        taps = new Taps();
        Ui.run(() -> TapPreferences.store().setValue(TapPreferences.REFRESH_MILLIS, TapPreferences.MIN_REFRESH_MILLIS));
        systemNames = TapUiPlugin.get().accountNames().setResolver(names);
    }

    @AfterEach
    void tearDown() {
        Ui.run(() -> TapPreferences.store().setToDefault(TapPreferences.REFRESH_MILLIS));
        Ui.closeView(TapDevicesView.ID);
        TapUiPlugin.get().accountNames().setResolver(systemNames);
        taps.close();
    }

    @Test
    void theUiThreadKeepsAnsweringWhileThousandsOfTapsAreListed() throws InterruptedException {
        long t0 = System.nanoTime();
        List<String> members = new ArrayList<>();
        for (int i = 0; i < OWNERS; i++) {
            // pools "loada", "loadb", ...: members "loada0", ... never collide with another pool's names
            members.addAll(taps.pool("load" + (char) ('a' + i), TAPS / OWNERS, FIRST_UID + i, FIRST_GID + i));
        }
        System.out.printf("provisioned %d taps in %d ms%n", TAPS, (System.nanoTime() - t0) / 1_000_000);
        List<TapLease> held = new ArrayList<>();
        try {
            for (int i = 0; i < TAPS; i += 2) {
                held.add(Taps.service().lease(LeaseRequest.named(members.get(i))));
            }
            long t1 = System.nanoTime();
            int listed = Taps.service().inventory(true).size();
            System.out.printf("real inventory with holders: %d taps (%d held) in %d ms%n", listed, held.size(),
                    (System.nanoTime() - t1) / 1_000_000);
            UiTapService.interpose(ResponsivenessTest::slowInventory);
            TapDevicesView view = probe(held.size());
            sortAndFilterByOwner(view);
        } finally {
            UiTapService.interpose(null);
            held.forEach(TapLease::close);
        }
    }

    private TapDevicesView probe(int heldCount) throws InterruptedException {
        TapDevicesView view = Ui.showView(TapDevicesView.ID);
        Ui.waitFor(Duration.ofSeconds(60), TAPS + " taps in the view", () -> view.shownRows().size() >= TAPS
                && view.shownRows().stream().filter(r -> r.state() == TapRow.State.HELD).count() == heldCount);

        long refreshesBefore = view.refreshCount();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        long end = System.nanoTime() + Duration.ofSeconds(8).toNanos();
        long nextRefresh = 0;
        while (System.nanoTime() < end) {
            if (System.nanoTime() >= nextRefresh) {
                view.requestRefresh(); // F5 every half second: inventories back to back
                nextRefresh = System.nanoTime() + 500_000_000L;
            }
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
        return view;
    }

    /**
     * Sorts by Owner / Group (both directions) and filters by an owner's name while a probe measures the UI thread;
     * names come from the slow resolver, which must never run on the UI thread.
     */
    private void sortAndFilterByOwner(TapDevicesView view) throws InterruptedException {
        int owner = TapDevicesView.column("Owner / Group");
        String someone = "user" + (FIRST_UID + 3);
        int lookupsBefore = names.lookups.get();
        Probe probe = Probe.start();
        long[] sortMillis = new long[2];
        for (int direction = 0; direction < 2; direction++) {
            long t = System.nanoTime();
            Ui.run(() -> view.table().getColumn(owner).notifyListeners(SWT.Selection, new Event()));
            sortMillis[direction] = (System.nanoTime() - t) / 1_000_000;
            boolean up = direction == 0;
            Ui.waitFor(Duration.ofSeconds(20), "rows sorted by owner " + (up ? "up" : "down"), () -> {
                List<TapRow> rows = view.shownRows();
                if (rows.size() < TAPS) {
                    return false;
                }
                for (int i = 1; i < rows.size(); i++) {
                    int c = rows.get(i - 1).ownerText().compareTo(rows.get(i).ownerText());
                    if (up ? c > 0 : c < 0) {
                        return false;
                    }
                }
                return true;
            });
        }
        String first = Ui.sync(() -> view.shownRows().get(0).ownerText());
        assertThat(first).as("the first row's Owner / Group after sorting down").isEqualTo("user" + (FIRST_UID
                + OWNERS - 1) + " / group" + (FIRST_GID + OWNERS - 1));
        Ui.screenshot("tap-devices-2000-by-owner");

        long f0 = System.nanoTime();
        Ui.run(() -> view.filterField().setText(someone));
        Ui.waitFor(Duration.ofSeconds(20), "only " + someone + "'s taps shown", () -> view.shownRows().size()
                == TAPS / OWNERS && view.shownRows().stream().allMatch(r -> r.ownerText().startsWith(someone + " ")));
        long filterMillis = (System.nanoTime() - f0) / 1_000_000;
        Ui.screenshot("tap-devices-2000-filtered-by-owner");
        Ui.run(() -> view.filterField().setText(""));
        Ui.waitFor(Duration.ofSeconds(20), "all taps shown again", () -> view.shownRows().size() >= TAPS);
        Probe.Result r = probe.stop();
        System.out.printf("Owner sort and filter over %d taps (%d owners, names %d ms a lookup): sort handler %d ms up,"
                + " %d ms down; filter to %d rows shown after %d ms (150 ms of it the typing pause); UI thread: %d"
                + " probes, median %d us, p99 %d ms, max %d ms; name lookups %d in all, %d on the UI thread%n", TAPS,
                OWNERS, SLOW_NAME_MILLIS, sortMillis[0], sortMillis[1], TAPS / OWNERS, filterMillis, r.count(),
                r.medianUs(), r.p99Ms(), r.maxMs(), names.lookups.get(), names.onUiThread.size());

        assertThat(names.onUiThread).as("name lookups made on the UI thread").isEmpty();
        assertThat(names.lookups.get()).as("names looked up (once per owner and group, by the view's job)")
                .isGreaterThanOrEqualTo(2 * OWNERS);
        assertThat(names.lookups.get() - lookupsBefore).as("lookups caused by sorting and filtering").isZero();
        assertThat(Math.max(sortMillis[0], sortMillis[1])).as("time the UI thread spent sorting %d rows (ms)", TAPS)
                .isLessThan(500);
        assertThat(r.maxMs()).as("longest UI-thread stall while sorting and filtering (ms)").isLessThan(500);
    }

    /** Measures the UI thread's latency from a thread of its own: an asyncExec every 20 ms, until stopped. */
    private static final class Probe {
        record Result(int count, long medianUs, long p99Ms, long maxMs) {
        }

        private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        private volatile boolean stop;
        private final Thread thread = new Thread(this::run, "ui-latency-probe");

        static Probe start() {
            Probe p = new Probe();
            p.thread.start();
            return p;
        }

        private void run() {
            while (!stop) {
                CountDownLatch ran = new CountDownLatch(1);
                long sent = System.nanoTime();
                Ui.display().asyncExec(() -> {
                    latencies.add(System.nanoTime() - sent);
                    ran.countDown();
                });
                try {
                    if (!ran.await(10, TimeUnit.SECONDS)) {
                        latencies.add(TimeUnit.SECONDS.toNanos(10));
                    }
                    Thread.sleep(20); // the probe rate: the measurement, not a wait
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        Result stop() throws InterruptedException {
            stop = true;
            thread.join(15_000);
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            assertThat(sorted).as("UI-thread probes").isNotEmpty();
            return new Result(sorted.size(), sorted.get(sorted.size() / 2) / 1_000,
                    sorted.get((int) (sorted.size() * 0.99)) / 1_000_000, sorted.get(sorted.size() - 1) / 1_000_000);
        }
    }
}
