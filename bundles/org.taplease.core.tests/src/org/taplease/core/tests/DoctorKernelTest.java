package org.taplease.core.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.taplease.core.Checkup;
import org.taplease.core.Checkup.Check;
import org.taplease.core.Checkup.Status;
import org.taplease.core.LeaseRequest;
import org.taplease.core.PoolNetwork;
import org.taplease.core.PoolSpec;
import org.taplease.core.TapInfo;
import org.taplease.core.TapLease;
import org.taplease.core.internal.HandoffLocks;
import org.taplease.core.internal.engine.LeaseEngine;
import org.taplease.core.internal.engine.TapKernel;
import org.taplease.core.internal.linux.LinuxKernel;
import org.taplease.core.tests.support.ForwardingKernel;
import org.taplease.core.tests.support.Kernel;
import org.taplease.core.tests.support.NoLeaks;

/**
 * The doctor's checks ({@code TapService.checkup}) over the real Linux kernel of the test namespace, with the
 * platform's facts replaced where a test needs a set-up this machine does not have (a missing driver, a unit that is
 * not enabled, another user): taps that look leaked, the pools a user may attach and the fix for the others, the
 * device node and driver; and the bridge port count the inventory carries.
 */
@ExtendWith(NoLeaks.class)
class DoctorKernelTest {

    private Path lockDir;
    private LeaseEngine taps;

    @BeforeEach
    void setUp() throws IOException {
        Kernel.requireIsolatedRoot();
        lockDir = Files.createTempDirectory("taplease-doctor-test");
        taps = new LeaseEngine(new LinuxKernel(), new HandoffLocks(lockDir));
    }

    @AfterEach
    void cleanup() throws IOException {
        Kernel.removeAllPools(taps);
        for (String l : List.of("lk0", "brd0")) {
            if (Kernel.links().contains(l)) {
                Kernel.run("ip", "link", "delete", l);
            }
        }
        try (var s = Files.walk(lockDir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static Map<String, Check> byId(Checkup c) {
        return c.checks().stream().collect(Collectors.toMap(Check::id, Function.identity()));
    }

    @Test
    void aPersistentTapThatIsNotTapleasesAndNobodyHoldsLooksLeaked() {
        taps.provisionPool(new PoolSpec("dk", 1, null, null));
        Kernel.run("ip", "tuntap", "add", "dev", "lk0", "mode", "tap");
        Map<String, TapInfo> inv = taps.inventory(false).stream()
                .collect(Collectors.toMap(TapInfo::name, Function.identity()));
        assertThat(inv.get("lk0").looksLeaked()).isTrue();
        assertThat(inv.get("dk0").looksLeaked()).as("a pool member is taplease's").isFalse();
        Checkup c = taps.checkup();
        assertThat(byId(c).get("leaked:lk0")).isEqualTo(new Check("leaked:lk0", Status.WARN,
                "lk0 looks leaked: persistent, not taplease's, nobody holds it",
                "if nobody needs it, delete it: sudo ip link delete lk0 (taplease never deletes a tap that is not its"
                        + " own)"));
        assertThat(byId(c)).doesNotContainKey("leaked-taps");
        assertThat(c.healthy()).as("a leaked tap is a warning").isTrue();
        // held, it is somebody's
        try (TapLease held = taps.lease(LeaseRequest.named("lk0"))) {
            assertThat(taps.tap("lk0", false).orElseThrow().looksLeaked()).isFalse();
            assertThat(byId(taps.checkup())).doesNotContainKey("leaked:lk0").containsKey("leaked-taps");
        }
    }

    @Test
    void aBridgedTapCarriesItsBridgesPortCount() {
        Kernel.run("ip", "link", "add", "brd0", "type", "bridge");
        taps.provisionPool(new PoolSpec("bp", 2, null, null).withNetwork(PoolNetwork.bridged("brd0")));
        assertThat(taps.tap("bp0", false).orElseThrow().network().bridgePorts()).isEqualTo(2);
        Kernel.run("ip", "tuntap", "add", "dev", "lk0", "mode", "tap");
        Kernel.run("ip", "link", "set", "lk0", "master", "brd0");
        for (TapInfo t : taps.inventory(false)) {
            assertThat(t.network().bridge()).isEqualTo("brd0");
            assertThat(t.network().bridgePorts()).as(t.name()).isEqualTo(3);
        }
        assertThat(taps.tap("bp1", false).orElseThrow().network().bridgePorts()).isEqualTo(3);
        taps.provisionPool(new PoolSpec("np", 1, null, null));
        assertThat(taps.tap("np0", false).orElseThrow().network().bridgePorts()).as("no bridge").isZero();
    }

    /** The real kernel with another uid and set-up facts. */
    private LeaseEngine with(int uid, Function<TapKernel.Setup, TapKernel.Setup> facts) {
        return new LeaseEngine(new ForwardingKernel(new LinuxKernel()) {
            @Override
            public int uid() {
                return uid;
            }

            @Override
            public TapKernel.Setup setup() {
                return facts.apply(real.setup());
            }
        }, new HandoffLocks(lockDir));
    }

    private static TapKernel.Setup setup(TapKernel.Setup s, boolean exists, boolean chr, String openError,
            boolean driver, String unit, boolean enabled) {
        return new TapKernel.Setup(s.node(), exists, chr, 0666, 0, 0, openError, s.nodeFix(), s.openFix(), s.driver(),
                driver, s.driverSeen(), s.driverFix(), unit, enabled, s.unitFix(), s.usersOpenNode());
    }

    @Test
    void aUserCanAttachOnlyThePoolsOfItsUserOrGroupAndIsToldTheFix() {
        taps.provisionPool(new PoolSpec("po", 2, 4321, null));
        taps.provisionPool(new PoolSpec("pg", 1, null, 0));
        taps.provisionPool(new PoolSpec("pn", 1, null, null));
        // as on this machine: /dev/net/tun 0600 root, so user 4321 may not open it
        Map<String, Check> c = byId(with(4321, s -> setup(s, true, true, "Permission denied, errno 13", true, null,
                false)).checkup());
        assertThat(c.get("pool:po").status()).isEqualTo(Status.OK);
        assertThat(c.get("pool:po").summary()).isEqualTo("pool po: you (4321) can attach its 2 taps (owner 4321)");
        assertThat(c.get("pool:pg")).isEqualTo(new Check("pool:pg", Status.FAIL,
                "pool pg: you (4321) cannot attach its 1 tap (group root)",
                "sudo usermod -aG root 4321 (then log in again)"));
        // neither owner nor group: anyone who may open /dev/net/tun
        assertThat(c.get("pool:pn").status()).isEqualTo(Status.FAIL);
        assertThat(c.get("tun-device").status()).isEqualTo(Status.FAIL);
        Map<String, Check> open = byId(with(4321, s -> setup(s, true, true, null, true, null, false)).checkup());
        assertThat(open.get("pool:pn").status()).isEqualTo(Status.OK);
        assertThat(open.get("tun-device")).isEqualTo(new Check("tun-device", Status.OK,
                "/dev/net/tun: mode 0666 root:root, a character device; you (4321) can open it", null));
        // root attaches everything
        assertThat(byId(taps.checkup()).values()).filteredOn(k -> k.id().startsWith("pool:"))
                .extracting(Check::status).containsOnly(Status.OK);
    }

    @Test
    void theDeviceNodeTheDriverAndThePoolsUnitAreFactsTheDoctorJudges() {
        Map<String, Check> missing = byId(with(0, s -> setup(s, false, false, "no such file", false, null, false))
                .checkup());
        assertThat(missing.get("tun-device")).isEqualTo(new Check("tun-device", Status.FAIL, "/dev/net/tun is missing",
                "sudo modprobe tun (it makes /dev/net/tun); in a container: sudo mkdir -p /dev/net && sudo mknod -m"
                        + " 0666 /dev/net/tun c 10 200"));
        assertThat(missing.get("tun-driver")).isEqualTo(new Check("tun-driver", Status.FAIL,
                "tun driver: not in the kernel (not in /proc/misc)",
                "sudo modprobe tun (and keep it: echo tun | sudo tee /etc/modules-load.d/tun.conf)"));
        // the node is there but the driver is not: opening gives ENODEV, and the fix is the driver, not the mode
        Check noDriver = byId(with(0, s -> setup(s, true, true, "No such device, errno 19", false, null, false))
                .checkup()).get("tun-device");
        assertThat(noDriver.summary()).endsWith("you (root) may not open it (No such device, errno 19)");
        assertThat(noDriver.fix()).startsWith("sudo modprobe tun (and keep it");
        Map<String, Check> file = byId(with(0, s -> setup(s, true, false, null, true, null, false)).checkup());
        assertThat(file.get("tun-device").status()).isEqualTo(Status.FAIL);
        assertThat(file.get("tun-device").summary()).endsWith(", not a character device");
        assertThat(file.get("tun-device").fix()).startsWith("sudo rm /dev/net/tun, then: sudo modprobe tun");
        Checkup unit = with(0, s -> setup(s, true, true, null, true, "/etc/systemd/system/taplease-pools.service",
                false)).checkup();
        assertThat(byId(unit).get("pools-unit")).isEqualTo(new Check("pools-unit", Status.WARN,
                "/etc/systemd/system/taplease-pools.service is installed but not enabled",
                "sudo systemctl enable taplease-pools.service"));
        Checkup enabled = with(0, s -> setup(s, true, true, null, true, "/etc/systemd/system/taplease-pools.service",
                true)).checkup();
        assertThat(byId(enabled).get("pools-unit").status()).isEqualTo(Status.OK);
        assertThat(enabled.healthy()).as(enabled.toString()).isTrue();
        // this machine, as it is: the checks in their order
        Checkup real = taps.checkup();
        assertThat(real.checks()).extracting(Check::id).startsWith("tun-device", "tun-driver", "pools").endsWith("jdk");
        assertThat(byId(real).get("jdk").summary()).startsWith("Java " + Runtime.version());
    }
}
