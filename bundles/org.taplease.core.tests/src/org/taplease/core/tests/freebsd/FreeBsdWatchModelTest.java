package org.taplease.core.tests.freebsd;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.taplease.core.LeaseRequest;
import org.taplease.core.PoolSpec;
import org.taplease.core.TapEvent;
import org.taplease.core.TapEvent.Kind;
import org.taplease.core.TapLease;
import org.taplease.core.TapWatch;
import org.taplease.core.internal.engine.LeaseEngine;
import org.taplease.core.tests.support.EventRecorder;
import org.taplease.core.tests.support.Waits;

/**
 * The engine's watch on the FreeBSD backend, against {@link FakeFreeBsdKernel}'s routing socket model (the messages
 * if_tuntap.c and if.c send, laid out with the backend's structures). The same policy as on Linux
 * ({@code WatchKernelTest}): events by kind, holders on attach, resync after an overflow, a clean close. This does not
 * show that the backend works on a real FreeBSD kernel; docs/freebsd.md says how to check that.
 */
class FreeBsdWatchModelTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    final FreeBsdModel model = new FreeBsdModel();
    private final FakeFreeBsdKernel kernel = model.kernel();
    private final LeaseEngine taps = model.engine();

    /** Before {@link FreeBsdModel}'s own checks. */
    @AfterEach
    void nothingLeft() {
        assertThat(kernel.openRouteSockets()).as("routing sockets left open").isZero();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("taplease-watch"));
    }

    @Test
    void eachKindOfChangeFromTheRoutingSocket() {
        EventRecorder r = new EventRecorder(WAIT);
        try (TapWatch w = taps.watch(r)) {
            assertThat(w.initial()).isEmpty();
            taps.provisionPool(new PoolSpec("vms", 1, null, null));
            r.awaitSeen("ADDED tap0");
            Waits.until(WAIT, "tap0 labelled and free", () -> r.events.stream().anyMatch(
                    e -> e.tap().name().equals("tap0") && "vms".equals(e.tap().pool()) && !e.tap().attached()));
            r.events.clear();

            try (TapLease l = taps.lease(LeaseRequest.fromPool("vms"))) {
                r.awaitSeen("ATTACHED tap0");
                TapEvent attached = r.events.stream().filter(e -> e.kind() == Kind.ATTACHED).findFirst()
                        .orElseThrow();
                assertThat(attached.holders()).extracting(h -> h.pid()).containsExactly(kernel.pid);
                assertThat(attached.before().attached()).isFalse();
            }
            r.awaitSeen("DETACHED tap0");
            r.events.clear();

            kernel.holdByOther("tap0", 777, "bhyve");
            r.awaitSeen("ATTACHED tap0");
            assertThat(r.events.get(r.events.size() - 1).holders()).extracting(h -> h.command())
                    .containsExactly("bhyve");
            kernel.releaseByOther("tap0");
            r.awaitSeen("DETACHED tap0");
            r.events.clear();

            kernel.setMtu("tap0", 9000);
            r.awaitSeen("CHANGED tap0");
            assertThat(r.events.get(0).tap().mtu()).isEqualTo(9000);
            r.events.clear();

            taps.deleteTap("tap0");
            r.awaitSeen("REMOVED tap0");
            assertThat(w.resyncs()).isZero();
        }
    }

    @Test
    void anOverflowResyncsToTheModelsState() throws Exception {
        taps.provisionPool(new PoolSpec("vms", 3, null, null));
        EventRecorder r = new EventRecorder(WAIT);
        CountDownLatch release = new CountDownLatch(1);
        // the queue (1024 bytes: 4 messages) fills while the listener is busy
        try (TapWatch w = EventRecorder.watchWithReceiveBuffer(taps, r.blockedUntil(release, Duration.ofSeconds(10)),
                1024)) {
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
