package org.taplease.debug.core.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.core.model.IProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.taplease.core.LeaseRequest;
import org.taplease.core.PoolSpec;
import org.taplease.core.TapInfo;
import org.taplease.core.TapLease;
import org.taplease.core.TapService;
import org.taplease.core.TapServices;
import org.taplease.core.process.TapProcess;
import org.taplease.core.process.TapProcessBuilder;
import org.taplease.core.tests.support.Kernel;
import org.taplease.core.tests.support.NoLeaks;
import org.taplease.core.tests.support.Waits;
import org.taplease.debug.core.LaunchAttributes;
import org.taplease.debug.core.NicSpec;
import org.taplease.debug.core.internal.TapLaunchDelegate;

/**
 * Launches through the real launch manager: QEMU boots the tiny guest on a leased tap of a pool the test provisioned
 * in its own network namespace, and the guest's token arrives at the host address of that tap. Every QEMU run has a
 * hard timeout; {@link NoLeaks} checks that no QEMU, tap or descriptor is left behind.
 */
@ExtendWith(NoLeaks.class)
@TestMethodOrder(MethodOrderer.MethodName.class)
class LaunchTest {

    private static final Duration BOOT = Duration.ofSeconds(60);
    private static final String POOL = "vm";

    private final TapService taps = TapServices.forPlatform();
    private final List<ILaunchConfiguration> configs = new ArrayList<>();
    private final List<Guest.Listener> listeners = new ArrayList<>();
    private Path guest;

    /**
     * Closing a socket while a thread is blocked on it makes the JDK create, once per JVM, a Unix socket pair whose one
     * end it keeps open for good (its "pre-close" descriptor). The listeners are closed that way, so the first test
     * would see that descriptor as a leak; one such close before the tests keeps it out of their checks.
     */
    @BeforeAll
    static void initializeTheJdksPreCloseSocket() throws Exception {
        Guest.closeWhileBlocked();
    }

    @BeforeEach
    void pool() throws Exception {
        guest = Guest.dir();
        taps.provisionPool(new PoolSpec(POOL, 2, 0, null));
        listeners.add(new Guest.Listener("vm0", 0));
        listeners.add(new Guest.Listener("vm1", 1));
    }

    @AfterEach
    void cleanUp() throws Exception {
        Guest.endAllLaunches();
        for (Guest.Listener l : listeners) {
            l.close();
        }
        for (ILaunchConfiguration c : configs) {
            c.delete();
        }
        Waits.until(Duration.ofSeconds(10), "pool " + POOL + " to be free",
                () -> taps.pools().stream().allMatch(p -> p.held() == 0));
        Kernel.removeAllPools(taps);
    }

    private static ILaunchConfigurationWorkingCopy qemu(String name, String token, int linger) throws Exception {
        return Guest.qemu(name, Guest.kernelArgs(token, linger), POOL);
    }

    private ILaunchConfiguration save(ILaunchConfigurationWorkingCopy wc) throws CoreException {
        ILaunchConfiguration c = wc.doSave();
        configs.add(c);
        return c;
    }

    /** Waits for the launch to end (the guest powers off); on timeout terminates it and fails. */
    private static void awaitEnd(ILaunch launch) throws Exception {
        long t0 = System.nanoTime();
        long deadline = System.nanoTime() + BOOT.toNanos();
        while (!launch.isTerminated()) {
            if (System.nanoTime() > deadline) {
                launch.terminate();
                throw new AssertionError("the guest did not power off within " + BOOT.toSeconds() + " s; console: "
                        + console(launch));
            }
            Thread.sleep(50); // the poll interval: the loop checks isTerminated() again until the deadline
        }
        System.out.printf("%s: launch to QEMU start %.2f ms, ran %.1f s; console:%n%s%n",
                launch.getLaunchConfiguration().getName(), startMicros(launch) / 1000.0, (System.nanoTime() - t0) / 1e9,
                console(launch));
    }

    /** The token the guest of {@code launch} sent to the host address of its tap; fails with the console. */
    private String token(ILaunch launch) throws Exception {
        try {
            String t = listenerFor(tapOf(launch)).next(BOOT.toSeconds());
            if (t == null) {
                throw new AssertionError("no token from the guest on " + tapOf(launch) + " within " + BOOT.toSeconds()
                        + " s; console: " + console(launch));
            }
            return t;
        } finally {
            // nothing to release: the listener belongs to the test
        }
    }

    private static String console(ILaunch launch) {
        return Guest.console(launch);
    }

    private static String tapOf(ILaunch launch) {
        return launch.getAttribute(LaunchAttributes.LAUNCH_TAPS);
    }

    private Guest.Listener listenerFor(String tap) {
        return listeners.get(Integer.parseInt(tap.substring(POOL.length())));
    }

    private static long startMicros(ILaunch launch) {
        return Long.parseLong(launch.getAttribute(TapLaunchDelegate.START_MICROS));
    }

    @Test
    void qemuBootsOnALeasedTapAndTheGuestsFramesArriveOnThatTap() throws Exception {
        String token = UUID.randomUUID().toString().substring(0, 8);
        ILaunchConfiguration c = save(qemu("boot", token, 0));
        ILaunch launch = c.launch(ILaunchManager.RUN_MODE, new NullProgressMonitor());
        String tap = tapOf(launch);
        assertThat(tap).matches("vm[01]");
        IProcess process = launch.getProcesses()[0];
        assertThat(process.getLabel()).isEqualTo("qemu-system-x86_64 [" + tap + "]");
        System.out.printf("launch to QEMU start: %.2f ms (tap %s)%n", startMicros(launch) / 1000.0, tap);

        String expectedMac = NicSpec.stableMac("boot", 0);
        String got = token(launch);
        assertThat(got).isEqualTo("TAPLEASE-TOKEN " + token + " " + expectedMac);
        awaitEnd(launch);
        assertThat(console(launch)).contains("TAPLEASE-GUEST-UP token=" + token + " mac=" + expectedMac)
                .contains("TAPLEASE-GUEST-DONE token=" + token + " sent=yes");
        assertThat(process.getExitValue()).isZero();
        assertThat(taps.tap(tap, false)).map(TapInfo::attached).contains(false);
        assertThat(c.getAttribute(LaunchAttributes.LAST_TAPS, List.<String>of())).containsExactly(tap);
    }

    @Test
    void aSecondLaunchReusesTheTapOfTheFirst() throws Exception {
        ILaunchConfigurationWorkingCopy wc = qemu("again", "first", 0);
        wc.setAttribute(LaunchAttributes.LAST_TAPS, List.of("vm1")); // as if the last run had vm1
        ILaunchConfiguration c = save(wc);
        ILaunch first = c.launch(ILaunchManager.RUN_MODE, new NullProgressMonitor());
        assertThat(tapOf(first)).isEqualTo("vm1");
        awaitEnd(first);
        assertThat(token(first)).startsWith("TAPLEASE-TOKEN first ");
        ILaunch second = c.launch(ILaunchManager.RUN_MODE, new NullProgressMonitor());
        assertThat(tapOf(second)).isEqualTo("vm1");
        assertThat(token(second)).startsWith("TAPLEASE-TOKEN first ");
        awaitEnd(second);
    }

    @Test
    void twoConcurrentLaunchesGetTwoTaps() throws Exception {
        ILaunch a = save(qemu("a", "tokenA", 4)).launch(ILaunchManager.RUN_MODE, new NullProgressMonitor());
        ILaunch b = save(qemu("b", "tokenB", 4)).launch(ILaunchManager.RUN_MODE, new NullProgressMonitor());
        assertThat(List.of(tapOf(a), tapOf(b))).containsExactlyInAnyOrder("vm0", "vm1");
        assertThat(a.isTerminated() || b.isTerminated()).as("both still running").isFalse();
        assertThat(token(a)).startsWith("TAPLEASE-TOKEN tokenA ");
        assertThat(token(b)).startsWith("TAPLEASE-TOKEN tokenB ");
        awaitEnd(a);
        awaitEnd(b);
    }

    @Test
    void qemuKilledFromOutsideEndsTheLaunchAndFreesTheTap() throws Exception {
        ILaunch launch = save(qemu("killed", "k", 120)).launch(ILaunchManager.RUN_MODE, new NullProgressMonitor());
        String tap = tapOf(launch);
        token(launch); // booted
        TapInfo held = taps.tap(tap, true).orElseThrow();
        assertThat(held.holders()).hasSize(1).allSatisfy(h -> assertThat(h.program()).isEqualTo("qemu-system-x86_64"));
        Kernel.run("kill", "-KILL", Integer.toString(held.holders().get(0).pid()));
        Waits.until(Duration.ofSeconds(10), "the launch to terminate", launch::isTerminated);
        assertThat(taps.tap(tap, false)).map(TapInfo::attached).contains(false);
        assertThat(launch.getProcesses()[0].getExitValue()).isEqualTo(128 + 9);
    }

    @Test
    void terminateFromTheIdeFreesTheTap() throws Exception {
        ILaunch launch = save(qemu("terminated", "t", 120)).launch(ILaunchManager.RUN_MODE, new NullProgressMonitor());
        String tap = tapOf(launch);
        token(launch);
        assertThat(launch.canTerminate()).isTrue();
        launch.terminate();
        Waits.until(Duration.ofSeconds(10), "the launch to terminate", launch::isTerminated);
        Waits.until(Duration.ofSeconds(5), tap + " to be free",
                () -> !taps.tap(tap, false).orElseThrow().attached());
    }

    @Test
    void aMissingBinaryOrImageIsAClearErrorAndLeasesNothing() throws Exception {
        ILaunchConfigurationWorkingCopy noBinary = qemu("nobinary", "x", 0);
        noBinary.setAttribute(LaunchAttributes.QEMU_BINARY, "qemu-system-nonexistent");
        ILaunchConfiguration c1 = save(noBinary);
        assertThatThrownBy(() -> c1.launch(ILaunchManager.RUN_MODE, new NullProgressMonitor()))
                .isInstanceOf(CoreException.class)
                .hasMessageContaining("QEMU binary qemu-system-nonexistent was not found on PATH")
                .hasMessageContaining("install it");

        ILaunchConfigurationWorkingCopy noImage = qemu("noimage", "x", 0);
        noImage.setAttribute(LaunchAttributes.KERNEL, "/nonexistent/vmlinux");
        ILaunchConfiguration c2 = save(noImage);
        assertThatThrownBy(() -> c2.launch(ILaunchManager.RUN_MODE, new NullProgressMonitor()))
                .isInstanceOf(CoreException.class)
                .hasMessageContaining("Kernel /nonexistent/vmlinux does not exist");

        ILaunchConfigurationWorkingCopy badMac = qemu("badmac", "x", 0);
        badMac.setAttribute(LaunchAttributes.NICS,
                List.of(new NicSpec(POOL, null, false, Guest.NIC_MODEL, "01:02:03:04:05:06", false).encode()));
        ILaunchConfiguration c3 = save(badMac);
        assertThatThrownBy(() -> c3.launch(ILaunchManager.RUN_MODE, new NullProgressMonitor()))
                .hasMessageContaining("NIC 0: MAC address 01:02:03:04:05:06 is a multicast address");

        assertThat(taps.pools()).allSatisfy(p -> assertThat(p.held()).isZero());
    }

    @Test
    void anEmulatorThatFailsToStartReleasesItsTapsAndShowsItsOwnError() throws Exception {
        ILaunchConfigurationWorkingCopy wc = qemu("bad-arg", "x", 0);
        wc.setAttribute(LaunchAttributes.EXTRA_ARGS, "-no-such-option");
        ILaunch launch = save(wc).launch(ILaunchManager.RUN_MODE, new NullProgressMonitor());
        awaitEnd(launch);
        assertThat(console(launch)).contains("-no-such-option");
        assertThat(launch.getProcesses()[0].getExitValue()).isNotZero();
        assertThat(taps.pools()).allSatisfy(p -> assertThat(p.held()).isZero());
    }

    @Test
    void anExhaustedPoolGivesTheExhaustedReason() throws Exception {
        List<TapProcess> holders = new ArrayList<>();
        for (String t : List.of("vm0", "vm1")) {
            try (TapLease l = taps.lease(LeaseRequest.named(t))) {
                holders.add(new TapProcessBuilder(List.of("sleep", "600")).passFd(l.fd(), 3).start());
            }
        }
        try {
            ILaunchConfiguration c = save(qemu("exhausted", "x", 0));
            assertThatThrownBy(() -> c.launch(ILaunchManager.RUN_MODE, new NullProgressMonitor()))
                    .isInstanceOf(CoreException.class)
                    .hasMessageContaining("NIC 0 (any free tap of pool vm)")
                    .hasMessageContaining("all 2 taps of the pool are held");
        } finally {
            for (TapProcess p : holders) {
                p.kill();
                p.waitFor();
            }
        }
    }

    /**
     * Measures (does not assert) the time from launch() to the emulator's spawn: validation, leasing, spawning with the
     * tap handed over. The emulator is {@code true}, so no emulator start-up or boot is included. Printed for
     * docs/launching.md.
     */
    @Test
    void launchToEmulatorStartTiming() throws Exception {
        ILaunchConfigurationWorkingCopy wc = DebugPlugin.getDefault().getLaunchManager()
                .getLaunchConfigurationType(LaunchAttributes.COMMAND_TYPE).newInstance(null, "timing");
        wc.setAttribute(LaunchAttributes.COMMAND_LINE, "true {fd} {tap}");
        wc.setAttribute(LaunchAttributes.NICS, List.of(NicSpec.ofPool(POOL).encode()));
        ILaunchConfiguration c = save(wc);
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ILaunch l = c.launch(ILaunchManager.RUN_MODE, new NullProgressMonitor());
            Waits.until(Duration.ofSeconds(10), "true to exit", l::isTerminated);
            if (i >= 10) { // the first launches load classes
                micros.add(startMicros(l));
            }
            DebugPlugin.getDefault().getLaunchManager().removeLaunch(l);
        }
        List<Long> spawn = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            long t0 = System.nanoTime();
            TapProcess p = new TapProcessBuilder(List.of("true")).start();
            long t1 = System.nanoTime();
            p.waitFor();
            if (i >= 10) {
                spawn.add((t1 - t0) / 1000);
            }
        }
        micros.sort(null);
        spawn.sort(null);
        System.out.printf("launch to emulator start over %d launches (emulator: true, 1 NIC, pool of 2): median %d us,"
                + " p90 %d us, max %d us; posix_spawn of true alone: median %d us%n", micros.size(),
                micros.get(micros.size() / 2), micros.get(micros.size() * 9 / 10), micros.get(micros.size() - 1),
                spawn.get(spawn.size() / 2));
        assertThat(taps.pools()).allSatisfy(p -> assertThat(p.held()).isZero());
    }

    /**
     * The emulator gets its console pipes and one tap per NIC (3, 4), nothing of the IDE's JVM: no jars, no random
     * devices, no internal pipes. Read from /proc/PID/fd of the running command.
     */
    @Test
    void anEmulatorCommandHoldsOnlyItsConsoleAndItsTaps() throws Exception {
        ILaunchConfigurationWorkingCopy wc = DebugPlugin.getDefault().getLaunchManager()
                .getLaunchConfigurationType(LaunchAttributes.COMMAND_TYPE).newInstance(null, "fds");
        wc.setAttribute(LaunchAttributes.COMMAND_LINE, "sleep 60");
        wc.setAttribute(LaunchAttributes.NICS, List.of(NicSpec.ofPool(POOL).encode(), NicSpec.ofPool(POOL).encode()));
        ILaunch launch = save(wc).launch(ILaunchManager.RUN_MODE, new NullProgressMonitor());
        List<String> nicTaps = List.of(tapOf(launch).split(","));
        assertThat(nicTaps).hasSize(2);
        int pid = taps.tap(nicTaps.get(0), true).orElseThrow().holders().get(0).pid();
        Path proc = Path.of("/proc", Integer.toString(pid));
        // sleep is running (the spawn returns after the exec); wait until it sleeps, its start-up done
        Waits.until(Duration.ofSeconds(10), "sleep to sleep", () -> {
            try {
                String stat = Files.readString(proc.resolve("stat"));
                return stat.charAt(stat.lastIndexOf(')') + 2) == 'S';
            } catch (java.io.IOException e) {
                return false;
            }
        });
        Map<Integer, String> fds = new TreeMap<>();
        try (var entries = Files.newDirectoryStream(proc.resolve("fd"))) {
            for (Path e : entries) {
                fds.put(Integer.parseInt(e.getFileName().toString()), Files.readSymbolicLink(e).toString());
            }
        }
        assertThat(fds.keySet()).as("the command's descriptors: %s", fds).containsExactly(0, 1, 2, 3, 4);
        assertThat(fds.get(0)).startsWith("pipe:");
        assertThat(fds.get(1)).startsWith("pipe:");
        assertThat(fds.get(2)).startsWith("pipe:");
        assertThat(fds.get(3)).isEqualTo("/dev/net/tun");
        assertThat(fds.get(4)).isEqualTo("/dev/net/tun");
        assertThat(Files.readString(proc.resolve("fdinfo/3"))).contains("iff:\t" + nicTaps.get(0));
        assertThat(Files.readString(proc.resolve("fdinfo/4"))).contains("iff:\t" + nicTaps.get(1));
        launch.terminate();
        Waits.until(Duration.ofSeconds(10), "the launch to terminate", launch::isTerminated);
    }

    @Test
    void anEmulatorCommandGetsTheTapAsFdThroughItsPlaceholders() throws Exception {
        String token = "cmd" + UUID.randomUUID().toString().substring(0, 4);
        ILaunchConfigurationWorkingCopy wc = DebugPlugin.getDefault().getLaunchManager()
                .getLaunchConfigurationType(LaunchAttributes.COMMAND_TYPE).newInstance(null, "command");
        String append = Guest.kernelArgs(token, 0);
        wc.setAttribute(LaunchAttributes.COMMAND_LINE, "qemu-system-x86_64 -accel tcg -M pc -m 128"
                + " -nodefaults -display none -serial stdio -no-reboot -kernel " + guest.resolve("vmlinux")
                + " -initrd " + guest.resolve("initramfs.cpio.gz") + " -append \"" + append + "\""
                + " -netdev tap,id=n0,fd={fd} -device " + Guest.NIC_MODEL + ",netdev=n0,mac={mac}");
        wc.setAttribute(LaunchAttributes.NICS, List.of(NicSpec.ofPool(POOL).encode()));
        ILaunch launch = save(wc).launch(ILaunchManager.RUN_MODE, new NullProgressMonitor());
        String tap = tapOf(launch);
        assertThat(launch.getProcesses()[0].getAttribute(IProcess.ATTR_CMDLINE)).contains("fd=3")
                .contains("taplease.tap=" + tap).contains("mac=" + NicSpec.stableMac("command", 0));
        assertThat(token(launch)).isEqualTo("TAPLEASE-TOKEN " + token + " " + NicSpec.stableMac("command", 0));
        awaitEnd(launch);
    }
}
