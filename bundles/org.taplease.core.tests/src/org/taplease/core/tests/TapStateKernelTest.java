package org.taplease.core.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.taplease.core.LeaseRequest;
import org.taplease.core.PoolSpec;
import org.taplease.core.TapException;
import org.taplease.core.TapException.Reason;
import org.taplease.core.TapInfo;
import org.taplease.core.TapLease;
import org.taplease.core.TapService;
import org.taplease.core.internal.HandoffLocks;
import org.taplease.core.internal.LeaseHints;
import org.taplease.core.internal.engine.LeaseEngine;
import org.taplease.core.internal.linux.LinuxKernel;
import org.taplease.core.tests.support.Kernel;
import org.taplease.core.tests.support.NoLeaks;
import org.taplease.core.tests.support.Waits;

/**
 * What a tap's state says, on real taps: the same for identical taps whatever their history, and a multi-queue tap
 * never shown as a tap a lease can take.
 * <p>
 * The kernel's own operstate ({@code IFLA_OPERSTATE}, {@code ip link}'s "state") is no such value: the tun driver
 * turns the carrier on and off at once when the first descriptor attaches and the last detaches, but Linux computes
 * the operstate later, in its link-watch work, and only on a carrier <em>change</em>. A tap made by an attach (every
 * tap is: {@code TUNSETIFF} on a new name) has carrier from the start, so while that first holder keeps it its
 * operstate is never computed ("unknown"); a tap attached again reads "up". A tap just released reads "unknown"
 * until the link-watch work runs, then "down". {@link TapInfo#operState()} is derived from IFF_UP and the carrier
 * instead, which the kernel changes synchronously.
 */
@ExtendWith(NoLeaks.class)
class TapStateKernelTest {

    private static final Duration LINK_WATCH = Duration.ofSeconds(10);

    private final LinuxKernel kernel = new LinuxKernel();
    private final TapService taps = new LeaseEngine(kernel, HandoffLocks.standard(), LeaseHints.none());

    @BeforeEach
    void root() {
        Kernel.requireIsolatedRoot();
    }

    @AfterEach
    void cleanUp() {
        Kernel.removeAllPools(taps);
        if (Kernel.links().contains("mq0")) {
            Kernel.run("ip", "tuntap", "del", "dev", "mq0", "mode", "tap", "multi_queue");
        }
    }

    /** The kernel's operstate of {@code name}, as {@code ip link} shows it. */
    private String kernelOperState(String name) {
        return kernel.link(name).info().operState();
    }

    private TapInfo info(String name) {
        return taps.tap(name, false).orElseThrow();
    }

    @Test
    void aTapHeldSinceItWasMadeAndOneAttachedAgainReportTheSameState() {
        taps.provisionPool(new PoolSpec("os", 1, null, null));
        // os0 attached again (made and released by the provisioning); os1 made by the lease that holds it, so the
        // kernel has not computed its operstate since it was made
        try (TapLease again = taps.lease(LeaseRequest.named("os0"));
                TapLease made = taps.lease(LeaseRequest.fromPool("os").withCreate(true))) {
            assertThat(made.created()).isTrue();
            Waits.until(LINK_WATCH, "the kernel's link watch saw os0 attached again",
                    () -> "up".equals(kernelOperState("os0")));
            String made0 = made.name();
            assertThat(kernelOperState(made0)).as("the kernel's operstate of a tap held since it was made")
                    .isEqualTo("unknown");
            assertThat(info(made0).operState()).isEqualTo("up");
            assertThat(info("os0").operState()).isEqualTo("up");
            assertThat(info(made0).carrier()).isTrue();
        }
    }

    @Test
    void aTapReleasedJustNowAndOneReleasedLongAgoReportTheSameState() {
        taps.provisionPool(new PoolSpec("or", 2, null, null));
        Waits.until(LINK_WATCH, "the kernel's link watch saw or0 and or1 released",
                () -> "down".equals(kernelOperState("or0")) && "down".equals(kernelOperState("or1")));
        String justNow;
        try (TapLease l = taps.lease(LeaseRequest.named("or1"))) {
            Waits.until(LINK_WATCH, "the kernel's link watch saw or1 attached", () -> "up".equals(kernelOperState(
                    "or1")));
            justNow = l.name();
        }
        // read at once: the kernel's value may still be its old one ("up") or "unknown"; ours never depends on that
        TapInfo released = info(justNow);
        String kernelNow = kernelOperState(justNow);
        TapInfo longAgo = info("or0");
        assertThat(released.operState()).as("or1 just released (the kernel said %s)", kernelNow)
                .isEqualTo(longAgo.operState()).isEqualTo("no-carrier");
        assertThat(taps.inventory(false)).filteredOn(t -> t.pool() != null && t.pool().equals("or"))
                .extracting(TapInfo::operState).containsOnly("no-carrier");
        Waits.until(LINK_WATCH, "the kernel's link watch saw or1 released", () -> "down".equals(kernelOperState(
                "or1")));
        assertThat(info("or1").operState()).isEqualTo("no-carrier");

        // administratively down: nothing flows even when attached, whatever the carrier says
        Kernel.run("ip", "link", "set", "dev", "or0", "down");
        assertThat(info("or0").operState()).isEqualTo("down");
        try (TapLease l = taps.lease(LeaseRequest.named("or0"))) {
            assertThat(info("or0").carrier()).isTrue();
            assertThat(info("or0").operState()).isEqualTo("down");
        }
    }

    @Test
    void aMultiQueueTapIsNotLeasableAndNeverShownFree() {
        Kernel.run("ip", "tuntap", "add", "dev", "mq0", "mode", "tap", "multi_queue");
        Kernel.run("ip", "link", "set", "dev", "mq0", "up");
        TapInfo mq = info("mq0");
        assertThat(mq.multiQueue()).isTrue();
        assertThat(mq.attached()).isFalse();
        assertThat(mq.leasable()).isFalse();
        assertThat(mq.describeState()).isEqualTo("multi-queue (not leasable)");
        assertThat(mq.operState()).isEqualTo("no-carrier");
        assertThatThrownBy(() -> taps.lease(LeaseRequest.named("mq0"))).isInstanceOfSatisfying(TapException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.MULTI_QUEUE));
        taps.provisionPool(new PoolSpec("sq", 1, null, null));
        assertThat(info("sq0").leasable()).isTrue();
        assertThat(info("sq0").describeState()).isEqualTo("free");
    }
}
