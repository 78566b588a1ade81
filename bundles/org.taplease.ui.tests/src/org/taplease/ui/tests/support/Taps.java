package org.taplease.ui.tests.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.taplease.core.LeaseRequest;
import org.taplease.core.PoolSpec;
import org.taplease.core.TapLease;
import org.taplease.core.TapService;
import org.taplease.core.process.TapProcess;
import org.taplease.core.process.TapProcessBuilder;
import org.taplease.core.tests.support.Kernel;
import org.taplease.core.tests.support.Waits;
import org.taplease.ui.internal.TapUiPlugin;
import org.taplease.ui.internal.UiTapService;

/**
 * Real taps for the UI tests, in the test namespace: pools the test provisions and removes, and holder processes
 * ({@code sleep}) that hold a tap through a descriptor handed over at spawn, as an emulator would.
 */
public final class Taps implements AutoCloseable {

    private final List<String> pools = new ArrayList<>();
    private final List<TapProcess> holders = new ArrayList<>();

    public static TapService service() {
        return UiTapService.service();
    }

    /** Provisions {@code pool} with {@code count} taps owned by root; removed by {@link #close()}. */
    public List<String> pool(String pool, int count) {
        pools.add(pool);
        return service().provisionPool(new PoolSpec(pool, count, 0, null)).created();
    }

    /** Provisions {@code pool} with {@code count} taps owned by {@code owner} and {@code group}; removed by {@link #close()}. */
    public List<String> pool(String pool, int count, Integer owner, Integer group) {
        pools.add(pool);
        return service().provisionPool(new PoolSpec(pool, count, owner, group)).created();
    }

    /** Removes {@code pool} at the end, too (a pool the code under test created). */
    public void adopt(String pool) {
        pools.add(pool);
    }

    /** Starts {@code sleep 600} holding {@code tap}: the test's own descriptor is closed once the child has it. */
    public TapProcess hold(String tap) {
        return hold(tap, List.of("sleep", "600"));
    }

    /** Starts {@code command} holding {@code tap} as descriptor 3 (e.g. a copy of sleep named like an emulator). */
    public TapProcess hold(String tap, List<String> command) {
        TapProcess p;
        try (TapLease lease = service().lease(LeaseRequest.named(tap))) {
            p = new TapProcessBuilder(command).passFd(lease.fd(), 3).start();
        }
        holders.add(p);
        return p;
    }

    /** Kills a holder with SIGKILL and reaps it. */
    public static void kill(TapProcess p) {
        p.kill();
        p.waitFor();
    }

    @Override
    public void close() {
        for (TapProcess p : holders) {
            if (p.isAlive()) {
                kill(p);
            }
        }
        TapUiPlugin.get().sessionLeases().releaseAll();
        for (String pool : pools) {
            Waits.until(Duration.ofSeconds(10), "pool " + pool + " to be free",
                    () -> service().pools().stream().filter(p -> p.name().equals(pool)).allMatch(p -> p.held() == 0));
            if (service().pools().stream().anyMatch(p -> p.name().equals(pool))) {
                service().removePool(pool);
            }
        }
        Kernel.links(); // the namespace still answers
    }
}
