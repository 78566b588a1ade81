package org.taplease.core.tests.freebsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.taplease.core.ApplyReport;
import org.taplease.core.Holder;
import org.taplease.core.LeaseRequest;
import org.taplease.core.PoolNetwork;
import org.taplease.core.PoolSpec;
import org.taplease.core.TapException;
import org.taplease.core.TapException.Reason;
import org.taplease.core.TapInfo;
import org.taplease.core.TapLease;
import org.taplease.core.TapService;
import org.taplease.core.TapServices;
import org.taplease.core.internal.freebsd.jna.NetIf;
import org.taplease.core.tests.support.Kernel;

/**
 * The FreeBSD backend on a real FreeBSD kernel, as root inside a vnet jail made for the run (docs/freebsd.md has the
 * commands). Not part of the default test run: the core tests' pom excludes it unless {@code -Pfreebsd} is given, and
 * taplease's CI (Linux) has never run it. Outside a FreeBSD vnet jail it fails with the command to use.
 */
class FreeBsdKernelTest {

    private TapService taps;

    private static String sh(String... command) {
        return Kernel.exec(command).out().trim();
    }

    @BeforeEach
    void requireFreeBsdVnetJail() {
        String why = null;
        if (!System.getProperty("os.name", "").startsWith("FreeBSD")) {
            why = "this is " + System.getProperty("os.name") + ", not FreeBSD";
        } else if (!"0".equals(sh("id", "-u"))) {
            why = "not root";
        } else if (!"1".equals(sh("sysctl", "-n", "security.jail.jailed"))
                || !"1".equals(sh("sysctl", "-n", "security.jail.vnet"))) {
            why = "not inside a vnet jail (taps are made only in a network stack made for the test)";
        }
        if (why != null) {
            Assertions.fail("FreeBsdKernelTest needs root in a FreeBSD vnet jail: " + why + ". Run it as docs/freebsd.md"
                    + " says: jail -c name=taplease-test vnet persist path=/ && jexec taplease-test sh -c 'cd CHECKOUT"
                    + " && ./mvnw -o verify -Pfreebsd -pl bundles/org.taplease.core.tests -Dtest=FreeBsd*'");
        }
        taps = TapServices.forPlatform();
        assertThat(taps.backend()).isEqualTo("freebsd");
        assertThat(taps.inventory(false)).as("a fresh vnet jail has no taps").isEmpty();
    }

    @AfterEach
    void removeTaps() {
        for (var p : taps.pools()) {
            taps.removePool(p.name());
        }
        assertThat(taps.inventory(false)).as("taps left behind").isEmpty();
    }

    @Test
    void leaseIsAnExclusiveOpenAndTheKernelNamesTheHolder() {
        List<String> made = taps.provisionPool(new PoolSpec("fbt", 2, null, null)).created();
        assertThat(made).hasSize(2);
        assertThat(taps.inventory(true)).allMatch(TapInfo::free);
        int self = (int) ProcessHandle.current().pid();
        try (TapLease a = taps.lease(LeaseRequest.fromPool("fbt"))) {
            TapInfo held = taps.tap(a.name(), true).orElseThrow();
            assertThat(held.attached()).isTrue();
            assertThat(held.adminUp()).as("brought up on lease").isTrue();
            assertThat(held.holders()).extracting(Holder::pid).containsExactly(self);
            try (TapLease b = taps.lease(LeaseRequest.fromPool("fbt"))) {
                assertThat(b.name()).isNotEqualTo(a.name());
                assertThatThrownBy(() -> taps.lease(LeaseRequest.fromPool("fbt"))).isInstanceOf(TapException.class)
                        .satisfies(e -> assertThat(((TapException) e).reason()).isEqualTo(Reason.POOL_EXHAUSTED));
            }
            assertThatThrownBy(() -> taps.lease(LeaseRequest.named(a.name()))).isInstanceOf(TapException.class)
                    .satisfies(e -> assertThat(((TapException) e).errno()).isEqualTo(16));
        }
        assertThat(taps.inventory(false)).allMatch(TapInfo::free);
    }

    @Test
    void aMissingTapIsNotCreatedByLeasingItsName() {
        assertThatThrownBy(() -> taps.lease(LeaseRequest.named("tap999"))).isInstanceOf(TapException.class)
                .satisfies(e -> assertThat(((TapException) e).reason()).isEqualTo(Reason.NOT_FOUND));
        assertThat(org.taplease.core.internal.jna.NetIf.if_nametoindex("tap999")).isZero();
    }

    @Test
    void keepAddressesKeepsTheTapUpAfterTheLease() {
        String t = taps.provisionPool(new PoolSpec("fbk", 1, null, null).withKeepAddresses(true)).created().get(0);
        try (TapLease l = taps.lease(LeaseRequest.named(t))) {
            assertThat(l.name()).isEqualTo(t);
        }
        String flags = sh("ifconfig", t);
        assertThat(flags).contains("LINK0").contains("UP");
        assertThat(NetIf.IFF_LINK0).isEqualTo(0x1000);
    }

    @Test
    void aRoutedPoolGetsItsAddressesAndABridgedPoolJoinsTheBridge() {
        PoolSpec routed = new PoolSpec("fbr", 2, null, null).withNetwork(PoolNetwork.routed("10.77.0.0/29"));
        ApplyReport r = taps.applyPools(List.of(routed));
        List<String> made = r.pools().get(0).created();
        assertThat(made).hasSize(2);
        assertThat(sh("ifconfig", made.get(0))).contains("inet 10.77.0.1 netmask 0xfffffffc").contains("LINK0");
        assertThat(sh("ifconfig", made.get(1))).contains("inet 10.77.0.5 netmask 0xfffffffc");
        assertThat(sh("netstat", "-rn", "-f", "inet")).contains("10.77.0.0/30").contains("10.77.0.4/30");
        assertThat(taps.applyPools(List.of(routed)).unchanged()).as("a second apply").isTrue();
        String bridge = sh("ifconfig", "bridge", "create");
        try {
            PoolSpec bridged = new PoolSpec("fbb", 1, null, null).withNetwork(PoolNetwork.bridged(bridge));
            ApplyReport b = taps.applyPools(List.of(routed, bridged));
            String member = b.pools().get(1).created().get(0);
            assertThat(sh("ifconfig", bridge)).contains("member: " + member);
            assertThat(taps.tap(member, false).orElseThrow().network().bridge()).isEqualTo(bridge);
            assertThat(taps.applyPools(List.of(routed, bridged)).unchanged()).as("a second apply").isTrue();
        } finally {
            sh("ifconfig", bridge, "destroy");
        }
    }
}
