package org.taplease.core.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.taplease.core.Holder;
import org.taplease.core.LeaseRequest;
import org.taplease.core.PoolSpec;
import org.taplease.core.TapException;
import org.taplease.core.TapException.Reason;
import org.taplease.core.TapLease;
import org.taplease.core.TapService;
import org.taplease.core.internal.HandoffLocks;
import org.taplease.core.internal.engine.Labels;
import org.taplease.core.internal.engine.LeaseEngine;
import org.taplease.core.internal.linux.LinuxKernel;
import org.taplease.core.tests.support.ForwardingKernel;
import org.taplease.core.tests.support.Kernel;
import org.taplease.core.tests.support.NoLeaks;

/**
 * The lease engine's policy on the real Linux kernel (real taps in the test namespace): pool membership of a
 * preferred tap, holders looked up only for messages, one label syntax, one pool size limit, one "grow" hint. The
 * same engine runs over the FreeBSD model in {@code FreeBsdBackendTest}.
 */
@ExtendWith(NoLeaks.class)
class EngineKernelTest {

    /** The real kernel, counting the holder scans the engine asks for. */
    private static final class CountingKernel extends ForwardingKernel {
        final AtomicInteger holderScans = new AtomicInteger();

        CountingKernel() {
            super(new LinuxKernel());
        }

        @Override
        public Map<String, List<Holder>> holders(Set<String> names) {
            holderScans.incrementAndGet();
            return super.holders(names);
        }
    }

    private final CountingKernel kernel = new CountingKernel();
    private final TapService taps = new LeaseEngine(kernel, HandoffLocks.standard());

    @AfterEach
    void removePools() {
        Kernel.removeAllPools(taps);
    }

    @Test
    void aPreferredTapIsUsedOnlyWhenItBelongsToTheRequestedPool() {
        taps.provisionPool(new PoolSpec("pa", 1, null, null));
        taps.provisionPool(new PoolSpec("pb", 2, null, null));
        try (TapLease l = taps.lease(LeaseRequest.fromPool("pb").withPreferred("pa0"))) {
            assertThat(l.name()).startsWith("pb");
            assertThat(l.pool()).isEqualTo("pb");
        }
        assertThatThrownBy(() -> taps.lease(LeaseRequest.fromPool("nopool").withPreferred("pa0")))
                .isInstanceOfSatisfying(TapException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
                    assertThat(e.getMessage()).contains("pool nopool: no such pool");
                });
        try (TapLease l = taps.lease(LeaseRequest.fromPool("pb").withPreferred("pb1"))) {
            assertThat(l.name()).isEqualTo("pb1");
        }
        assertThat(taps.tap("pa0", false).orElseThrow().free()).isTrue();
    }

    @Test
    void holdersAreLookedUpOnlyWhenAMessageNamesThem() {
        taps.provisionPool(new PoolSpec("hs", 3, null, null));
        try (TapLease a = taps.lease(LeaseRequest.named("hs0")); TapLease b = taps.lease(LeaseRequest.named("hs1"))) {
            // looking for a free candidate walks past two held taps without asking who holds them
            try (TapLease c = taps.lease(LeaseRequest.fromPool("hs"))) {
                assertThat(c.name()).isEqualTo("hs2");
                assertThatThrownBy(() -> taps.lease(LeaseRequest.fromPool("hs")))
                        .hasFieldOrPropertyWithValue("reason", Reason.POOL_EXHAUSTED);
                assertThat(kernel.holderScans).as("holder scans while looking for a free tap").hasValue(0);
                // a named lease of a held tap says who holds it: one scan
                assertThatThrownBy(() -> taps.lease(LeaseRequest.named("hs0")))
                        .hasFieldOrPropertyWithValue("reason", Reason.BUSY)
                        .hasMessageContaining("(pid " + ProcessHandle.current().pid() + ")");
                assertThat(kernel.holderScans).hasValue(1);
            }
        }
    }

    @Test
    void aLeaseNeverWaitsBehindAnotherCallersHolderScan() throws Exception {
        taps.provisionPool(new PoolSpec("ws", 2, null, null));
        CountDownLatch scanning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // a view's inventory whose holder scan takes as long as this test wants (the kernel's scan, held open)
        TapService slow = new LeaseEngine(new ForwardingKernel(new LinuxKernel()) {
            @Override
            public Map<String, List<Holder>> holders(Set<String> names) {
                scanning.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.holders(names);
            }
        }, HandoffLocks.standard());
        try (TapLease held = slow.lease(LeaseRequest.named("ws0"))) {
            Thread view = new Thread(() -> slow.inventory(true), "slow-inventory");
            view.start();
            try {
                assertThat(scanning.await(30, TimeUnit.SECONDS)).as("the inventory is in its holder scan").isTrue();
                // a relaunch preferring the busy tap, on the same service, while the scan is in progress
                ExecutorService relaunch = Executors.newSingleThreadExecutor();
                try {
                    Future<String> leased = relaunch.submit(() -> {
                        try (TapLease l = slow.lease(LeaseRequest.fromPool("ws").withPreferred("ws0"))) {
                            return l.name();
                        }
                    });
                    assertThat(leased.get(30, TimeUnit.SECONDS)).isEqualTo("ws1");
                } finally {
                    relaunch.shutdownNow();
                    assertThat(relaunch.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
                }
            } finally {
                release.countDown();
                view.join(30_000);
            }
            assertThat(view.isAlive()).isFalse();
        }
    }

    @Test
    void labelsParseOneWayAndForeignOrEmptyLabelsMakeNoPool() {
        assertThat(Labels.poolOf("taplease:pool=vms")).isEqualTo("vms");
        assertThat(Labels.poolOf("taplease:pool=vms owner=alice")).isEqualTo("vms");
        assertThat(Labels.poolOf("taplease:pool= vms")).isEqualTo("vms");
        assertThat(Labels.poolOf("taplease:pool=")).isNull();
        assertThat(Labels.poolOf("taplease:pool=  ")).isNull();
        assertThat(Labels.poolOf("my tap")).isNull();
        assertThat(Labels.poolOf(null)).isNull();
        // on the real kernel: an alias with more after the pool name still makes the tap a member
        taps.provisionPool(new PoolSpec("lb", 1, null, null));
        Kernel.run("ip", "link", "set", "lb0", "alias", "taplease:pool=lb note");
        assertThat(taps.tap("lb0", false).orElseThrow().pool()).isEqualTo("lb");
        Kernel.run("ip", "link", "set", "lb0", "alias", "taplease:pool=lb");
    }

    @Test
    void poolLimitsAndHintsAreTheEngines() {
        assertThatThrownBy(() -> taps.provisionPool(new PoolSpec("big", LeaseEngine.MAX_POOL_SIZE + 1, null, null)))
                .hasFieldOrPropertyWithValue("reason", Reason.INVALID_REQUEST)
                .hasMessageContaining("give a count from 1 to " + LeaseEngine.MAX_POOL_SIZE);
        taps.provisionPool(new PoolSpec("gr", 1, null, null));
        try (TapLease l = taps.lease(LeaseRequest.fromPool("gr"))) {
            assertThatThrownBy(() -> taps.lease(LeaseRequest.fromPool("gr")))
                    .hasMessageContaining("its only tap is held")
                    .hasMessageContaining("sudo taplease pool create --name gr --count 5");
        }
    }
}
