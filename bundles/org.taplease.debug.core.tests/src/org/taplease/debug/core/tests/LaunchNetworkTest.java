package org.taplease.debug.core.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.core.model.IProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.taplease.core.PoolSpec;
import org.taplease.core.TapInfo;
import org.taplease.core.TapService;
import org.taplease.core.TapServices;
import org.taplease.core.tests.support.Kernel;
import org.taplease.core.tests.support.NoLeaks;
import org.taplease.core.tests.support.Waits;
import org.taplease.debug.core.LaunchAttributes;
import org.taplease.debug.core.LaunchInputs;
import org.taplease.debug.core.NicSpec;

/**
 * The network a leased tap carries, handed to the launched program: the placeholders {@code {host_ip}},
 * {@code {guest_ip}}, {@code {prefix}}, {@code {netmask}}, {@code {mac}} on the command line, the TAPLEASE_*
 * environment variables, the launch's attributes, and the QEMU launch's kernel {@code ip=} argument. The program is a
 * small shell script that writes its arguments and environment into a file (for the QEMU type it stands in for
 * qemu-system: the real guest is another test's). The taps get their addresses with {@code ip} in the test namespace,
 * as a routed pool's members have them: a /30 on rt0 (host 10.77.9.1, guest 10.77.9.2) and a /31 on rt1 (host
 * 10.77.9.4, guest 10.77.9.5); plain0 has none.
 */
@ExtendWith(NoLeaks.class)
class LaunchNetworkTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final TapService taps = TapServices.forPlatform();
    private final List<ILaunchConfiguration> configs = new ArrayList<>();
    private Path dir;
    private Path script;
    private Path out;

    @BeforeEach
    void setUp() throws Exception {
        taps.provisionPool(new PoolSpec("rt", 2, 0, null));
        taps.provisionPool(new PoolSpec("plain", 1, 0, null));
        Kernel.run("ip", "addr", "add", "10.77.9.1/30", "dev", "rt0");
        Kernel.run("ip", "addr", "add", "10.77.9.4/31", "dev", "rt1");
        dir = Files.createTempDirectory("taplease-launch-net");
        out = dir.resolve("out.txt");
        script = dir.resolve("record.sh");
        // one argument per line, then the TAPLEASE_ variables; written to a temporary file and renamed when complete
        Files.writeString(script, """
                #!/bin/sh
                out=$1; shift
                { for a in "$@"; do echo "arg $a"; done; env | grep -E '^TAPLEASE_(HOST_IP|GUEST_IP|PREFIX|NETMASK|BRIDGE|MAC|TAPS)=' | sort | sed 's/^/env /'; } > "$out.part"
                mv "$out.part" "$out"
                """);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterEach
    void cleanUp() throws Exception {
        Guest.endAllLaunches();
        for (ILaunchConfiguration c : configs) {
            c.delete();
        }
        Waits.until(WAIT, "the pools to be free", () -> taps.pools().stream().allMatch(p -> p.held() == 0));
        Kernel.removeAllPools(taps);
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    private ILaunchConfiguration command(String name, String line, NicSpec... nics) throws CoreException {
        ILaunchConfigurationWorkingCopy wc = DebugPlugin.getDefault().getLaunchManager()
                .getLaunchConfigurationType(LaunchAttributes.COMMAND_TYPE).newInstance(null, name);
        wc.setAttribute(LaunchAttributes.COMMAND_LINE, script + " " + out + " " + line);
        wc.setAttribute(LaunchAttributes.NICS, List.of(nics).stream().map(NicSpec::encode).toList());
        ILaunchConfiguration c = wc.doSave();
        configs.add(c);
        return c;
    }

    /** Launches, waits for the script to end, returns what it wrote. */
    private List<String> run(ILaunchConfiguration c) throws Exception {
        ILaunch launch = c.launch(ILaunchManager.RUN_MODE, new NullProgressMonitor());
        Waits.until(WAIT, "the script to exit", launch::isTerminated);
        assertThat(launch.getProcesses()[0].getExitValue()).as("the script's exit status").isZero();
        return Files.readAllLines(out);
    }

    /** The MAC the guest's NIC gets on {@code tap}: the guest MAC the tap's network gives, else the stable one. */
    private String guestMac(String tap, String config, int nic) {
        String m = taps.tap(tap, false).orElseThrow().network().guestMac();
        return m != null ? m : NicSpec.stableMac(config, nic);
    }

    @Test
    void anEmulatorCommandGetsItsTapsNetworkAsPlaceholdersEnvironmentAndLaunchAttributes() throws Exception {
        ILaunchConfiguration c = command("routed",
                "{host_ip} {guest_ip} {prefix} {netmask} {mac} {tap} ip={guest_ip}/{prefix},gw={host_ip}"
                        + " {host_ip:1} {guest_ip:1} {prefix:1} {netmask:1} {tap:1}",
                NicSpec.ofTap("rt0"), NicSpec.ofTap("rt1"));
        String mac = guestMac("rt0", "routed", 0);

        List<String> lines = run(c);

        assertThat(lines).containsExactly("arg 10.77.9.1", "arg 10.77.9.2", "arg 30", "arg 255.255.255.252",
                "arg " + mac, "arg rt0", "arg ip=10.77.9.2/30,gw=10.77.9.1", "arg 10.77.9.4", "arg 10.77.9.5",
                "arg 31", "arg 255.255.255.254", "arg rt1", "env TAPLEASE_GUEST_IP=10.77.9.2",
                "env TAPLEASE_HOST_IP=10.77.9.1", "env TAPLEASE_MAC=" + mac, "env TAPLEASE_NETMASK=255.255.255.252",
                "env TAPLEASE_PREFIX=30",
                "env TAPLEASE_TAPS=rt0,rt1");
        ILaunch launch = DebugPlugin.getDefault().getLaunchManager().getLaunches()[0];
        assertThat(launch.getAttribute(LaunchAttributes.LAUNCH_HOST_IP)).isEqualTo("10.77.9.1");
        assertThat(launch.getAttribute(LaunchAttributes.LAUNCH_GUEST_IP)).isEqualTo("10.77.9.2");
        assertThat(launch.getAttribute(LaunchAttributes.LAUNCH_PREFIX)).isEqualTo("30");
        assertThat(launch.getAttribute(LaunchAttributes.LAUNCH_NETMASK)).isEqualTo("255.255.255.252");
        assertThat(launch.getAttribute(LaunchAttributes.LAUNCH_MAC)).isEqualTo(mac);
        assertThat(launch.getAttribute(LaunchAttributes.LAUNCH_BRIDGE)).isNull();
        IProcess p = launch.getProcesses()[0];
        assertThat(p.getAttribute(LaunchAttributes.LAUNCH_GUEST_IP)).isEqualTo("10.77.9.2");
        assertThat(p.getAttribute(IProcess.ATTR_CMDLINE)).contains(" 10.77.9.1 10.77.9.2 30 255.255.255.252 ");
    }

    @Test
    void aNetworkPlaceholderOnATapWithoutANetworkIsAClearErrorAndLeasesNothing() throws Exception {
        ILaunchConfiguration c = command("nonet", "--guest {guest_ip}", NicSpec.ofPool("plain"));
        assertThatThrownBy(() -> c.launch(ILaunchManager.RUN_MODE, new NullProgressMonitor()))
                .isInstanceOf(CoreException.class)
                .hasMessage("command line: {guest_ip}: tap plain0 has no routed network: lease from a pool created"
                        + " with --subnet (sudo taplease pool create --name plain --count N --subnet 10.77.0.0/24),"
                        + " or remove {guest_ip}");
        assertThat(taps.tap("plain0", false)).map(TapInfo::attached).contains(false);
        assertThat(taps.pools()).allSatisfy(p -> assertThat(p.held()).isZero());
        assertThat(out).doesNotExist();
    }

    @Test
    void aTapWithoutANetworkLaunchesWithItsMacAndNoAddressVariables() throws Exception {
        ILaunchConfiguration c = command("plainrun", "{tap} {mac}", NicSpec.ofPool("plain"));
        String mac = NicSpec.stableMac("plainrun", 0); // no network: the MAC stable per configuration

        List<String> lines = run(c);

        assertThat(lines).containsExactly("arg plain0", "arg " + mac, "env TAPLEASE_MAC=" + mac,
                "env TAPLEASE_TAPS=plain0");
        ILaunch launch = DebugPlugin.getDefault().getLaunchManager().getLaunches()[0];
        assertThat(launch.getAttribute(LaunchAttributes.LAUNCH_MAC)).isEqualTo(mac);
        assertThat(launch.getAttribute(LaunchAttributes.LAUNCH_HOST_IP)).isNull();
        assertThat(launch.getAttribute(LaunchAttributes.LAUNCH_GUEST_IP)).isNull();
    }

    @Test
    void aBridgedTapGivesItsPoolsGuestMacAndItsBridgeButNoAddresses() throws Exception {
        Kernel.run("ip", "link", "add", "ltbr0", "type", "bridge");
        try {
            Kernel.run("ip", "link", "set", "plain0", "master", "ltbr0");
            ILaunchConfiguration c = command("bridged", "{tap} {mac}", NicSpec.ofPool("plain"));
            String mac = taps.tap("plain0", false).orElseThrow().network().guestMac();
            assertThat(mac).as("the guest MAC of a bridge's port").isNotNull()
                    .isNotEqualTo(NicSpec.stableMac("bridged", 0));

            assertThat(run(c)).containsExactly("arg plain0", "arg " + mac, "env TAPLEASE_BRIDGE=ltbr0",
                    "env TAPLEASE_MAC=" + mac, "env TAPLEASE_TAPS=plain0");
            ILaunch launch = DebugPlugin.getDefault().getLaunchManager().getLaunches()[0];
            assertThat(launch.getAttribute(LaunchAttributes.LAUNCH_BRIDGE)).isEqualTo("ltbr0");
            assertThat(launch.getAttribute(LaunchAttributes.LAUNCH_MAC)).isEqualTo(mac);

            // an explicit MAC on the NIC wins over the pool's
            ILaunchConfiguration explicit = command("bridged-mac", "{mac}",
                    new NicSpec("plain", null, false, NicSpec.DEFAULT_MODEL, "52:54:00:12:34:56", false));
            assertThat(run(explicit)).startsWith("arg 52:54:00:12:34:56");
        } finally {
            Kernel.run("ip", "link", "del", "ltbr0");
        }
    }

    @Test
    void anAddressThatIsNotAMemberBlockGivesNoGuestAddress() throws Exception {
        Kernel.run("ip", "addr", "add", "10.77.8.1/24", "dev", "plain0");
        ILaunchConfiguration c = command("wide", "{host_ip}", NicSpec.ofPool("plain"));
        assertThatThrownBy(() -> c.launch(ILaunchManager.RUN_MODE, new NullProgressMonitor()))
                .hasMessage("command line: {host_ip}: tap plain0 has no routed network (its address 10.77.8.1/24 is"
                        + " not a /30 or /31 member block): lease from a pool created with --subnet (sudo taplease"
                        + " pool create --name plain --count N --subnet 10.77.0.0/24), or remove {host_ip}");
        assertThat(taps.pools()).allSatisfy(p -> assertThat(p.held()).isZero());
    }

    /** A QEMU configuration whose "qemu-system" is the recording script. */
    private ILaunchConfiguration qemu(String name, String append, boolean kernelIp, NicSpec nic) throws Exception {
        Path qemu = dir.resolve("qemu-system-record");
        if (!Files.exists(qemu)) {
            Files.writeString(qemu, "#!/bin/sh\nexec " + script + " " + out + " \"$@\"\n");
            Files.setPosixFilePermissions(qemu, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.writeString(dir.resolve("vmlinux"), "not a kernel: the recording script never reads it\n");
        }
        ILaunchConfigurationWorkingCopy wc = DebugPlugin.getDefault().getLaunchManager()
                .getLaunchConfigurationType(LaunchAttributes.QEMU_TYPE).newInstance(null, name);
        wc.setAttribute(LaunchAttributes.QEMU_BINARY, qemu.toString());
        wc.setAttribute(LaunchAttributes.KERNEL, dir.resolve("vmlinux").toString());
        wc.setAttribute(LaunchAttributes.KERNEL_ARGS, append);
        wc.setAttribute(LaunchAttributes.KERNEL_IP_CONFIG, kernelIp);
        wc.setAttribute(LaunchAttributes.NICS, List.of(nic.encode()));
        ILaunchConfiguration c = wc.doSave();
        configs.add(c);
        return c;
    }

    @Test
    void theQemuLaunchAppendsTheLeasesKernelIpArgumentAndSubstitutesTheKernelCommandLine() throws Exception {
        List<String> lines = run(qemu("kernelip", "console=ttyS0 host={host_ip} mask={netmask}", true,
                NicSpec.ofTap("rt0")));
        assertThat(lines).containsSubsequence("arg -append",
                "arg console=ttyS0 host=10.77.9.1 mask=255.255.255.252 ip=10.77.9.2::10.77.9.1:255.255.255.252::eth0:off")
                .contains("arg -device").contains("env TAPLEASE_GUEST_IP=10.77.9.2");
        String mac = guestMac("rt0", "kernelip", 0);
        assertThat(lines).anySatisfy(l -> assertThat(l).isEqualTo("arg virtio-net-pci,netdev=tl0,mac=" + mac));

        // without a kernel command line of its own: the ip= argument alone
        assertThat(run(qemu("kernelip-only", "", true, NicSpec.ofTap("rt0"))))
                .containsSubsequence("arg -append", "arg ip=10.77.9.2::10.77.9.1:255.255.255.252::eth0:off");
    }

    @Test
    void theKernelIpOptionOnATapWithoutANetworkIsAClearErrorAndLeasesNothing() throws Exception {
        ILaunchConfiguration c = qemu("kernelip-plain", "console=ttyS0", true, NicSpec.ofPool("plain"));
        assertThatThrownBy(() -> c.launch(ILaunchManager.RUN_MODE, new NullProgressMonitor()))
                .isInstanceOf(CoreException.class)
                .hasMessage(LaunchInputs.KERNEL_IP_LABEL + ": tap plain0 has no routed network: lease from a pool"
                        + " created with --subnet (sudo taplease pool create --name plain --count N --subnet"
                        + " 10.77.0.0/24), or clear that option on the Network tab");
        assertThat(taps.pools()).allSatisfy(p -> assertThat(p.held()).isZero());

        ILaunchConfiguration twice = qemu("kernelip-twice", "ip=dhcp", true, NicSpec.ofTap("rt0"));
        assertThatThrownBy(() -> twice.launch(ILaunchManager.RUN_MODE, new NullProgressMonitor()))
                .hasMessageContaining("the kernel command line has its own ip= argument: remove it, or clear");
        assertThat(out).doesNotExist();
    }
}
