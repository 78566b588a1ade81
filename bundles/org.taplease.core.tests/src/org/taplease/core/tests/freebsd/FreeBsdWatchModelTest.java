package org.taplease.core.tests.freebsd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.taplease.core.LeaseRequest;
import org.taplease.core.PoolSpec;
import org.taplease.core.TapEvent;
import org.taplease.core.TapEvent.Kind;
import org.taplease.core.TapInfo;
import org.taplease.core.TapLease;
import org.taplease.core.TapListener;
import org.taplease.core.TapWatch;
import org.taplease.core.internal.HandoffLocks;
import org.taplease.core.internal.engine.LeaseEngine;
import org.taplease.core.internal.freebsd.FreeBsdKernel;
import org.taplease.core.tests.support.Waits;

/**
 * The engine's watch on the FreeBSD backend, against {@link FakeFreeBsdKernel}'s routing socket model (the messages
 * if_tuntap.c and if.c send, laid out with the backend's structures). The same policy as on Linux
 * ({@code WatchKernelTest}): events by kind, holders on attach, resync after an overflow, a clean close. This does not
 * show that the backend works on a real FreeBSD kernel; docs/freebsd.md says how to check that.
 */
class FreeBsdWatchModelTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private FakeFreeBsdKernel kernel;
    private LeaseEngine taps;
    private Path lockDir;

    @BeforeEach
    void setUp() throws IOException {
        kernel = new FakeFreeBsdKernel();
        lockDir = Files.createTempDirectory("taplease-handoff-test");
        taps = new LeaseEngine(new FreeBsdKernel(kernel), new HandoffLocks(lockDir));
    }

    @AfterEach
    void nothingLeft() throws IOException {
        assertThat(kernel.openFds()).as("descriptors left open").isZero();
        assertThat(kernel.openRouteSockets()).as("routing sockets left open").isZero();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("taplease-watch"));
        try (var s = Files.walk(lockDir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static final class Recorder implements TapListener {
        final List<TapEvent> events = new CopyOnWriteArrayList<>();
        final List<List<TapInfo>> resyncs = new CopyOnWriteArrayList<>();

        @Override
        public void tapsChanged(List<TapEvent> batch) {
            events.addAll(batch);
        }

        @Override
        public void resynced(List<TapInfo> all) {
            resyncs.add(all);
        }

        List<String> seen() {
            return events.stream().map(e -> e.kind() + " " + e.tap().name()).toList();
        }

        void await(String... expected) {
            Waits.until(WAIT, Waits.POLL, () -> "events " + List.of(expected) + ", got " + seen(),
                    () -> seen().containsAll(List.of(expected)));
        }
    }

    @Test
    void eachKindOfChangeFromTheRoutingSocket() {
        Recorder r = new Recorder();
        try (TapWatch w = taps.watch(r)) {
            assertThat(w.initial()).isEmpty();
            taps.provisionPool(new PoolSpec("vms", 1, null, null));
            r.await("ADDED tap0");
            Waits.until(WAIT, "tap0 labelled and free", () -> r.events.stream().anyMatch(
                    e -> e.tap().name().equals("tap0") && "vms".equals(e.tap().pool()) && !e.tap().attached()));
            r.events.clear();

            try (TapLease l = taps.lease(LeaseRequest.fromPool("vms"))) {
                r.await("ATTACHED tap0");
                TapEvent attached = r.events.stream().filter(e -> e.kind() == Kind.ATTACHED).findFirst()
                        .orElseThrow();
                assertThat(attached.holders()).extracting(h -> h.pid()).containsExactly(kernel.pid);
                assertThat(attached.before().attached()).isFalse();
            }
            r.await("DETACHED tap0");
            r.events.clear();

            kernel.holdByOther("tap0", 777, "bhyve");
            r.await("ATTACHED tap0");
            assertThat(r.events.get(r.events.size() - 1).holders()).extracting(h -> h.command())
                    .containsExactly("bhyve");
            kernel.releaseByOther("tap0");
            r.await("DETACHED tap0");
            r.events.clear();

            kernel.setMtu("tap0", 9000);
            r.await("CHANGED tap0");
            assertThat(r.events.get(0).tap().mtu()).isEqualTo(9000);
            r.events.clear();

            taps.deleteTap("tap0");
            r.await("REMOVED tap0");
            assertThat(w.resyncs()).isZero();
        }
    }

    @Test
    void anOverflowResyncsToTheModelsState() throws Exception {
        taps.provisionPool(new PoolSpec("vms", 3, null, null));
        Recorder r = new Recorder();
        CountDownLatch release = new CountDownLatch(1);
        TapListener blocking = new TapListener() {
            @Override
            public void tapsChanged(List<TapEvent> events) {
                try {
                    release.await(10, TimeUnit.SECONDS); // the queue fills while the listener is busy
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                r.tapsChanged(events);
            }

            @Override
            public void resynced(List<TapInfo> all) {
                r.resynced(all);
            }
        };
        System.setProperty("taplease.watch.rcvbuf", "1024"); // a queue of 4 messages
        TapWatch w;
        try {
            w = taps.watch(blocking);
        } finally {
            System.clearProperty("taplease.watch.rcvbuf");
        }
        try (w) {
            for (int i = 0; i < 50; i++) {
                kernel.holdByOther("tap1", 900 + i, "bhyve");
                kernel.releaseByOther("tap1");
            }
            kernel.holdByOther("tap2", 999, "bhyve");
            release.countDown();
            Waits.until(WAIT, "a resync", () -> w.resyncs() > 0 && !r.resyncs.isEmpty());
            Waits.until(WAIT, Waits.POLL, () -> "tap2 attached, got " + r.seen(),
                    () -> r.seen().contains("ATTACHED tap2"));
            Map<String, Boolean> seen = new HashMap<>();
            w.initial().forEach(t -> seen.put(t.name(), t.attached()));
            r.events.forEach(e -> seen.put(e.tap().name(), e.tap().attached()));
            Map<String, Boolean> model = new HashMap<>();
            taps.inventory(false).forEach(t -> model.put(t.name(), t.attached()));
            assertThat(seen).isEqualTo(model);
            assertThat(r.events).anyMatch(TapEvent::resync);
            kernel.releaseByOther("tap2");
        }
    }
}
