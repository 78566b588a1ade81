package org.taplease.core.tests.freebsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.taplease.core.internal.engine.KernelException;
import org.taplease.core.internal.engine.KernelException.Failure;
import org.taplease.core.internal.engine.KernelLink;
import org.taplease.core.internal.engine.TapKernel.Address;
import org.taplease.core.internal.engine.TapKernel.Route;
import org.taplease.core.internal.freebsd.FreeBsdKernel;
import org.taplease.core.internal.freebsd.jna.NetIf;
import org.taplease.core.internal.freebsd.jna.SysErrno;

/**
 * The network calls of {@link FreeBsdKernel} (addresses, routes, MTU, MAC, bridge membership, device ownership), one
 * kernel-level test per call, <b>against the model only</b>: {@link FakeFreeBsdKernel} stands in for FreeBSD 14 (no
 * FreeBSD kernel runs here). They show which system calls the backend makes through its seam and how it reads and
 * classifies the answers the model gives as FreeBSD's source says the kernel would; not that a FreeBSD kernel answers
 * so (FreeBsdKernelTest, run in a FreeBSD vnet jail, is for that).
 */
class FreeBsdNetworkModelTest {

    private FakeFreeBsdKernel kernel;
    private FreeBsdKernel freebsd;

    @BeforeEach
    void setUp() {
        kernel = new FakeFreeBsdKernel();
        freebsd = new FreeBsdKernel(kernel);
    }

    @AfterEach
    void noDescriptorLeft() {
        assertThat(kernel.openFds()).as("descriptors the backend left open").isZero();
    }

    private static int ip(String dotted) {
        return FakeFreeBsdKernel.parse(dotted);
    }

    private int index(String name) {
        return kernel.ifaces.get(name).index;
    }

    private KernelLink link(String name) {
        return freebsd.links(false).stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
    }

    private static void assertFailure(Runnable call, Failure failure, int errno) {
        assertThatThrownBy(call::run).isInstanceOf(KernelException.class).satisfies(e -> {
            KernelException k = (KernelException) e;
            assertThat(k.failure()).isEqualTo(failure);
            assertThat(k.errno()).isEqualTo(errno);
        });
    }

    @Test
    void modelOnly_nameIsIfIndexToName() {
        kernel.addTap("tap0");
        assertThat(freebsd.name(index("em0"))).isEqualTo("em0");
        assertThat(freebsd.name(index("tap0"))).isEqualTo("tap0");
        assertThat(freebsd.name(999)).isNull();
    }

    @Test
    void modelOnly_addressesAreTheAfInetEntriesOfGetifaddrsWithThePrefixOfTheirNetmask() {
        kernel.addTap("tap0");
        kernel.ifaces.get("em0").addresses.add("192.168.1.10/24");
        freebsd.addAddress("tap0", index("tap0"), ip("10.0.0.1"), 30);
        assertThat(kernel.calls).contains("SIOCAIFADDR tap0 10.0.0.1/30");
        // a tap keeps its addresses after its last close only with IFF_LINK0: the backend sets it
        assertThat(kernel.ifaces.get("tap0").flags & NetIf.IFF_LINK0).isNotZero();
        freebsd.close(freebsd.attach("tap0", index("tap0"), false, false));
        assertThat(kernel.ifaces.get("tap0").addresses).containsExactly("10.0.0.1/30");
        assertThat(freebsd.addresses()).containsExactlyInAnyOrder(new Address(index("lo0"), ip("127.0.0.1"), 8),
                new Address(index("em0"), ip("192.168.1.10"), 24), new Address(index("tap0"), ip("10.0.0.1"), 30));
        // the same address again on the same interface replaces it (in.c deletes it first): no duplicate
        freebsd.addAddress("tap0", index("tap0"), ip("10.0.0.1"), 29);
        assertThat(kernel.ifaces.get("tap0").addresses).containsExactly("10.0.0.1/29");
        freebsd.removeAddress("tap0", index("tap0"), ip("10.0.0.1"), 29);
        assertThat(kernel.calls).contains("SIOCDIFADDR tap0 10.0.0.1");
        assertThat(freebsd.addresses()).noneMatch(a -> a.index() == index("tap0"));
    }

    @Test
    void modelOnly_addressErrorsAreClassified() {
        kernel.addTap("tap0");
        kernel.addTap("tap1");
        freebsd.addAddress("tap0", index("tap0"), ip("10.0.0.1"), 30);
        // another interface's address: EEXIST (its loopback host route exists)
        assertFailure(() -> freebsd.addAddress("tap1", index("tap1"), ip("10.0.0.1"), 30), Failure.SYSTEM,
                SysErrno.EEXIST);
        // not there: EADDRNOTAVAIL
        assertFailure(() -> freebsd.removeAddress("tap1", index("tap1"), ip("10.0.0.5"), 30), Failure.SYSTEM,
                SysErrno.EADDRNOTAVAIL);
        // the listed interface is gone (or another one has its name now): nothing is sent
        int calls = kernel.calls.size();
        assertFailure(() -> freebsd.addAddress("tap1", 999, ip("10.0.0.5"), 30), Failure.GONE, 0);
        assertThat(kernel.calls).hasSize(calls);
        // without root
        kernel.uid = 1001;
        assertFailure(() -> freebsd.addAddress("tap1", index("tap1"), ip("10.0.0.5"), 30), Failure.NOT_PRIVILEGED,
                SysErrno.EPERM);
        assertFailure(() -> freebsd.removeAddress("tap0", index("tap0"), ip("10.0.0.1"), 30),
                Failure.NOT_PRIVILEGED, SysErrno.EPERM);
        assertThat(kernel.ifaces.get("tap0").addresses).containsExactly("10.0.0.1/30");
    }

    @Test
    void modelOnly_routesComeFromTheRoutingSysctlWithoutTheLocalHostRoutes() {
        kernel.addTap("tap0");
        kernel.ifaces.get("em0").addresses.add("192.168.1.10/24");
        kernel.staticRoutes.add(new FakeFreeBsdKernel.StaticRoute("0.0.0.0/0", "em0", "192.168.1.1",
                FreeBsdRouteDump.RTF_UP | FreeBsdRouteDump.RTF_GATEWAY | FreeBsdRouteDump.RTF_STATIC));
        kernel.staticRoutes.add(new FakeFreeBsdKernel.StaticRoute("198.51.100.0/24", "lo0", null,
                FreeBsdRouteDump.RTF_UP | FreeBsdRouteDump.RTF_BLACKHOLE | FreeBsdRouteDump.RTF_STATIC));
        kernel.staticRoutes.add(new FakeFreeBsdKernel.StaticRoute("192.168.1.255/32", "em0", null,
                FreeBsdRouteDump.RTF_UP | FreeBsdRouteDump.RTF_HOST | FreeBsdRouteDump.RTF_BROADCAST));
        freebsd.addAddress("tap0", index("tap0"), ip("10.0.0.1"), 30);
        assertThat(freebsd.routes()).containsExactlyInAnyOrder(new Route(index("em0"), ip("192.168.1.0"), 24),
                new Route(index("tap0"), ip("10.0.0.0"), 30), new Route(index("em0"), 0, 0),
                new Route(0, ip("198.51.100.0"), 24));
        assertThat(kernel.calls).contains("sysctl NET_RT_DUMP");
        // the address's prefix route goes with the address
        freebsd.removeAddress("tap0", index("tap0"), ip("10.0.0.1"), 30);
        assertThat(freebsd.routes()).noneMatch(r -> r.oif() == index("tap0"));
    }

    @Test
    void modelOnly_mtuIsSiocsifmtu() {
        kernel.addTap("tap0");
        freebsd.setMtu("tap0", index("tap0"), 9000);
        assertThat(kernel.calls).contains("SIOCSIFMTU tap0 9000");
        assertThat(link("tap0").mtu()).isEqualTo(9000);
        assertFailure(() -> freebsd.setMtu("tap0", index("tap0"), 10), Failure.SYSTEM, SysErrno.EINVAL);
        kernel.uid = 1001;
        assertFailure(() -> freebsd.setMtu("tap0", index("tap0"), 1500), Failure.NOT_PRIVILEGED, SysErrno.EPERM);
        assertThat(link("tap0").mtu()).isEqualTo(9000);
    }

    @Test
    void modelOnly_macIsSiocsiflladdr() {
        kernel.addTap("tap0");
        byte[] mac = { 0x02, 0x54, 0x4c, 0x00, 0x00, 0x07 };
        freebsd.setMac("tap0", index("tap0"), mac);
        assertThat(kernel.calls).contains("SIOCSIFLLADDR tap0 02:54:4c:00:00:07");
        assertThat(link("tap0").mac()).isEqualTo("02:54:4c:00:00:07");
        assertThatThrownBy(() -> freebsd.setMac("tap0", index("tap0"), new byte[5]))
                .isInstanceOf(IllegalArgumentException.class);
        kernel.uid = 1001;
        assertFailure(() -> freebsd.setMac("tap0", index("tap0"), new byte[] { 2, 0, 0, 0, 0, 1 }),
                Failure.NOT_PRIVILEGED, SysErrno.EPERM);
        assertThat(link("tap0").mac()).isEqualTo("02:54:4c:00:00:07");
    }

    @Test
    void modelOnly_bridgesAreIfBridgeInterfacesAndTheirMembersComeFromOneBrdggifsPerBridgePerListing() {
        kernel.addTap("tap0");
        kernel.addTap("tap1");
        kernel.addBridge("bridge0");
        kernel.addBridge("lan"); // renamed ('ifconfig bridge1 name lan'): still an if_bridge
        freebsd.setMaster("tap0", index("tap0"), 0, index("bridge0"));
        freebsd.setMaster("tap1", index("tap1"), 0, index("lan"));
        assertThat(kernel.calls).contains("BRDGADD bridge0 tap0", "BRDGADD lan tap1");
        kernel.calls.clear();
        List<KernelLink> links = freebsd.links(false);
        assertThat(kernel.calls.stream().filter(c -> c.startsWith("BRDGGIFS")))
                .containsExactlyInAnyOrder("BRDGGIFS bridge0", "BRDGGIFS lan");
        assertThat(links).filteredOn(KernelLink::isBridge).extracting(KernelLink::name)
                .containsExactlyInAnyOrder("bridge0", "lan");
        assertThat(link("tap0").master()).isEqualTo(index("bridge0"));
        assertThat(link("tap0").driver()).isEqualTo("tap");
        assertThat(link("tap1").master()).isEqualTo(index("lan"));
        assertThat(link("em0").master()).isZero();
        assertThat(freebsd.link("tap1").master()).isEqualTo(index("lan"));
        // moving is deletem from the old bridge, then addm to the new one
        kernel.calls.clear();
        freebsd.setMaster("tap0", index("tap0"), index("bridge0"), index("lan"));
        assertThat(kernel.calls).containsExactly("BRDGDEL bridge0 tap0", "BRDGADD lan tap0");
        assertThat(kernel.ifaces.get("lan").members).containsExactly("tap1", "tap0");
        freebsd.setMaster("tap0", index("tap0"), index("lan"), 0);
        assertThat(link("tap0").master()).isZero();
        // no change, no call
        kernel.calls.clear();
        freebsd.setMaster("tap0", index("tap0"), 0, 0);
        assertThat(kernel.calls).isEmpty();
    }

    @Test
    void modelOnly_bridgeErrorsAreClassified() {
        kernel.addTap("tap0");
        kernel.addBridge("bridge0");
        kernel.addBridge("bridge1");
        freebsd.setMaster("tap0", index("tap0"), 0, index("bridge0"));
        // a member of another bridge: EBUSY; already a member: EEXIST; not a member: ENOENT
        assertFailure(() -> freebsd.setMaster("tap0", index("tap0"), 0, index("bridge1")), Failure.SYSTEM,
                SysErrno.EBUSY);
        assertFailure(() -> freebsd.setMaster("tap0", index("tap0"), 0, index("bridge0")), Failure.SYSTEM,
                SysErrno.EEXIST);
        assertFailure(() -> freebsd.setMaster("tap0", index("tap0"), index("bridge1"), 0), Failure.SYSTEM,
                SysErrno.ENOENT);
        // a bridge that is gone
        assertFailure(() -> freebsd.setMaster("tap0", index("tap0"), 0, 999), Failure.GONE, 0);
        // without root
        kernel.uid = 1001;
        assertFailure(() -> freebsd.setMaster("tap0", index("tap0"), index("bridge0"), 0), Failure.NOT_PRIVILEGED,
                SysErrno.EPERM);
        assertThat(kernel.ifaces.get("bridge0").members).containsExactly("tap0");
    }

    @Test
    void modelOnly_aJoiningMemberTakesTheBridgesMtu() {
        kernel.addTap("tap0");
        kernel.addTap("tap1");
        kernel.addBridge("bridge0");
        freebsd.setMtu("tap0", index("tap0"), 9000);
        freebsd.setMaster("tap0", index("tap0"), 0, index("bridge0"));
        freebsd.setMaster("tap1", index("tap1"), 0, index("bridge0"));
        assertThat(link("bridge0").mtu()).isEqualTo(9000);
        assertThat(link("tap1").mtu()).isEqualTo(9000);
    }

    @Test
    void modelOnly_ownershipIsTheDeviceNodesAndMinusOneGivesItBackToTheDriver() {
        kernel.addTap("tap0");
        kernel.addTap("tap1");
        int fd = freebsd.attach("tap0", index("tap0"), false, false);
        try {
            freebsd.setOwnership(fd, "tap0", 1001, null);
            assertThat(kernel.calls).contains("chown /dev/tap0 1001:68 660");
            assertThat(link("tap0").owner()).isEqualTo(1001);
            assertThat(link("tap0").group()).as("the driver's dialer is no group").isNull();
            freebsd.setOwnership(fd, "tap0", null, 1002);
            assertThat(kernel.calls).contains("chown /dev/tap0 1001:1002 660");
            // already so: nothing is changed
            kernel.calls.clear();
            freebsd.setOwnership(fd, "tap0", 1001, 1002);
            assertThat(kernel.calls).isEmpty();
            freebsd.setOwnership(fd, "tap0", -1, -1);
            assertThat(kernel.calls).contains("chown /dev/tap0 66:68 600");
            // the descriptor must be the tap's
            assertFailure(() -> freebsd.setOwnership(fd, "tap1", 1001, null), Failure.GONE, 0);
            kernel.uid = 1001;
            assertFailure(() -> freebsd.setOwnership(fd, "tap0", 1001, null), Failure.NOT_PRIVILEGED,
                    SysErrno.EPERM);
        } finally {
            freebsd.close(fd);
        }
    }
}
