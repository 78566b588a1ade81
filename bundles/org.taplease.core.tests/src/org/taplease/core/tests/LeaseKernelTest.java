package org.taplease.core.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Paths;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.taplease.core.LeaseRequest;
import org.taplease.core.PoolSpec;
import org.taplease.core.TapException;
import org.taplease.core.TapException.Reason;
import org.taplease.core.TapInfo;
import org.taplease.core.TapLease;
import org.taplease.core.TapService;
import org.taplease.core.TapServices;
import org.taplease.core.internal.jna.Unistd;
import org.taplease.core.tests.support.Kernel;
import org.taplease.core.tests.support.NoLeaks;

/** Leasing real taps through /dev/net/tun, inside the test namespace. */
@ExtendWith(NoLeaks.class)
class LeaseKernelTest {

    private final TapService taps = TapServices.forPlatform();

    @AfterEach
    void removePools() {
        Kernel.removeAllPools(taps);
    }

    @Test
    void leaseAttachesAndCloseFreesAtOnce() throws Exception {
        taps.provisionPool(new PoolSpec("lt", 2, null, null));
        TapInfo before = taps.tap("lt0", false).orElseThrow();
        assertThat(before.attached()).isFalse();
        try (TapLease lease = taps.lease(LeaseRequest.named("lt0"))) {
            assertThat(lease.name()).isEqualTo("lt0");
            assertThat(lease.pool()).isEqualTo("lt");
            assertThat(lease.created()).isFalse();
            assertThat(lease.ifindex()).isEqualTo(before.ifindex());
            TapInfo held = taps.tap("lt0", true).orElseThrow();
            assertThat(held.attached()).isTrue();
            assertThat(held.holders()).extracting(h -> (long) h.pid()).containsExactly(ProcessHandle.current().pid());
            assertThat(fdinfo(lease.fd())).contains("iff:\tlt0");
            // the kernel refuses a second attacher: BUSY naming the holder
            assertThatThrownBy(() -> taps.lease(LeaseRequest.named("lt0")))
                    .isInstanceOfSatisfying(TapException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.BUSY);
                        assertThat(e.errno()).isEqualTo(16);
                        assertThat(e.operation()).isEqualTo("TUNSETIFF");
                        assertThat(e.device()).isEqualTo("lt0");
                        assertThat(e.getMessage()).contains("pid " + ProcessHandle.current().pid());
                    });
        }
        assertThat(taps.tap("lt0", false).orElseThrow().attached()).isFalse();
        try (TapLease again = taps.lease(LeaseRequest.named("lt0"))) {
            assertThat(again.name()).isEqualTo("lt0");
        }
    }

    @Test
    void twoLeasesInARowReuseTheSameTapInsteadOfCreating() {
        taps.provisionPool(new PoolSpec("rr", 2, null, null));
        var linksBefore = Kernel.links();
        String first;
        int index;
        try (TapLease a = taps.lease(LeaseRequest.fromPool("rr").withCreate(true))) {
            first = a.name();
            index = a.ifindex();
            assertThat(a.created()).isFalse();
        }
        try (TapLease b = taps.lease(LeaseRequest.fromPool("rr").withCreate(true))) {
            assertThat(b.name()).isEqualTo(first);
            assertThat(b.ifindex()).isEqualTo(index);
            assertThat(b.created()).isFalse();
        }
        assertThat(Kernel.links()).isEqualTo(linksBefore);
    }

    @Test
    void theLastReleasedTapIsOnlyAHint() {
        taps.provisionPool(new PoolSpec("hn", 2, null, null));
        String first;
        try (TapLease a = taps.lease(LeaseRequest.fromPool("hn"))) {
            first = a.name();
        }
        // another holder takes the hinted tap: the lease falls back to listing and takes the other one
        TapService other = TapServices.forPlatform();
        try (TapLease taken = other.lease(LeaseRequest.named(first));
                TapLease b = taps.lease(LeaseRequest.fromPool("hn"))) {
            assertThat(b.name()).isNotEqualTo(first);
        }
        // the hinted tap is deleted and a foreign tap of the same name appears: it is not leased as a pool member
        String hinted;
        try (TapLease c = taps.lease(LeaseRequest.fromPool("hn"))) {
            hinted = c.name();
        }
        taps.deleteTap(hinted);
        Kernel.run("ip", "tuntap", "add", "dev", hinted, "mode", "tap");
        try (TapLease d = taps.lease(LeaseRequest.fromPool("hn"))) {
            assertThat(d.name()).isNotEqualTo(hinted);
            assertThat(d.pool()).isEqualTo("hn");
        } finally {
            Kernel.run("ip", "tuntap", "del", "dev", hinted, "mode", "tap");
        }
    }

    @Test
    void aNamedLeaseFindsItsPoolWhenAsked() {
        taps.provisionPool(new PoolSpec("np", 1, null, null));
        Kernel.run("ip", "tuntap", "add", "dev", "np-foreign", "mode", "tap");
        try {
            try (TapLease l = taps.lease(LeaseRequest.named("np0"))) {
                assertThat(l.pool()).isEqualTo("np");
            }
            try (TapLease l = taps.lease(LeaseRequest.named("np-foreign"))) {
                assertThat(l.pool()).isNull();
                assertThat(l.ifindex()).isEqualTo(taps.tap("np-foreign", false).orElseThrow().ifindex());
            }
        } finally {
            Kernel.run("ip", "tuntap", "del", "dev", "np-foreign", "mode", "tap");
        }
    }

    @Test
    void poolLeaseSkipsHeldTapsAndIsExhaustedWhenAllAreHeld() {
        taps.provisionPool(new PoolSpec("ex", 2, null, null));
        try (TapLease a = taps.lease(LeaseRequest.fromPool("ex")); TapLease b = taps.lease(LeaseRequest.fromPool("ex"))) {
            assertThat(a.name()).isNotEqualTo(b.name());
            assertThatThrownBy(() -> taps.lease(LeaseRequest.fromPool("ex")))
                    .isInstanceOfSatisfying(TapException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.POOL_EXHAUSTED);
                        assertThat(e.getMessage()).contains("all 2 taps").contains("Fix:");
                    });
        }
    }

    @Test
    void preferredTapComesFirstThenAnyFreeOne() {
        taps.provisionPool(new PoolSpec("pf", 3, null, null));
        try (TapLease l = taps.lease(LeaseRequest.fromPool("pf").withPreferred("pf2"))) {
            assertThat(l.name()).isEqualTo("pf2");
            try (TapLease other = taps.lease(LeaseRequest.fromPool("pf").withPreferred("pf2"))) {
                assertThat(other.name()).isIn("pf0", "pf1");
            }
        }
    }

    @Test
    void createsWhenNoneIsFreeOnlyIfAllowed() {
        taps.provisionPool(new PoolSpec("cr", 1, 4242, null));
        try (TapLease a = taps.lease(LeaseRequest.fromPool("cr"))) {
            assertThatThrownBy(() -> taps.lease(LeaseRequest.fromPool("cr")))
                    .hasFieldOrPropertyWithValue("reason", Reason.POOL_EXHAUSTED);
            try (TapLease b = taps.lease(LeaseRequest.fromPool("cr").withCreate(true))) {
                assertThat(b.created()).isTrue();
                assertThat(b.name()).isEqualTo("cr1");
                TapInfo made = taps.tap("cr1", false).orElseThrow();
                assertThat(made.persistent()).isTrue();
                assertThat(made.pool()).isEqualTo("cr");
                assertThat(made.owner()).as("created taps take the pool's owner").isEqualTo(4242);
                assertThat(made.attached()).isTrue();
            }
        }
        assertThat(taps.pools()).singleElement().satisfies(p -> assertThat(p.members()).containsExactly("cr0", "cr1"));
    }

    @Test
    void inventoryReportsWhatTheKernelKnows() throws Exception {
        taps.provisionPool(new PoolSpec("iv", 1, 1234, 5678));
        TapInfo t = taps.inventory(true).stream().filter(i -> i.name().equals("iv0")).findFirst().orElseThrow();
        assertThat(t.persistent()).isTrue();
        assertThat(t.multiQueue()).isFalse();
        assertThat(t.owner()).isEqualTo(1234);
        assertThat(t.group()).isEqualTo(5678);
        assertThat(t.pool()).isEqualTo("iv");
        assertThat(t.adminUp()).isTrue();
        assertThat(t.mtu()).isEqualTo(Integer.parseInt(read("/sys/class/net/iv0/mtu")));
        assertThat(t.mac()).isEqualTo(read("/sys/class/net/iv0/address"));
        assertThat(t.ifindex()).isEqualTo(Integer.parseInt(read("/sys/class/net/iv0/ifindex")));
        assertThat(t.holders()).isEmpty();
        assertThat(t.describeState()).isEqualTo("free");
        // a frame written to the tap is received by the host side: rx counters rise
        try (TapLease l = taps.lease(LeaseRequest.named("iv0"))) {
            byte[] frame = new byte[60];
            for (int i = 0; i < 6; i++) {
                frame[i] = (byte) 0xff;
            }
            frame[6] = 0x02;
            frame[12] = (byte) 0x88;
            frame[13] = (byte) 0xb5; // local experimental ethertype
            assertThat(Unistd.write(l.fd(), frame, frame.length)).isEqualTo(60);
            TapInfo held = taps.tap("iv0", true).orElseThrow();
            assertThat(held.stats().rxPackets()).isEqualTo(1);
            assertThat(held.stats().rxBytes()).isEqualTo(60);
            assertThat(held.carrier()).isTrue();
            assertThat(held.describeState()).startsWith("held by ").contains("pid " + ProcessHandle.current().pid());
        }
    }

    @Test
    void aVanishedNameIsNotCreatedByAccident() {
        var before = Kernel.links();
        assertThatThrownBy(() -> taps.lease(LeaseRequest.named("ghost0")))
                .hasFieldOrPropertyWithValue("reason", Reason.NOT_FOUND);
        // the race itself: the name exists at lookup, is deleted, then TUNSETIFF would create a transient tap;
        // the lease must notice (no IFF_PERSIST), close it again, and report NOT_FOUND
        Kernel.run("ip", "tuntap", "add", "dev", "ghost1", "mode", "tap");
        var link = org.taplease.core.tests.support.Internals.link("ghost1");
        Kernel.run("ip", "tuntap", "del", "dev", "ghost1", "mode", "tap");
        assertThatThrownBy(() -> org.taplease.core.tests.support.Internals.attach(link))
                .hasFieldOrPropertyWithValue("reason", Reason.NOT_FOUND)
                .hasMessageContaining("vanished");
        assertThat(Kernel.links()).isEqualTo(before);
    }

    @Test
    void leaseResetsPerLeaseStateAndKeepsMacAndMtu() {
        taps.provisionPool(new PoolSpec("rs", 1, null, null));
        Kernel.run("ip", "link", "set", "rs0", "mtu", "9000", "address", "02:00:00:00:00:99");
        try (TapLease l = taps.lease(LeaseRequest.named("rs0").withVnetHdr(true))) {
            org.taplease.core.tests.support.Internals.setVnetHdrSize(l.fd(), 12);
        }
        try (TapLease l = taps.lease(LeaseRequest.named("rs0").withVnetHdr(true))) {
            assertThat(org.taplease.core.tests.support.Internals.vnetHdrSize(l.fd())).isEqualTo(10);
        }
        TapInfo t = taps.tap("rs0", false).orElseThrow();
        assertThat(t.mtu()).isEqualTo(9000);
        assertThat(t.mac()).isEqualTo("02:00:00:00:00:99");
    }

    private static String fdinfo(int fd) throws Exception {
        return Files.readString(Paths.get("/proc/self/fdinfo/" + fd));
    }

    private static String read(String path) {
        try {
            return Files.readString(Paths.get(path)).trim();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
