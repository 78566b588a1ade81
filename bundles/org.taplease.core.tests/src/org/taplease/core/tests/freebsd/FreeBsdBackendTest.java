package org.taplease.core.tests.freebsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.taplease.core.ApplyReport;
import org.taplease.core.LeaseRequest;
import org.taplease.core.PoolNetwork;
import org.taplease.core.PoolInfo;
import org.taplease.core.PoolRemoval;
import org.taplease.core.PoolReport;
import org.taplease.core.PoolSpec;
import org.taplease.core.TapException;
import org.taplease.core.TapException.Reason;
import org.taplease.core.TapInfo;
import org.taplease.core.TapLease;
import org.taplease.core.TapNetwork;
import org.taplease.core.internal.HandoffLocks;
import org.taplease.core.internal.LeaseHints;
import org.taplease.core.internal.engine.LeaseEngine;
import org.taplease.core.internal.freebsd.FreeBsdKernel;
import org.taplease.core.internal.freebsd.jna.NetIf;

/**
 * The FreeBSD backend's decisions, through its system-call seam, against {@link FakeFreeBsdKernel} (a model of
 * if_tuntap.c and devfs: the FreeBSD kernel cannot run here). Each test says which kernel behaviour it relies on.
 * These tests do not show that the backend works on a real FreeBSD kernel; docs/freebsd.md says how to check that.
 */
class FreeBsdBackendTest {

    @RegisterExtension
    final FreeBsdModel model = new FreeBsdModel(LeaseHints.none());
    private final FakeFreeBsdKernel kernel = model.kernel();
    private final LeaseEngine taps = model.engine();

    private List<String> provision(String pool, int count) {
        PoolReport r = taps.provisionPool(new PoolSpec(pool, count, null, null));
        return r.created();
    }

    @Test
    void provisioningClonesLabelsAndClosesEachTap() {
        assertThat(provision("vms", 3)).containsExactly("tap0", "tap1", "tap2");
        assertThat(kernel.calls).contains("open /dev/tap", "cloned tap0", "SIOCSIFDESCR tap0 taplease:pool=vms member=0");
        // the driver's uucp:dialer node is no owner and no group
        assertThat(taps.pools()).containsExactly(new PoolInfo("vms", List.of("tap0", "tap1", "tap2"), 3, null, null,
                null, 1500, 0));
        // topping up makes only what is missing
        PoolReport again = taps.provisionPool(new PoolSpec("vms", 4, null, null));
        assertThat(again.created()).containsExactly("tap3");
        assertThat(again.existing()).containsExactly("tap0", "tap1", "tap2");
        assertThat(again.notes()).anyMatch(n -> n.startsWith("net.link.tap.user_open=0"))
                .anyMatch(n -> n.startsWith("net.link.tap.devfs_cloning=1"));
    }

    @Test
    void inventoryListsTapsOnlyWithStateAndHolder() {
        provision("vms", 2);
        kernel.holdByOther("tap1", 777, "bhyve");
        List<TapInfo> list = taps.inventory(true);
        // lo0 (loopback), em0 (Ethernet without a tap device) and tun0 (layer 3) are not taps
        assertThat(list).extracting(TapInfo::name).containsExactly("tap0", "tap1");
        assertThat(list.get(0).attached()).isFalse();
        assertThat(list.get(1).attached()).isTrue();
        assertThat(list.get(1).describeState()).isEqualTo("held by bhyve (pid 777)");
        // the same link states as on Linux, from IFF_UP and the attachment; a free tap that is down is ready all the
        // same (the attach brings it up), a held one that is down is down
        assertThat(list.get(0).operState()).isEqualTo("no-carrier");
        assertThat(list.get(1).operState()).isEqualTo(list.get(1).adminUp() ? "up" : "down");
        assertThat(list.get(1).pool()).isEqualTo("vms");
        assertThat(list.get(1).mac()).as("the member's MAC, locally administered").startsWith("02:");
        assertThat(taps.tap("tun0", false)).isEmpty();
        // FreeBSD names the opener; after a hand-over the opener may be gone while its child holds the tap
        kernel.openerExits(777);
        assertThat(taps.tap("tap1", true).orElseThrow().describeState())
                .isEqualTo("held by " + FreeBsdKernel.EXITED_OPENER + " (pid 777)");
    }

    @Test
    void poolLeaseIsAnExclusiveOpenThatSkipsBusyTapsAndBringsTheTapUp() {
        provision("vms", 3);
        kernel.holdByOther("tap0", 777, "bhyve");
        try (TapLease lease = taps.lease(LeaseRequest.fromPool("vms"))) {
            assertThat(lease.name()).isEqualTo("tap1");
            assertThat(lease.pool()).isEqualTo("vms");
            assertThat(kernel.ifaces.get("tap1").openedBy).isEqualTo(kernel.pid);
            // brought up through its own descriptor, as bhyve does (no privilege needed)
            assertThat(kernel.ifaces.get("tap1").flags & NetIf.IFF_UP).isNotZero();
            assertThat(kernel.calls).anyMatch(c -> c.startsWith("VMIO_SIOCSIFFLAGS tap1"));
            // a second lease gets the next free one; the kernel arbitrates with EBUSY
            try (TapLease second = taps.lease(LeaseRequest.fromPool("vms"))) {
                assertThat(second.name()).isEqualTo("tap2");
                assertThatThrownBy(() -> taps.lease(LeaseRequest.fromPool("vms"))).isInstanceOf(TapException.class)
                        .satisfies(e -> assertThat(((TapException) e).reason()).isEqualTo(Reason.POOL_EXHAUSTED))
                        .hasMessageContaining("all 3 taps of the pool are held");
            }
        }
        // closed: the driver took it down (no IFF_LINK0) and it is free again
        assertThat(kernel.ifaces.get("tap1").openedBy).isZero();
        assertThat(kernel.ifaces.get("tap1").flags & NetIf.IFF_UP).isZero();
        // the tap released last (tap1: the outer lease closed after the inner one) is tried first next time
        try (TapLease again = taps.lease(LeaseRequest.fromPool("vms"))) {
            assertThat(again.name()).isEqualTo("tap1");
        }
    }

    @Test
    void aPoolLeaseListsTheInterfacesOnceAndOpensFromThatListing() {
        provision("vms", 3);
        kernel.holdByOther("tap0", 777, "bhyve");
        kernel.holdByOther("tap1", 778, "bhyve");
        kernel.listings = 0;
        try (TapLease lease = taps.lease(LeaseRequest.fromPool("vms"))) {
            assertThat(lease.name()).isEqualTo("tap2");
        }
        assertThat(kernel.listings).as("getifaddrs calls for one pool lease").isEqualTo(1);
    }

    @Test
    void aRaceLostAtOpenFallsThroughToTheNextTap() {
        provision("vms", 2);
        // another process opens tap0 after the inventory saw it free, before our open
        kernel.beforeNextOpen = () -> kernel.holdByOther("tap0", 778, "qemu-system-x86_64");
        try (TapLease lease = taps.lease(LeaseRequest.fromPool("vms"))) {
            assertThat(lease.name()).isEqualTo("tap1");
        }
        assertThat(kernel.calls).contains("open /dev/tap0 -> errno 16");
    }

    @Test
    void namedLeaseOfABusyTapNamesTheHolderAndChangesNothing() {
        provision("vms", 1);
        kernel.holdByOther("tap0", 777, "bhyve");
        assertThatThrownBy(() -> taps.lease(LeaseRequest.named("tap0"))).isInstanceOf(TapException.class)
                .satisfies(e -> {
                    TapException t = (TapException) e;
                    assertThat(t.reason()).isEqualTo(Reason.BUSY);
                    assertThat(t.errno()).isEqualTo(16);
                    assertThat(t.operation()).isEqualTo("open");
                }).hasMessageContaining("busy, held by bhyve (pid 777)");
        assertThat(kernel.ifaces.get("tap0").openedBy).isEqualTo(777);
    }

    @Test
    void aMissingTapIsNeverCreatedByOpeningItsName() {
        List<String> before = kernel.interfaceNames();
        // as root with devfs cloning on, open("/dev/tap9") would create tap9: taplease must not open it
        assertThatThrownBy(() -> taps.lease(LeaseRequest.named("tap9"))).isInstanceOf(TapException.class)
                .satisfies(e -> assertThat(((TapException) e).reason()).isEqualTo(Reason.NOT_FOUND))
                .hasMessageContaining("never creates a tap by opening its name");
        assertThat(kernel.calls).noneMatch(c -> c.startsWith("open"));
        assertThat(kernel.interfaceNames()).isEqualTo(before);
    }

    @Test
    void aTapThatVanishesBeforeTheOpenIsNotRecreated() {
        provision("vms", 2);
        List<String> before = kernel.interfaceNames();
        // an administrator destroys tap0 between our listing and our open: devfs cloning re-creates tap0 on open
        kernel.beforeNextOpen = () -> kernel.ifaces.remove("tap0");
        assertThatThrownBy(() -> taps.lease(LeaseRequest.named("tap0"))).isInstanceOf(TapException.class)
                .satisfies(e -> assertThat(((TapException) e).reason()).isEqualTo(Reason.NOT_FOUND))
                .hasMessageContaining("vanished");
        assertThat(kernel.calls).contains("cloned tap0 by its name", "SIOCIFDESTROY tap0");
        assertThat(kernel.interfaceNames()).isEqualTo(before.stream().filter(n -> !n.equals("tap0")).toList());
    }

    @Test
    void notATapIsRefusedWithoutOpeningIt() {
        for (String name : List.of("lo0", "em0", "tun0")) {
            assertThatThrownBy(() -> taps.lease(LeaseRequest.named(name))).isInstanceOf(TapException.class)
                    .satisfies(e -> assertThat(((TapException) e).reason()).isEqualTo(Reason.NOT_A_TAP));
        }
        assertThat(kernel.calls).noneMatch(c -> c.startsWith("open"));
    }

    @Test
    void aPreferredTapTheUserMayNotOpenFallsThroughToOneItMay() {
        taps.provisionPool(new PoolSpec("mix", 1, 1001, null));
        taps.provisionPool(new PoolSpec("mix", 2, 1002, null)); // the top-up belongs to another user
        kernel.uid = 1001;
        kernel.gid = 1001;
        try (TapLease lease = taps.lease(LeaseRequest.fromPool("mix").withPreferred("tap1"))) {
            assertThat(lease.name()).isEqualTo("tap0");
        }
        // with the user's own tap held, the refusal says why the other one cannot be had
        kernel.holdByOther("tap0", 781, "bhyve");
        assertThatThrownBy(() -> taps.lease(LeaseRequest.fromPool("mix").withPreferred("tap1")))
                .satisfies(e -> assertThat(((TapException) e).reason()).isEqualTo(Reason.PERMISSION))
                .hasMessageContaining("/dev/tap1 is ");
    }

    @Test
    void anUnprivilegedUserLeasesFromItsPoolButNotOthersTaps() {
        taps.provisionPool(new PoolSpec("alice", 1, 1001, null));
        provision("root", 1);
        assertThat(kernel.ifaces.get("tap0").uid).isEqualTo(1001);
        assertThat(kernel.ifaces.get("tap0").mode).isEqualTo(0660);
        kernel.uid = 1001;
        kernel.gid = 1001;
        try (TapLease lease = taps.lease(LeaseRequest.fromPool("alice"))) {
            assertThat(lease.name()).isEqualTo("tap0");
        }
        assertThatThrownBy(() -> taps.lease(LeaseRequest.named("tap1"))).isInstanceOf(TapException.class)
                .satisfies(e -> assertThat(((TapException) e).reason()).isEqualTo(Reason.PERMISSION))
                .hasMessageContaining("/dev/tap1 is ").hasMessageContaining("mode 0600")
                .hasMessageContaining("devfs.rules");
        // without root nor net.link.tap.user_open the clone device cannot create: a clear reason, nothing made
        kernel.holdByOther("tap0", 780, "bhyve");
        List<String> before = kernel.interfaceNames();
        assertThatThrownBy(() -> taps.lease(LeaseRequest.fromPool("alice").withCreate(true)))
                .isInstanceOf(TapException.class)
                .satisfies(e -> assertThat(((TapException) e).reason()).isEqualTo(Reason.PERMISSION))
                .hasMessageContaining("creating taps needs root");
        assertThat(kernel.interfaceNames()).isEqualTo(before);
    }

    @Test
    void ownershipIsSetForNowAndDevfsRulesAreGivenForReboots() {
        PoolReport r = taps.provisionPool(new PoolSpec("team", 2, null, 0));
        assertThat(kernel.calls).contains("chown /dev/tap0 66:0 660", "chown /dev/tap1 66:0 660");
        assertThat(r.notes()).anyMatch(n -> n.contains("/etc/devfs.rules") && n.contains("add path 'tap0' mode 0660")
                && n.contains("add path 'tap1' mode 0660") && n.contains("devfs_system_ruleset"));
    }

    @Test
    void keepAddressesSetsLink0AndALeaseKeepsIt() {
        taps.provisionPool(new PoolSpec("keep", 1, null, null).withKeepAddresses(true));
        FakeFreeBsdKernel.Iface t = kernel.ifaces.get("tap0");
        assertThat(t.flags & NetIf.IFF_LINK0).isNotZero();
        t.addresses.add("192.0.2.1/24");
        try (TapLease lease = taps.lease(LeaseRequest.fromPool("keep"))) {
            assertThat(lease.name()).isEqualTo("tap0");
        }
        // VMIO_SIOCSIFFLAGS would have cleared IFF_LINK0: the up tap was left alone, and the close kept it up
        assertThat(kernel.calls).noneMatch(c -> c.startsWith("VMIO_SIOCSIFFLAGS"));
        assertThat(t.flags & (NetIf.IFF_LINK0 | NetIf.IFF_UP)).isEqualTo(NetIf.IFF_LINK0 | NetIf.IFF_UP);
        assertThat(t.addresses).containsExactly("192.0.2.1/24");
    }

    @Test
    void poolLeaseMayCloneWhenAllowedAndCloningIsOn() {
        provision("vms", 1);
        kernel.holdByOther("tap0", 777, "bhyve");
        try (TapLease lease = taps.lease(LeaseRequest.fromPool("vms").withCreate(true).withVnetHdr(true))) {
            assertThat(lease.name()).isEqualTo("tap1");
            assertThat(lease.created()).isTrue();
            assertThat(kernel.ifaces.get("tap1").description).isEqualTo("taplease:pool=vms member=1");
            assertThat(kernel.ifaces.get("tap1").vnetHdr).isEqualTo(10);
        }
        assertThat(kernel.ifaces.get("tap1").vnetHdr).as("reset by the close").isZero();
        // with devfs cloning off, taplease says so and does not change the sysctl
        kernel.devfsCloning = 0;
        kernel.holdByOther("tap1", 779, "bhyve");
        assertThatThrownBy(() -> taps.lease(LeaseRequest.fromPool("vms").withCreate(true)))
                .hasMessageContaining("net.link.tap.devfs_cloning=0").hasMessageContaining("does not change it");
        assertThat(kernel.devfsCloning).isZero();
    }

    @Test
    void removingAPoolDestroysFreeMembersKeepsHeldOnesAndNeverTouchesOthers() {
        provision("vms", 3);
        kernel.addTap("tap9"); // not taplease's
        kernel.holdByOther("tap1", 777, "bhyve");
        PoolRemoval r = taps.removePool("vms");
        assertThat(r.deleted()).containsExactly("tap0", "tap2");
        assertThat(r.kept()).hasSize(1);
        assertThat(r.kept().get(0).name()).isEqualTo("tap1");
        assertThat(r.kept().get(0).holders().get(0).command()).isEqualTo("bhyve");
        assertThat(kernel.interfaceNames()).contains("tap1", "tap9").doesNotContain("tap0", "tap2");
        assertThatThrownBy(() -> taps.deleteTap("tap9")).isInstanceOf(TapException.class)
                .hasMessageContaining("not a taplease tap");
        kernel.releaseByOther("tap1");
        taps.deleteTap("tap1");
        assertThat(kernel.interfaceNames()).doesNotContain("tap1");
    }

    @Test
    void aTapBeingHandedOverByNameIsSkippedByAllocators() {
        provision("vms", 2);
        HandoffLocks other = new HandoffLocks(model.lockDir());
        try (HandoffLocks.Handoff h = other.take("tap0")) {
            try (TapLease lease = taps.lease(LeaseRequest.fromPool("vms"))) {
                assertThat(lease.name()).isEqualTo("tap1");
            }
            assertThatThrownBy(() -> taps.lease(LeaseRequest.named("tap0"))).hasMessageContaining("handed over");
            assertThatThrownBy(() -> other.take("tap0")).isInstanceOf(TapException.class)
                    .satisfies(e -> assertThat(((TapException) e).reason()).isEqualTo(Reason.BUSY));
        }
        try (TapLease lease = taps.lease(LeaseRequest.named("tap0"))) {
            assertThat(lease.name()).isEqualTo("tap0");
        }
    }

    @Test
    void theSameEngineDecidesOnFreeBsdLabelsLimitsHintsAndPreferredTaps() {
        provision("vms", 3);
        kernel.ifaces.get("tap2").description = "taplease:pool=vms note"; // more after the pool name: still a member
        kernel.addTap("tap7").description = "taplease:pool="; // an empty pool name makes no pool
        assertThat(taps.pools()).singleElement()
                .satisfies(p -> assertThat(p.members()).containsExactly("tap0", "tap1", "tap2"));
        assertThat(taps.tap("tap7", false).orElseThrow().pool()).isNull();
        // a preferred tap outside the pool is never leased
        provision("other", 1);
        try (TapLease l = taps.lease(LeaseRequest.fromPool("other").withPreferred("tap1"))) {
            assertThat(l.name()).isEqualTo("tap3");
        }
        assertThatThrownBy(() -> taps.lease(LeaseRequest.fromPool("nopool").withPreferred("tap1")))
                .satisfies(e -> assertThat(((TapException) e).reason()).isEqualTo(Reason.NOT_FOUND))
                .hasMessageContaining("no such pool");
        assertThat(kernel.ifaces.get("tap1").openedBy).isZero();
        // one "grow the pool" hint and one size limit for both kernels
        kernel.holdByOther("tap0", 701, "bhyve");
        kernel.holdByOther("tap1", 702, "bhyve");
        kernel.holdByOther("tap2", 703, "bhyve");
        assertThatThrownBy(() -> taps.lease(LeaseRequest.fromPool("vms")))
                .hasMessageContaining("all 3 taps of the pool are held")
                .hasMessageContaining("--count 7");
        assertThatThrownBy(() -> taps.provisionPool(new PoolSpec("big", LeaseEngine.MAX_POOL_SIZE + 1, null, null)))
                .satisfies(e -> assertThat(((TapException) e).reason()).isEqualTo(Reason.INVALID_REQUEST));
    }

    // ---------------------------------------------------------------- pools that carry their network (model only)

    private List<String> networkCalls() {
        return kernel.calls.stream().filter(c -> c.startsWith("SIOCAIFADDR") || c.startsWith("SIOCDIFADDR")
                || c.startsWith("SIOCSIFMTU") || c.startsWith("SIOCSIFLLADDR") || c.startsWith("BRDGADD")
                || c.startsWith("BRDGDEL") || c.startsWith("chown") || c.startsWith("SIOCSIFFLAGS")
                || c.startsWith("SIOCSIFDESCR") || c.startsWith("cloned") || c.startsWith("SIOCIFDESTROY")).toList();
    }

    @Test
    void modelOnly_aRoutedPoolOfTwoGetsA30EachAndASecondApplyChangesNothing() {
        ApplyReport r = taps.applyPools(List.of(new PoolSpec("r", 2, null, null)
                .withNetwork(PoolNetwork.routed("10.77.0.0/29"))));
        assertThat(r.pools()).singleElement().satisfies(p -> assertThat(p.created()).containsExactly("tap0", "tap1"));
        assertThat(kernel.calls).contains("SIOCAIFADDR tap0 10.77.0.1/30", "SIOCAIFADDR tap1 10.77.0.5/30");
        // IFF_LINK0 (made with it, as a pool with a network keeps its addresses): the closes kept the addresses
        assertThat(kernel.ifaces.get("tap0").addresses).containsExactly("10.77.0.1/30");
        assertThat(kernel.ifaces.get("tap1").addresses).containsExactly("10.77.0.5/30");
        assertThat(kernel.ifaces.get("tap0").flags & NetIf.IFF_LINK0).isNotZero();
        TapNetwork n = taps.tap("tap1", false).orElseThrow().network();
        assertThat(n.hostAddress()).isEqualTo("10.77.0.5");
        assertThat(n.guestAddress()).isEqualTo("10.77.0.6");
        assertThat(n.prefix()).isEqualTo(30);
        // the members' own prefix routes do not count as overlaps: nothing to do the second time
        kernel.calls.clear();
        ApplyReport again = taps.applyPools(List.of(new PoolSpec("r", 2, null, null)
                .withNetwork(PoolNetwork.routed("10.77.0.0/29"))));
        assertThat(again.unchanged()).as(again.toString()).isTrue();
        assertThat(networkCalls()).isEmpty();
        // a lease and its release keep the address
        try (TapLease l = taps.lease(LeaseRequest.fromPool("r"))) {
            assertThat(l.name()).isIn("tap0", "tap1");
        }
        assertThat(kernel.ifaces.get("tap0").addresses).containsExactly("10.77.0.1/30");
        assertThat(kernel.ifaces.get("tap1").addresses).containsExactly("10.77.0.5/30");
    }

    @Test
    void modelOnly_anAddressLostOnAnExistingMemberIsRestoredAndOverlapsAreRefused() {
        taps.applyPools(List.of(new PoolSpec("r", 2, null, null).withNetwork(PoolNetwork.routed("10.77.0.0/29"))));
        kernel.ifaces.get("tap1").addresses.clear(); // e.g. 'ifconfig tap1 inet 10.77.0.5 -alias'
        kernel.calls.clear();
        ApplyReport r = taps.applyPools(List.of(new PoolSpec("r", 2, null, null)
                .withNetwork(PoolNetwork.routed("10.77.0.0/29"))));
        assertThat(r.pools().get(0).changed()).containsExactly("tap1: address 10.77.0.5/30");
        assertThat(networkCalls()).containsExactly("SIOCAIFADDR tap1 10.77.0.5/30");
        // another interface's address or route in the subnet: refused before anything changes
        kernel.ifaces.get("em0").addresses.add("10.88.0.1/24");
        kernel.staticRoutes.add(new FakeFreeBsdKernel.StaticRoute("10.99.0.0/16", "em0", "10.88.0.254",
                FreeBsdRouteDump.RTF_UP | FreeBsdRouteDump.RTF_GATEWAY | FreeBsdRouteDump.RTF_STATIC));
        kernel.calls.clear();
        assertThatThrownBy(() -> taps.applyPools(List.of(new PoolSpec("s", 1, null, null)
                .withNetwork(PoolNetwork.routed("10.88.0.0/30"))))).isInstanceOf(TapException.class)
                .satisfies(e -> assertThat(((TapException) e).reason()).isEqualTo(Reason.INVALID_REQUEST))
                .hasMessageContaining("overlaps address 10.88.0.1/24 on em0");
        assertThatThrownBy(() -> taps.applyPools(List.of(new PoolSpec("s", 1, null, null)
                .withNetwork(PoolNetwork.routed("10.99.1.0/30"))))).isInstanceOf(TapException.class)
                .hasMessageContaining("overlaps route 10.99.0.0/16 on em0");
        assertThat(networkCalls()).isEmpty();
    }

    @Test
    void modelOnly_aBridgedPoolsMembersJoinTheBridgeAndASecondApplyChangesNothing() {
        kernel.addBridge("bridge0");
        ApplyReport r = taps.applyPools(List.of(new PoolSpec("b", 2, null, null)
                .withNetwork(PoolNetwork.bridged("bridge0"))));
        assertThat(r.pools()).singleElement().satisfies(p -> assertThat(p.created()).hasSize(2));
        assertThat(kernel.calls).contains("BRDGADD bridge0 tap0", "BRDGADD bridge0 tap1");
        assertThat(kernel.ifaces.get("bridge0").members).containsExactly("tap0", "tap1");
        assertThat(taps.tap("tap0", false).orElseThrow().network().bridge()).isEqualTo("bridge0");
        kernel.calls.clear();
        ApplyReport again = taps.applyPools(List.of(new PoolSpec("b", 2, null, null)
                .withNetwork(PoolNetwork.bridged("bridge0"))));
        assertThat(again.unchanged()).as(again.toString()).isTrue();
        assertThat(networkCalls()).isEmpty();
        // a member taken out of the bridge by hand is put back
        kernel.deleteBridgeMember("bridge0", "tap1");
        kernel.calls.clear();
        taps.applyPools(List.of(new PoolSpec("b", 2, null, null).withNetwork(PoolNetwork.bridged("bridge0"))));
        assertThat(networkCalls()).containsExactly("BRDGADD bridge0 tap1");
    }

    @Test
    void modelOnly_aBridgedPoolNeedsAnExistingIfBridge() {
        assertThatThrownBy(() -> taps.applyPools(List.of(new PoolSpec("b", 1, null, null)
                .withNetwork(PoolNetwork.bridged("bridge0"))))).isInstanceOf(TapException.class)
                .satisfies(e -> assertThat(((TapException) e).reason()).isEqualTo(Reason.INVALID_REQUEST))
                .hasMessageContaining("no such bridge");
        assertThatThrownBy(() -> taps.applyPools(List.of(new PoolSpec("b", 1, null, null)
                .withNetwork(PoolNetwork.bridged("em0"))))).isInstanceOf(TapException.class)
                .hasMessageContaining("not a bridge");
        assertThat(kernel.interfaceNames()).noneMatch(n -> n.startsWith("tap"));
    }

    @Test
    void modelOnly_aFailedStepUndoesTheWholeApply() {
        taps.applyPools(List.of(new PoolSpec("r", 1, null, null).withNetwork(PoolNetwork.routed("10.77.0.0/29"))));
        List<String> before = kernel.interfaceNames();
        kernel.failOn = "SIOCAIFADDR tap1";
        kernel.failErrno = 12; // ENOMEM
        assertThatThrownBy(() -> taps.applyPools(List.of(new PoolSpec("r", 2, null, null)
                .withNetwork(PoolNetwork.routed("10.77.0.0/29").withMtu(9000))))).isInstanceOf(TapException.class)
                .hasMessageContaining("were undone");
        // tap0's MTU is back, the new tap1 is gone, tap0 keeps its address
        assertThat(kernel.calls).contains("SIOCSIFMTU tap0 9000", "SIOCSIFMTU tap0 1500", "SIOCIFDESTROY tap1");
        assertThat(kernel.ifaces.get("tap0").mtu).isEqualTo(1500);
        assertThat(kernel.interfaceNames()).isEqualTo(before);
        assertThat(kernel.ifaces.get("tap0").addresses).containsExactly("10.77.0.1/30");
    }
}
