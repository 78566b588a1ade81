package org.taplease.core.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.taplease.core.PoolSpec;
import org.taplease.core.TapEvent;
import org.taplease.core.TapEvent.Kind;
import org.taplease.core.TapInfo;
import org.taplease.core.TapService;
import org.taplease.core.TapWatch;
import org.taplease.core.internal.HandoffLocks;
import org.taplease.core.internal.engine.KernelException;
import org.taplease.core.internal.engine.KernelException.Failure;
import org.taplease.core.internal.engine.LeaseEngine;
import org.taplease.core.internal.linux.LinuxKernel;
import org.taplease.core.tests.support.ChildJvm;
import org.taplease.core.tests.support.EventRecorder;
import org.taplease.core.tests.support.ForwardingKernel;
import org.taplease.core.tests.support.Kernel;
import org.taplease.core.tests.support.LeaseWorker;
import org.taplease.core.tests.support.NoLeaks;
import org.taplease.core.tests.support.Waits;

/**
 * {@link TapService#watch}: the kernel's link notifications as events, from real taps changed by real separate
 * processes in the test namespace.
 */
@ExtendWith(NoLeaks.class)
class WatchKernelTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final TapService taps = new LeaseEngine(new LinuxKernel(), HandoffLocks.standard());
    @RegisterExtension
    final ChildJvm.Started started = new ChildJvm.Started(taps);

    private Process worker(String... args) throws IOException {
        return started.start(new ProcessBuilder(LeaseWorker.command(args)).redirectErrorStream(true));
    }

    /** One line of the worker's output, read byte by byte (nothing buffered away from the next read). */
    private static String readLine(Process p) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c; (c = p.getInputStream().read()) >= 0 && c != '\n';) {
            b.append((char) c);
        }
        return b.toString();
    }

    private static boolean watchThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("taplease-watch"));
    }

    @Test
    void everyKindOfChangeFromRealTapsAndProcesses() throws Exception {
        EventRecorder r = new EventRecorder(WAIT);
        try (TapWatch w = taps.watch(r)) {
            assertThat(w.initial()).noneMatch(t -> t.name().startsWith("wk"));

            taps.provisionPool(new PoolSpec("wk", 1, null, null));
            TapEvent added = r.await("wk0 added", Kind.ADDED, "wk0");
            assertThat(added.before()).isNull();
            // the kernel announces the new link (attached: the creator holds it), then each step of provisioning
            // (persist, label, up), then the creator's close
            TapEvent labelled = r.await("wk0 labelled", Kind.CHANGED, "wk0", e -> "wk".equals(e.tap().pool()));
            assertThat(labelled.before().pool()).isNull();
            r.await("wk0 provisioned, free", Kind.DETACHED, "wk0");

            Process holder = worker("hold", "tap", "wk0");
            assertThat(readLine(holder)).isEqualTo("LEASED wk0");
            TapEvent attached = r.await("wk0 attached by the worker", Kind.ATTACHED, "wk0");
            assertThat(attached.tap().attached()).isTrue();
            assertThat(attached.before().attached()).isFalse();
            assertThat(attached.holders()).extracting(h -> (long) h.pid()).containsExactly(holder.pid());

            holder.getOutputStream().close();
            assertThat(holder.waitFor(20, TimeUnit.SECONDS)).isTrue();
            TapEvent detached = r.await("wk0 detached", Kind.DETACHED, "wk0");
            assertThat(detached.tap().attached()).isFalse();
            assertThat(detached.holders()).isEmpty();

            Kernel.run("ip", "link", "set", "wk0", "down");
            TapEvent down = r.await("wk0 down", Kind.CHANGED, "wk0");
            assertThat(down.before().adminUp()).isTrue();
            assertThat(down.tap().adminUp()).isFalse();
            Kernel.run("ip", "link", "set", "wk0", "up");
            assertThat(r.await("wk0 up", Kind.CHANGED, "wk0").tap().adminUp()).isTrue();

            Kernel.run("ip", "link", "set", "wk0", "alias", "not-a-pool-label");
            TapEvent relabelled = r.await("wk0 relabelled", Kind.CHANGED, "wk0");
            assertThat(relabelled.tap().alias()).isEqualTo("not-a-pool-label");
            assertThat(relabelled.tap().pool()).isNull();
            assertThat(relabelled.before().pool()).isEqualTo("wk");

            Kernel.run("ip", "addr", "add", "10.77.0.1/30", "dev", "wk0");
            TapEvent addressed = r.await("wk0 address", Kind.CHANGED, "wk0");
            assertThat(addressed.tap().network().hostAddress()).isEqualTo("10.77.0.1");
            assertThat(addressed.tap().network().guestAddress()).isEqualTo("10.77.0.2");

            Kernel.run("ip", "tuntap", "del", "dev", "wk0", "mode", "tap");
            TapEvent removed = r.await("wk0 removed", Kind.REMOVED, "wk0");
            assertThat(removed.tap().name()).isEqualTo("wk0");
            assertThat(r.of("wk0")).as("no other events").isEmpty();
            assertThat(w.resyncs()).isZero();
        }
        assertThat(r.failure.get()).isNull();
    }

    @Test
    void closeStopsTheThreadClosesTheSocketAndNoCallFollows() throws Exception {
        EventRecorder r = new EventRecorder(WAIT);
        TapWatch w = taps.watch(r);
        assertThat(watchThreadAlive()).isTrue();
        taps.provisionPool(new PoolSpec("wc", 1, null, null));
        r.await("wc0 added", Kind.ADDED, "wc0");
        w.close();
        r.closed = true;
        assertThat(watchThreadAlive()).as("the watch thread after close").isFalse();
        w.close(); // idempotent
        Kernel.run("ip", "link", "set", "wc0", "down");
        Kernel.removeAllPools(taps);
        assertThat(r.afterClose.get()).isFalse();
        assertThat(r.failure.get()).isNull();
        // NoLeaks checks that the netlink socket and the eventfd are closed
    }

    @Test
    void aListenerMayCloseItsOwnWatch() throws Exception {
        AtomicReference<TapWatch> watch = new AtomicReference<>();
        List<List<TapEvent>> calls = new CopyOnWriteArrayList<>();
        TapWatch w = taps.watch(events -> {
            calls.add(events);
            watch.get().close(); // on the watch's own thread: returns at once, the thread ends after this call
        });
        watch.set(w);
        taps.provisionPool(new PoolSpec("ws", 1, null, null));
        Waits.until(WAIT, "the watch thread to end", () -> !calls.isEmpty() && !watchThreadAlive());
        Kernel.run("ip", "link", "set", "ws0", "down");
        w.close();
        assertThat(calls).hasSize(1);
    }

    @Test
    void aBurstOf500AttachesAndDetachesByAnotherProcessAllAppearInOrder() throws Exception {
        taps.provisionPool(new PoolSpec("wb", 1, null, null));
        EventRecorder r = new EventRecorder(WAIT);
        try (TapWatch w = taps.watch(r)) {
            long cc0 = w.initial().stream().filter(t -> t.name().equals("wb0")).findFirst().orElseThrow()
                    .carrierChanges();
            Process flap = worker("flap", "wb0", "500");
            assertThat(readLine(flap)).isEqualTo("DONE 500");
            assertThat(flap.waitFor(20, TimeUnit.SECONDS)).isTrue();
            Waits.until(WAIT, Waits.POLL, () -> "500 detaches of wb0, got " + r.kinds("wb0").size() + " events",
                    () -> r.kinds("wb0").stream().filter(k -> k == Kind.DETACHED).count() >= 500);
            assertAlternating(r.of("wb0"), 500, cc0);
            System.out.println("burst with the default buffer: resyncs " + w.resyncs());
        }
    }

    @Test
    void aBurstWithATinySocketBufferOverflowsAndResyncsToTheKernelsState() throws Exception {
        taps.provisionPool(new PoolSpec("wo", 2, null, null));
        EventRecorder r = new EventRecorder(WAIT);
        CountDownLatch release = new CountDownLatch(1);
        // the listener keeps the queue full while the burst runs
        try (TapWatch w = EventRecorder.watchWithReceiveBuffer(taps, r.blockedUntil(release, Duration.ofSeconds(30)),
                1)) {
            long cc0 = w.initial().stream().filter(t -> t.name().equals("wo0")).findFirst().orElseThrow()
                    .carrierChanges();
            Process flap = worker("flap", "wo0", "500");
            assertThat(readLine(flap)).isEqualTo("DONE 500");
            assertThat(flap.waitFor(20, TimeUnit.SECONDS)).isTrue();
            Process holder = worker("hold", "tap", "wo1");
            assertThat(readLine(holder)).isEqualTo("LEASED wo1");
            release.countDown();
            Waits.until(WAIT, "a resync", () -> w.resyncs() > 0 && !r.resyncs.isEmpty());
            Waits.until(WAIT, Waits.POLL, () -> "wo1 attached, events " + r.events,
                    () -> r.kinds("wo1").contains(Kind.ATTACHED));
            // the state the events add up to is the kernel's
            Map<String, Boolean> seen = new HashMap<>();
            for (TapInfo t : w.initial()) {
                seen.put(t.name(), t.attached());
            }
            for (TapEvent e : r.events) {
                if (e.kind() == Kind.REMOVED) {
                    seen.remove(e.tap().name());
                } else {
                    seen.put(e.tap().name(), e.tap().attached());
                }
            }
            Map<String, Boolean> kernel = new HashMap<>();
            for (TapInfo t : taps.inventory(false)) {
                kernel.put(t.name(), t.attached());
            }
            assertThat(seen).isEqualTo(kernel);
            assertThat(r.events).anyMatch(TapEvent::resync);
            assertAlternating(r.of("wo0"), 500, cc0);
            holder.getOutputStream().close();
            assertThat(holder.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** {@code n} ATTACHED/DETACHED pairs in order, each one carrier change after the one before. */
    private static void assertAlternating(List<TapEvent> events, int n, long cc0) {
        List<TapEvent> flips = events.stream().filter(e -> e.kind() == Kind.ATTACHED || e.kind() == Kind.DETACHED)
                .toList();
        assertThat(flips).hasSize(2 * n);
        for (int i = 0; i < flips.size(); i++) {
            TapEvent e = flips.get(i);
            assertThat(e.kind()).as("event %d", i).isEqualTo(i % 2 == 0 ? Kind.ATTACHED : Kind.DETACHED);
            assertThat(e.tap().carrierChanges()).as("carrier changes at event %d", i).isEqualTo(cc0 + i + 1);
        }
    }

    @Test
    void aBrokenSocketEndsTheWatchWithFailed() throws Exception {
        AtomicBoolean broken = new AtomicBoolean();
        ForwardingKernel kernel = new ForwardingKernel(new LinuxKernel()) {
            @Override
            public LinkMonitor monitor() {
                LinkMonitor m = super.monitor();
                return new LinkMonitor() {
                    @Override
                    public Batch next() {
                        Batch b = m.next();
                        if (broken.get()) {
                            throw new KernelException(Failure.SYSTEM, "netlink", "recv", 9, "Bad file descriptor",
                                    null, null, null);
                        }
                        return b;
                    }

                    @Override
                    public void wakeup() {
                        m.wakeup();
                    }

                    @Override
                    public void close() {
                        m.close();
                    }
                };
            }
        };
        TapService engine = new LeaseEngine(kernel, HandoffLocks.standard());
        EventRecorder r = new EventRecorder(WAIT);
        try (TapWatch w = engine.watch(r)) {
            broken.set(true);
            engine.provisionPool(new PoolSpec("wf", 1, null, null));
            Waits.until(WAIT, "failed", () -> r.failure.get() != null);
            assertThat(r.failure.get().getMessage()).contains("recv");
            Waits.until(WAIT, "the watch thread to end", () -> !watchThreadAlive());
        }
    }
}
