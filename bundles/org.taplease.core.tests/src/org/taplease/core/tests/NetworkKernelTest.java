package org.taplease.core.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.taplease.core.internal.engine.KernelException;
import org.taplease.core.internal.engine.KernelException.Failure;
import org.taplease.core.internal.engine.KernelLink;
import org.taplease.core.internal.engine.TapKernel.Address;
import org.taplease.core.internal.engine.TapKernel.Created;
import org.taplease.core.internal.engine.TapKernel.Route;
import org.taplease.core.internal.jna.Errno;
import org.taplease.core.internal.linux.LinuxKernel;
import org.taplease.core.tests.support.Kernel;
import org.taplease.core.tests.support.NetworkWorker;
import org.taplease.core.tests.support.NoLeaks;
import org.taplease.core.tests.support.Unprivileged;

import com.sun.jna.Native;

/**
 * The Linux kernel seam's network calls on the real kernel (a tap made through the seam, a bridge made with
 * {@code ip}, both in the test namespace and removed afterwards): addresses with their prefix routes, MTU, MAC, bridge
 * membership, owner and group, and how failures are classified. Each result is read back through the seam and, where
 * it says something the seam might get wrong the same way twice, through {@code ip}.
 */
@ExtendWith(NoLeaks.class)
class NetworkKernelTest {

    private static final String TAP = "nkt0";
    private static final String BRIDGE = "nkbr0";
    /** 10.77.0.1, host byte order. */
    private static final int ADDRESS = 0x0a4d0001;
    private static final int NETWORK = 0x0a4d0000;

    private final LinuxKernel kernel = new LinuxKernel();
    private Created tap;

    @BeforeEach
    void createTap() {
        tap = kernel.create(TAP, "network-kernel-test", null, null, true, false);
        assertThat(tap).as("tap %s created", TAP).isNotNull();
    }

    @AfterEach
    void destroyTap() {
        if (kernel.index(BRIDGE) != 0) {
            Kernel.run("ip", "link", "del", BRIDGE);
        }
        if (tap != null) {
            kernel.destroy(tap.fd(), TAP);
        }
    }

    @Test
    void anAddressAndItsPrefixRouteComeAndGo() {
        kernel.addAddress(TAP, tap.index(), ADDRESS, 24);
        assertThat(kernel.addresses()).contains(new Address(tap.index(), ADDRESS, 24))
                .contains(new Address(kernel.index("lo"), 0x7f000001, 8));
        assertThat(kernel.routes()).as("the kernel's prefix route, main table, out of the tap")
                .contains(new Route(tap.index(), NETWORK, 24));
        assertThat(Kernel.run("ip", "-4", "-o", "address", "show", "dev", TAP))
                .contains("inet 10.77.0.1/24 brd 10.77.0.255 scope global " + TAP);
        assertThat(Kernel.run("ip", "-4", "route", "show", "table", "main"))
                .contains("10.77.0.0/24 dev " + TAP + " proto kernel scope link src 10.77.0.1");
        assertThat(kernel.routes()).as("table local's routes are not listed")
                .noneMatch(r -> r.destination() == ADDRESS && r.prefix() == 32);

        assertThatThrownBy(() -> kernel.addAddress(TAP, tap.index(), ADDRESS, 24))
                .isInstanceOfSatisfying(KernelException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.SYSTEM);
                    assertThat(e.errno()).isEqualTo(Errno.EEXIST);
                    assertThat(e.operation()).isEqualTo("RTM_NEWADDR");
                    assertThat(e.strerror()).isEqualTo("File exists");
                    assertThat(e.device()).isEqualTo(TAP);
                });

        kernel.removeAddress(TAP, tap.index(), ADDRESS, 24);
        assertThat(kernel.addresses()).noneMatch(a -> a.index() == tap.index());
        assertThat(kernel.routes()).noneMatch(r -> r.oif() == tap.index());
        assertThatThrownBy(() -> kernel.removeAddress(TAP, tap.index(), ADDRESS, 24))
                .isInstanceOfSatisfying(KernelException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.SYSTEM);
                    assertThat(e.operation()).isEqualTo("RTM_DELADDR");
                    assertThat(e.errno()).isEqualTo(99); // EADDRNOTAVAIL
                });
    }

    @Test
    void aSlash32HasNoBroadcastNorPrefixRouteAndTheLastAddressTakesTheLinksRoutesAlong() {
        kernel.addAddress(TAP, tap.index(), ADDRESS, 32);
        assertThat(kernel.addresses()).contains(new Address(tap.index(), ADDRESS, 32));
        assertThat(Kernel.run("ip", "-4", "-o", "address", "show", "dev", TAP)).contains("inet 10.77.0.1/32 scope")
                .doesNotContain("brd");
        assertThat(kernel.routes()).noneMatch(r -> r.oif() == tap.index());
        Kernel.run("ip", "route", "add", "10.78.0.0/16", "dev", TAP);
        assertThat(kernel.routes()).containsOnlyOnce(new Route(tap.index(), 0x0a4e0000, 16));
        // the kernel flushes every route through a link when its last IPv4 address goes (fib_disable_ip)
        kernel.removeAddress(TAP, tap.index(), ADDRESS, 32);
        assertThat(kernel.routes()).noneMatch(r -> r.oif() == tap.index());
    }

    @Test
    void mtuAndMacAreSetAndReadBack() {
        kernel.setMtu(TAP, tap.index(), 1400);
        kernel.setMac(TAP, tap.index(), new byte[] { 0x52, 0x54, 0x00, 0x12, 0x34, (byte) 0xab });
        KernelLink l = kernel.link(TAP);
        assertThat(l.mtu()).isEqualTo(1400);
        assertThat(l.mac()).isEqualTo("52:54:00:12:34:ab");
        assertThat(Kernel.run("ip", "-o", "link", "show", "dev", TAP)).contains("mtu 1400")
                .contains("link/ether 52:54:00:12:34:ab");

        assertThatThrownBy(() -> kernel.setMtu(TAP, tap.index(), 20)).isInstanceOfSatisfying(KernelException.class,
                e -> {
                    assertThat(e.failure()).isEqualTo(Failure.SYSTEM);
                    assertThat(e.errno()).isEqualTo(Errno.EINVAL);
                    assertThat(e.operation()).isEqualTo("RTM_SETLINK");
                });
        assertThat(kernel.link(TAP).mtu()).isEqualTo(1400);
    }

    @Test
    void aTapJoinsAndLeavesABridge() {
        Kernel.run("ip", "link", "add", BRIDGE, "type", "bridge");
        int br = kernel.index(BRIDGE);
        KernelLink bridge = kernel.link(BRIDGE);
        assertThat(bridge.isBridge()).isTrue();
        assertThat(bridge.driver()).isEqualTo("bridge");
        assertThat(bridge.index()).isEqualTo(br);
        assertThat(kernel.links(false)).filteredOn(KernelLink::isBridge).extracting(KernelLink::name)
                .containsExactly(BRIDGE);
        assertThat(kernel.link(TAP).driver()).isEqualTo("tun");
        assertThat(kernel.link(TAP).isBridge()).isFalse();
        assertThat(kernel.link("lo").driver()).isNull();
        assertThat(kernel.link(TAP).master()).isZero();

        kernel.setMaster(TAP, tap.index(), 0, br);
        assertThat(kernel.link(TAP).master()).isEqualTo(br);
        assertThat(Kernel.run("ip", "-o", "link", "show", "dev", TAP)).contains("master " + BRIDGE);
        assertThat(kernel.link(BRIDGE).master()).isZero();

        kernel.setMaster(TAP, tap.index(), br, 0);
        assertThat(kernel.link(TAP).master()).isZero();
        assertThat(Kernel.run("ip", "-o", "link", "show", "dev", TAP)).doesNotContain("master");
    }

    @Test
    void namesByIndex() {
        assertThat(kernel.name(tap.index())).isEqualTo(TAP);
        assertThat(kernel.name(kernel.index("lo"))).isEqualTo("lo");
        assertThat(kernel.name(0x7ffffff0)).isNull();
    }

    @Test
    void ownerAndGroupAreSetThroughTheAttachedDescriptor() {
        KernelLink fresh = kernel.link(TAP);
        assertThat(fresh.owner()).isNull();
        assertThat(fresh.group()).isNull();
        kernel.setOwnership(tap.fd(), TAP, -1, -1); // already unset: nothing to do
        kernel.setOwnership(tap.fd(), TAP, 4242, 4343);
        assertThat(kernel.link(TAP).owner()).isEqualTo(4242);
        assertThat(kernel.link(TAP).group()).isEqualTo(4343);
        kernel.setOwnership(tap.fd(), TAP, null, 4444);
        assertThat(kernel.link(TAP).owner()).as("null leaves the owner").isEqualTo(4242);
        assertThat(kernel.link(TAP).group()).isEqualTo(4444);
        // the tun driver refuses -1 (an invalid kuid): an owner once set stays until the tap is recreated
        assertThatThrownBy(() -> kernel.setOwnership(tap.fd(), TAP, -1, null))
                .isInstanceOfSatisfying(KernelException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.SYSTEM);
                    assertThat(e.errno()).isEqualTo(Errno.EINVAL);
                    assertThat(e.operation()).isEqualTo("TUNSETOWNER");
                    assertThat(e.detail()).contains("cannot unset");
                });
        assertThat(kernel.link(TAP).owner()).isEqualTo(4242);
    }

    @Test
    void aVanishedLinkIsGone() {
        int index = tap.index();
        kernel.destroy(tap.fd(), TAP);
        tap = null;
        assertThatThrownBy(() -> kernel.setMtu(TAP, index, 1400)).isInstanceOfSatisfying(KernelException.class,
                e -> {
                    assertThat(e.failure()).isEqualTo(Failure.GONE);
                    assertThat(e.errno()).isEqualTo(Errno.ENODEV);
                    assertThat(e.device()).isEqualTo(TAP);
                });
        assertThatThrownBy(() -> kernel.addAddress(TAP, index, ADDRESS, 24))
                .hasFieldOrPropertyWithValue("failure", Failure.GONE);
        assertThat(kernel.name(index)).isNull();
    }

    @Test
    void withoutCapNetAdminChangesAreNotPrivileged() throws IOException {
        List<String> before = Kernel.linkState();
        try (Unprivileged sandbox = new Unprivileged("taplease-netunpriv-", NetworkWorker.class, LinuxKernel.class,
                Native.class)) {
            Kernel.Result mtu = sandbox.run(65534, 65534, "0600", sandbox.java(NetworkWorker.class.getName(), "mtu",
                    TAP, Integer.toString(tap.index()), "1400"));
            assertThat(mtu.out()).as("stderr: %s", mtu.err())
                    .isEqualTo("ERR NOT_PRIVILEGED " + Errno.EPERM + " RTM_SETLINK CAP_NET_ADMIN\n");
            Kernel.Result address = sandbox.run(65534, 65534, "0600", sandbox.java(NetworkWorker.class.getName(),
                    "address", TAP, Integer.toString(tap.index()), Integer.toString(ADDRESS), "24"));
            assertThat(address.out()).as("stderr: %s", address.err())
                    .isEqualTo("ERR NOT_PRIVILEGED " + Errno.EPERM + " RTM_NEWADDR CAP_NET_ADMIN\n");
        }
        assertThat(Kernel.linkState()).as("nothing changed").isEqualTo(before);
        assertThat(kernel.addresses()).noneMatch(a -> a.index() == tap.index());
    }
}
