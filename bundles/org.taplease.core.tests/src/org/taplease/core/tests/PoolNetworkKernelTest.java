package org.taplease.core.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.taplease.core.ApplyReport;
import org.taplease.core.LeaseRequest;
import org.taplease.core.PoolInfo;
import org.taplease.core.PoolNetwork;
import org.taplease.core.PoolSpec;
import org.taplease.core.TapException;
import org.taplease.core.TapException.Reason;
import org.taplease.core.TapInfo;
import org.taplease.core.TapLease;
import org.taplease.core.TapNetwork;
import org.taplease.core.TapService;
import org.taplease.core.internal.HandoffLocks;
import org.taplease.core.internal.engine.Labels;
import org.taplease.core.internal.engine.LeaseEngine;
import org.taplease.core.internal.engine.Macs;
import org.taplease.core.internal.linux.LinuxKernel;
import org.taplease.core.tests.support.ForwardingKernel;
import org.taplease.core.tests.support.Kernel;
import org.taplease.core.tests.support.NoLeaks;

/**
 * Pools that carry their network, through the engine on the real Linux kernel (real taps, a real bridge and veth
 * interfaces made by the test in the test namespace): routed member blocks, bridge membership, MTU, stable MACs,
 * apply after a "reboot", surplus, rollback, and every declaration refused before anything changes.
 */
@ExtendWith(NoLeaks.class)
class PoolNetworkKernelTest {

    /** The real kernel; fails the {@code failAt}-th network change when set (to prove the rollback). */
    private static final class FailingKernel extends ForwardingKernel {
        final AtomicInteger changes = new AtomicInteger();
        volatile int failAt = -1;

        FailingKernel() {
            super(new LinuxKernel());
        }

        private void change(String name) {
            if (changes.incrementAndGet() == failAt) {
                throw new TapException(Reason.SYSTEM, name, "injected failure", null);
            }
        }

        @Override
        public void setMtu(String name, int index, int mtu) {
            change(name);
            super.setMtu(name, index, mtu);
        }

        @Override
        public void addAddress(String name, int index, int address, int prefix) {
            change(name);
            super.addAddress(name, index, address, prefix);
        }
    }

    private final FailingKernel kernel = new FailingKernel();
    private final TapService taps = new LeaseEngine(kernel, HandoffLocks.standard());
    private final List<String> madeInterfaces = new ArrayList<>();

    @AfterEach
    void cleanup() {
        kernel.failAt = -1;
        Kernel.removeAllPools(taps);
        for (String i : madeInterfaces) {
            Kernel.exec("ip", "link", "del", i);
        }
    }

    private static PoolSpec routed(String name, int count, String subnet) {
        return new PoolSpec(name, count, null, null).withNetwork(PoolNetwork.routed(subnet));
    }

    private Map<String, TapInfo> members(String pool) {
        return taps.inventory(false).stream().filter(t -> pool.equals(t.pool()))
                .collect(Collectors.toMap(TapInfo::name, Function.identity()));
    }

    /**
     * What a declaration that is refused must leave as it was: links, IPv4 addresses, routes (without the routes'
     * {@code linkdown} flag, which follows carrier through the kernel's asynchronous link watch: state, not
     * configuration).
     */
    private static String state() {
        return (String.join("\n", Kernel.linkState()) + "\n" + Kernel.run("ip", "-4", "-o", "addr") + "\n"
                + Kernel.run("ip", "-4", "route", "show", "table", "all")).replace(" linkdown", "").strip();
    }

    private void bridge(String name) {
        Kernel.run("ip", "link", "add", name, "type", "bridge");
        madeInterfaces.add(name);
        Kernel.run("ip", "link", "set", name, "up");
    }

    @Test
    void routedMembersGetTheirOwnBlockAndLeasesCarryIt() {
        ApplyReport r = taps.applyPools(List.of(routed("rt", 2, "10.91.0.0/29")));
        assertThat(r.pools()).singleElement().satisfies(p -> assertThat(p.created()).containsExactly("rt0", "rt1"));

        Map<String, TapInfo> m = members("rt");
        TapNetwork n0 = m.get("rt0").network();
        TapNetwork n1 = m.get("rt1").network();
        assertThat(n0).isEqualTo(new TapNetwork("10.91.0.1", "10.91.0.2", 30, null, Macs.guestOf(m.get("rt0").mac()),
                m.get("rt0").mtu()));
        assertThat(n1.hostAddress()).isEqualTo("10.91.0.5");
        assertThat(n1.guestAddress()).isEqualTo("10.91.0.6");
        assertThat(n0.netmask()).isEqualTo("255.255.255.252");
        assertThat(n0.kernelIpArgument("eth0")).isEqualTo("ip=10.91.0.2::10.91.0.1:255.255.255.252::eth0:off");
        // the kernel really has them: address and prefix route
        assertThat(Kernel.run("ip", "-4", "-o", "addr", "show", "dev", "rt1")).contains("inet 10.91.0.5/30");
        assertThat(Kernel.run("ip", "-4", "route", "show", "dev", "rt0")).contains("10.91.0.0/30");
        // stable MACs from pool name and member number; the guest's differs from the tap's
        assertThat(m.get("rt0").mac()).isEqualTo(Macs.format(Macs.member("rt", 0)));
        assertThat(m.get("rt1").mac()).isEqualTo(Macs.format(Macs.member("rt", 1)));
        assertThat(n0.guestMac()).isNotEqualTo(m.get("rt0").mac()).startsWith("06:");
        assertThat(m.get("rt1").alias()).isEqualTo(Labels.of("rt", 1));

        try (TapLease a = taps.lease(LeaseRequest.fromPool("rt")); TapLease b = taps.lease(LeaseRequest.fromPool("rt"))) {
            assertThat(List.of(a.network().hostAddress(), b.network().hostAddress()))
                    .containsExactlyInAnyOrder("10.91.0.1", "10.91.0.5");
            assertThat(a.network().routed()).isTrue();
        }
        PoolInfo info = taps.pools().get(0);
        assertThat(info.routed()).isEqualTo(2);
        assertThat(info.bridge()).isNull();

        assertThat(taps.applyPools(List.of(routed("rt", 2, "10.91.0.0/29"))).unchanged()).isTrue();
    }

    @Test
    void slash31BlocksUseBothAddresses() {
        taps.applyPools(List.of(routed("p2p", 2, "10.91.1.0/30").withNetwork(PoolNetwork.routed("10.91.1.0/30")
                .withMemberPrefix(31))));
        Map<String, TapInfo> m = members("p2p");
        assertThat(m.get("p2p0").network().hostAddress()).isEqualTo("10.91.1.0");
        assertThat(m.get("p2p0").network().guestAddress()).isEqualTo("10.91.1.1");
        assertThat(m.get("p2p1").network().hostAddress()).isEqualTo("10.91.1.2");
        assertThat(m.get("p2p1").network().prefix()).isEqualTo(31);
    }

    @Test
    void bridgedMembersArePortsOfTheBridgeWithTheirMtu() {
        bridge("brt0");
        PoolSpec spec = new PoolSpec("bt", 2, null, null).withNetwork(PoolNetwork.bridged("brt0").withMtu(1400));
        taps.applyPools(List.of(spec));
        for (TapInfo t : members("bt").values()) {
            assertThat(t.network().bridge()).isEqualTo("brt0");
            assertThat(t.mtu()).isEqualTo(1400);
            assertThat(t.network().hostAddress()).isNull();
        }
        assertThat(Kernel.run("ip", "-o", "link", "show", "master", "brt0")).contains("bt0").contains("bt1");
        assertThat(taps.pools().get(0).bridge()).isEqualTo("brt0");
        assertThat(taps.pools().get(0).mtu()).isEqualTo(1400);
        // the bridge itself is not changed: still up, still no address
        assertThat(Kernel.run("ip", "-o", "link", "show", "brt0")).contains("UP");
        assertThat(taps.applyPools(List.of(spec)).unchanged()).isTrue();
    }

    @Test
    void applyAfterARebootBringsMembersBackTheSame() {
        PoolSpec spec = routed("rb", 2, "10.91.2.0/29").withNetwork(PoolNetwork.routed("10.91.2.0/29").withMtu(1450));
        taps.applyPools(List.of(spec));
        Map<String, TapInfo> before = members("rb");
        Kernel.run("ip", "link", "del", "rb0");
        Kernel.run("ip", "link", "del", "rb1");
        assertThat(members("rb")).isEmpty();

        ApplyReport r = taps.applyPools(List.of(spec));
        assertThat(r.pools().get(0).created()).containsExactly("rb0", "rb1");
        Map<String, TapInfo> after = members("rb");
        for (String name : List.of("rb0", "rb1")) {
            assertThat(after.get(name).mac()).isEqualTo(before.get(name).mac());
            assertThat(after.get(name).network()).isEqualTo(before.get(name).network());
            assertThat(after.get(name).mtu()).isEqualTo(1450);
        }
        assertThat(taps.applyPools(List.of(spec)).unchanged()).isTrue();
    }

    @Test
    void applyRestoresWhatWasChangedByHandAndRemovesFreeSurplus() {
        taps.applyPools(List.of(routed("fx", 3, "10.91.3.0/28")));
        Kernel.run("ip", "addr", "del", "10.91.3.5/30", "dev", "fx1");
        Kernel.run("ip", "addr", "add", "10.91.3.100/24", "dev", "fx1");
        Kernel.run("ip", "link", "set", "fx0", "mtu", "1300");
        Kernel.run("ip", "addr", "del", "10.91.3.1/30", "dev", "fx0");
        try (TapLease held = taps.lease(LeaseRequest.named("fx2"))) {
            ApplyReport r = taps.applyPools(List.of(routed("fx", 1, "10.91.3.0/28")));
            ApplyReport.Pool p = r.pools().get(0);
            // count 1: fx1 free surplus is deleted, fx2 held surplus is kept and named with its holder
            assertThat(p.removed()).containsExactly("fx1");
            assertThat(p.changed()).containsExactly("fx0: address 10.91.3.1/30");
            assertThat(p.kept()).singleElement().satisfies(k -> {
                assertThat(k.name()).isEqualTo("fx2");
                assertThat(k.holders()).anySatisfy(h -> assertThat(h.pid()).isEqualTo(ProcessHandle.current().pid()));
            });
            // the MTU is not declared: left as it is
            assertThat(members("fx").get("fx0").mtu()).isEqualTo(1300);
        }
        taps.applyPools(List.of(routed("fx", 3, "10.91.3.0/28")));
        Map<String, TapInfo> m = members("fx");
        assertThat(m.get("fx1").network().hostAddress()).isEqualTo("10.91.3.5");
        assertThat(Kernel.run("ip", "-4", "-o", "addr", "show", "dev", "fx1")).doesNotContain("10.91.3.100");
    }

    @Test
    void aFailurePartWayIsUndone() {
        PoolSpec first = routed("ua", 2, "10.91.4.0/29").withNetwork(PoolNetwork.routed("10.91.4.0/29").withMtu(1400));
        taps.applyPools(List.of(first));
        String before = state();
        // changing both pools: ua's MTU (2 changes), then ub's members; the 4th change fails
        kernel.changes.set(0);
        kernel.failAt = 4;
        PoolSpec first2 = routed("ua", 2, "10.91.4.0/29").withNetwork(PoolNetwork.routed("10.91.4.0/29").withMtu(1300));
        assertThatThrownBy(() -> taps.applyPools(List.of(first2, routed("ub", 2, "10.91.5.0/29"))))
                .isInstanceOfSatisfying(TapException.class, e -> assertThat(e.getMessage()).contains("injected failure")
                        .contains("were undone"));
        kernel.failAt = -1;
        assertThat(state()).isEqualTo(before);
        assertThat(members("ub")).isEmpty();
        assertThat(members("ua").get("ua0").mtu()).isEqualTo(1400);
    }

    @Test
    void declarationsTheKernelStateRefusesChangeNothing() {
        Kernel.run("ip", "link", "add", "dmt0", "type", "veth", "peer", "name", "dmt0p");
        madeInterfaces.add("dmt0");
        Kernel.run("ip", "addr", "add", "10.92.0.1/24", "dev", "dmt0");
        Kernel.run("ip", "link", "set", "dmt0", "up");
        Kernel.run("ip", "route", "add", "10.93.0.0/16", "dev", "dmt0");
        taps.applyPools(List.of(routed("ok", 1, "10.91.6.0/30")));
        String before = state();

        refused(routed("nb", 1, "10.92.0.128/30"), "overlaps address 10.92.0.1/24 on dmt0", "choose a subnet");
        refused(routed("nr", 1, "10.93.4.0/30"), "overlaps route 10.93.0.0/16 on dmt0", "choose a subnet");
        refused(routed("sm", 3, "10.91.7.0/29"), "too small", "/28");
        refused(routed("iv", 1, "10.91.7.0/33"), "invalid subnet", "0 to 32");
        refused(routed("hb", 1, "10.91.7.1/24"), "host bits", "10.91.7.0/24");
        refused(new PoolSpec("mb", 1, null, null).withNetwork(PoolNetwork.bridged("nosuchbr")), "no such bridge",
                "never creates");
        refused(new PoolSpec("nb2", 1, null, null).withNetwork(PoolNetwork.bridged("dmt0")),
                "not a bridge but a veth device", "existing bridge");
        refused(new PoolSpec("nb3", 1, null, null).withNetwork(PoolNetwork.bridged("ok0")), "not a bridge but a tap",
                "existing bridge");
        refused(new PoolSpec("mt", 1, null, null).withNetwork(PoolNetwork.NONE.withMtu(65536)), "MTU 65536 out of range",
                "68 to 65535");
        refused(new PoolSpec("bo", 1, null, null).withNetwork(new PoolNetwork("10.91.8.0/30", 30, "dmt0", null)),
                "not both", "--subnet or --bridge");
        // a good declaration beside a bad one: nothing of either
        assertThatThrownBy(() -> taps.applyPools(List.of(routed("gd", 1, "10.91.9.0/30"), routed("gd", 1,
                "10.91.10.0/30")))).isInstanceOfSatisfying(TapException.class,
                        e -> assertThat(e.getMessage()).contains("declared twice"));
        assertThatThrownBy(() -> taps.applyPools(List.of(routed("o1", 1, "10.91.12.0/24"), routed("o2", 1,
                "10.91.12.64/30")))).isInstanceOfSatisfying(TapException.class,
                        e -> assertThat(e.getMessage()).contains("overlaps subnet 10.91.12.0/24 of pool o1"));
        assertThat(state()).isEqualTo(before);
    }

    private void refused(PoolSpec spec, String cause, String fix) {
        assertThatThrownBy(() -> taps.applyPools(List.of(spec))).as(spec.toString())
                .isInstanceOfSatisfying(TapException.class, e -> {
                    assertThat(e.reason()).isIn(Reason.INVALID_REQUEST, Reason.INVALID_NAME);
                    assertThat(e.getMessage()).contains(cause).contains(fix);
                });
        assertThatThrownBy(() -> taps.provisionPool(spec)).as(spec.toString()).isInstanceOf(TapException.class);
    }

    @Test
    void aNameTakenByAnotherInterfaceIsNeverTouched() {
        Kernel.run("ip", "link", "add", "tk1", "type", "veth", "peer", "name", "tk1p");
        madeInterfaces.add("tk1");
        String foreign = Kernel.linkState().stream().filter(l -> l.contains(" tk1 ")).findFirst().orElseThrow();
        ApplyReport r = taps.applyPools(List.of(routed("tk", 2, "10.91.11.0/29")));
        // member 1 takes the next free name; its label keeps its number, so its block is still member 1's
        assertThat(r.pools().get(0).created()).containsExactly("tk0", "tk2");
        assertThat(r.pools().get(0).notes()).anySatisfy(n -> assertThat(n).contains("member 1 is tk2")
                .contains("a veth device that is not taplease's"));
        assertThat(members("tk").get("tk2").network().hostAddress()).isEqualTo("10.91.11.5");
        assertThat(Kernel.linkState().stream().filter(l -> l.contains(" tk1 ")).findFirst().orElseThrow())
                .isEqualTo(foreign);
        assertThat(taps.applyPools(List.of(routed("tk", 2, "10.91.11.0/29"))).unchanged()).isTrue();
    }
}
