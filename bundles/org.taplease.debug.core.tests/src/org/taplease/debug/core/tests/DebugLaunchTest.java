package org.taplease.debug.core.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.variables.VariablesPlugin;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.core.model.IProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.taplease.core.PoolSpec;
import org.taplease.core.TapService;
import org.taplease.core.TapServices;
import org.taplease.core.tests.support.Kernel;
import org.taplease.core.tests.support.NoLeaks;
import org.taplease.core.tests.support.Waits;
import org.taplease.debug.core.LaunchAttributes;
import org.taplease.debug.core.NicSpec;
import org.taplease.debug.core.internal.GdbStub;
import org.taplease.debug.core.internal.TapLaunchDelegate;

/**
 * Debug launches through the real launch manager: QEMU boots the tiny guest on a leased tap with its GDB stub on a
 * port chosen at launch, Debian's real gdb connects to it, and the guest's token arrives over the tap. Every QEMU and
 * gdb run has a hard timeout; {@link NoLeaks} checks that no QEMU, gdb, tap or descriptor is left behind.
 */
@ExtendWith(NoLeaks.class)
class DebugLaunchTest {

    private static final Duration BOOT = Duration.ofSeconds(60);
    private static final String POOL = "vm";

    private final TapService taps = TapServices.forPlatform();
    private final List<ILaunchConfiguration> configs = new ArrayList<>();
    private final List<Guest.Listener> listeners = new ArrayList<>();
    private final List<ServerSocket> held = new ArrayList<>();
    private Path guest;

    /** The JDK's once-per-JVM "pre-close" socket pair, kept out of the leak check (see LaunchTest). */
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
        GdbStub.onPortChosen(null);
        Guest.endAllLaunches();
        for (ServerSocket s : held) {
            s.close();
        }
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

    private ILaunch debug(ILaunchConfigurationWorkingCopy wc) throws CoreException {
        ILaunchConfiguration c = wc.doSave();
        configs.add(c);
        return c.launch(ILaunchManager.DEBUG_MODE, new NullProgressMonitor());
    }

    private static int portOf(ILaunch launch) {
        return Integer.parseInt(launch.getAttribute(LaunchAttributes.LAUNCH_GDB_PORT));
    }

    private static String tapOf(ILaunch launch) {
        return launch.getAttribute(LaunchAttributes.LAUNCH_TAPS);
    }

    private String token(ILaunch launch) throws Exception {
        String tap = tapOf(launch);
        String t = listeners.get(Integer.parseInt(tap.substring(POOL.length()))).next(BOOT.toSeconds());
        if (t == null) {
            throw new AssertionError("no token from the guest on " + tap + " within " + BOOT.toSeconds()
                    + " s; console: " + Guest.console(launch));
        }
        return t;
    }

    /** Debian's gdb, run to completion with a hard timeout; returns what it printed. */
    private static String gdbBatch(String... commands) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("gdb", "-q", "-nx", "-batch"));
        for (String c : commands) {
            cmd.add("-ex");
            cmd.add(c);
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        boolean ended = p.waitFor(BOOT.toSeconds(), TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly().waitFor();
        }
        String out;
        try (var in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        p.getErrorStream().close();
        assertThat(ended).as("gdb ended within %d s: %s", BOOT.toSeconds(), out).isTrue();
        return out;
    }

    /** Terminates the launch and checks that its tap and its port are free again. */
    private void terminateAndCheckFree(ILaunch launch) throws Exception {
        String tap = tapOf(launch);
        int port = portOf(launch);
        launch.terminate();
        Waits.until(Duration.ofSeconds(10), "the launch to terminate", launch::isTerminated);
        Waits.until(Duration.ofSeconds(5), tap + " to be free", () -> !taps.tap(tap, false).orElseThrow().attached());
        try (ServerSocket again = new ServerSocket()) {
            again.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
        }
    }

    @Test
    void stoppedAtTheFirstInstructionGdbReadsPcThenTheGuestBootsOnItsTap() throws Exception {
        ILaunchConfigurationWorkingCopy wc = qemu("stopped", "dbgS", 120);
        wc.setAttribute(LaunchAttributes.STOP_AT_START, true);
        ILaunch launch = debug(wc);
        String tap = tapOf(launch);
        int port = portOf(launch);
        assertThat(port).isBetween(1, 65535);
        IProcess qemu = launch.getProcesses()[0];
        assertThat(qemu.getLabel()).isEqualTo("qemu-system-x86_64 [" + tap + ", gdb 127.0.0.1:" + port + "]");
        assertThat(qemu.getAttribute(IProcess.ATTR_CMDLINE)).contains("-gdb tcp:127.0.0.1:" + port + " -S");
        assertThat(qemu.getAttribute(LaunchAttributes.LAUNCH_GDB_PORT)).isEqualTo(Integer.toString(port));
        var variables = VariablesPlugin.getDefault().getStringVariableManager();
        assertThat(variables.performStringSubstitution("${taplease_gdb_port}")).isEqualTo(Integer.toString(port));
        assertThat(variables.performStringSubstitution("${taplease_gdb_port:stopped}"))
                .isEqualTo(Integer.toString(port));
        assertThatThrownBy(() -> variables.performStringSubstitution("${taplease_gdb_port:other}"))
                .hasMessageContaining("no taplease Debug launch of configuration other is running");

        // -S: the CPU waits at the reset vector (0xfff0 of the x86 reset code segment) until gdb lets it go
        String out = gdbBatch("target remote 127.0.0.1:" + port, "p/x $pc", "detach");
        System.out.println("gdb: " + out);
        assertThat(out).containsPattern("\\$1 = 0xfff0\\b").contains("detached");
        assertThat(token(launch)).startsWith("TAPLEASE-TOKEN dbgS ");
        assertThat(Guest.console(launch)).contains("TAPLEASE-GUEST-UP token=dbgS");
        terminateAndCheckFree(launch);
    }

    @Test
    void twoConcurrentDebugLaunchesGetTwoPortsAndTwoTaps() throws Exception {
        ILaunch a = debug(qemu("a", "dbgA", 120));
        ILaunch b = debug(qemu("b", "dbgB", 120));
        assertThat(List.of(tapOf(a), tapOf(b))).containsExactlyInAnyOrder("vm0", "vm1");
        assertThat(portOf(a)).isNotEqualTo(portOf(b));
        assertThat(VariablesPlugin.getDefault().getStringVariableManager()
                .performStringSubstitution("${taplease_gdb_port}")).isEqualTo(Integer.toString(portOf(b)));
        assertThat(token(a)).startsWith("TAPLEASE-TOKEN dbgA ");
        assertThat(token(b)).startsWith("TAPLEASE-TOKEN dbgB ");
        terminateAndCheckFree(a);
        terminateAndCheckFree(b);
    }

    @Test
    void gdbStartsInTheLaunchWithTheKernelsSymbolsAndTakesTypedCommands() throws Exception {
        ILaunchConfigurationWorkingCopy wc = qemu("withgdb", "dbgG", 120);
        wc.setAttribute(LaunchAttributes.START_GDB, true);
        wc.setAttribute(LaunchAttributes.STOP_AT_START, true);
        ILaunch launch = debug(wc);
        int port = portOf(launch);
        assertThat(launch.getProcesses()).hasSize(2);
        IProcess gdb = launch.getProcesses()[1];
        assertThat(gdb.getLabel()).isEqualTo("gdb [" + tapOf(launch) + ", gdb 127.0.0.1:" + port + "]");
        assertThat(gdb.getAttribute(IProcess.ATTR_CMDLINE)).endsWith(
                " -q " + guest.resolve("vmlinux") + " -ex target remote 127.0.0.1:" + port);
        Waits.until(BOOT, Waits.POLL, () -> "gdb to connect: " + gdbConsole(gdb), () -> gdbConsole(gdb).contains(
                "Remote debugging using 127.0.0.1:" + port));
        assertThat(gdbConsole(gdb)).contains("Reading symbols from " + guest.resolve("vmlinux"));
        gdb.getStreamsProxy().write("continue\n"); // as a user types into gdb's console
        assertThat(token(launch)).startsWith("TAPLEASE-TOKEN dbgG ");
        terminateAndCheckFree(launch);
        assertThat(gdb.isTerminated()).isTrue();
    }

    @Test
    void gdbEndsWhenTheGuestEnds() throws Exception {
        ILaunchConfigurationWorkingCopy wc = qemu("ends", "dbgE", 0);
        wc.setAttribute(LaunchAttributes.START_GDB, true);
        ILaunch launch = debug(wc);
        IProcess gdb = launch.getProcesses()[1];
        int port = portOf(launch);
        Waits.until(BOOT, Waits.POLL, () -> "gdb to connect: " + gdbConsole(gdb), () -> gdbConsole(gdb).contains(
                "Remote debugging using 127.0.0.1:" + port));
        gdb.getStreamsProxy().write("continue\n");
        assertThat(token(launch)).startsWith("TAPLEASE-TOKEN dbgE ");
        Waits.until(BOOT, "the guest to power off and the launch to end", launch::isTerminated);
        assertThat(gdb.isTerminated()).isTrue();
    }

    @Test
    void withoutGdbOnThePathTheGuestRunsAndTheLaunchNamesThePackage() throws Exception {
        ILaunchConfigurationWorkingCopy wc = qemu("nogdb", "dbgN", 120);
        wc.setAttribute(LaunchAttributes.START_GDB, true);
        wc.setAttribute(ILaunchManager.ATTR_ENVIRONMENT_VARIABLES, Map.of("PATH", "/nonexistent/bin"));
        ILaunch launch = debug(wc);
        assertThat(launch.getProcesses()).hasSize(1);
        assertThat(launch.getAttribute(LaunchAttributes.LAUNCH_GDB_WARNING))
                .contains("gdb not found: install Debian's gdb (sudo apt-get install gdb) or gdb-multiarch")
                .contains("PATH /nonexistent/bin").contains("stub listens on 127.0.0.1:" + portOf(launch));
        assertThat(token(launch)).startsWith("TAPLEASE-TOKEN dbgN ");
        // the note heads the guest's console
        assertThat(launch.getProcesses()[0].getStreamsProxy().getErrorStreamMonitor().getContents()).startsWith(
                "taplease: gdb not found: install Debian's gdb (sudo apt-get install gdb) or gdb-multiarch");
        terminateAndCheckFree(launch);
    }

    @Test
    void aPortTakenBetweenChoiceAndStartIsRetriedWithAnother() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        GdbStub.onPortChosen(port -> {
            if (calls.getAndIncrement() == 0) {
                held.add(hold(port)); // another program takes the port the launch just chose
            }
        });
        ILaunch launch = debug(qemu("race", "dbgR", 120));
        int taken = held.get(0).getLocalPort();
        assertThat(calls).hasValue(2);
        assertThat(portOf(launch)).isNotEqualTo(taken);
        assertThat(launch.getAttribute(TapLaunchDelegate.RETRIED_PORTS)).isEqualTo(Integer.toString(taken));
        assertThat(launch.getProcesses()).hasSize(1);
        assertThat(token(launch)).startsWith("TAPLEASE-TOKEN dbgR ");
        terminateAndCheckFree(launch);
    }

    @Test
    void aPortTakenTwiceIsAClearErrorAndLeavesNothingLeased() throws Exception {
        GdbStub.onPortChosen(port -> held.add(hold(port)));
        assertThatThrownBy(() -> debug(qemu("race2", "x", 0))).isInstanceOf(CoreException.class)
                .hasMessageContaining("the GDB stub could not listen: ports " + held.get(0).getLocalPort() + " and "
                        + held.get(1).getLocalPort() + " on 127.0.0.1 were each taken by another program")
                .hasMessageContaining("nothing is leased now: launch again");
        assertThat(taps.pools()).allSatisfy(p -> assertThat(p.held()).isZero());
        assertThat(DebugPlugin.getDefault().getLaunchManager().getLaunches())
                .allSatisfy(l -> assertThat(l.getProcesses()).isEmpty());
    }

    @Test
    void theEmulatorCommandTypeSubstitutesTheGdbPortInDebugOnly() throws Exception {
        ILaunchConfigurationWorkingCopy wc = DebugPlugin.getDefault().getLaunchManager()
                .getLaunchConfigurationType(LaunchAttributes.COMMAND_TYPE).newInstance(null, "cmdgdb");
        wc.setAttribute(LaunchAttributes.COMMAND_LINE, "true -gdb tcp:127.0.0.1:{gdb_port} {fd}");
        wc.setAttribute(LaunchAttributes.NICS, List.of(NicSpec.ofPool(POOL).encode()));
        ILaunchConfiguration c = wc.doSave();
        configs.add(c);
        assertThatThrownBy(() -> c.launch(ILaunchManager.RUN_MODE, new NullProgressMonitor()))
                .hasMessageContaining("{gdb_port} is the GDB stub's port of a Debug launch: launch in Debug");
        ILaunch launch = c.launch(ILaunchManager.DEBUG_MODE, new NullProgressMonitor());
        assertThat(launch.getProcesses()[0].getAttribute(IProcess.ATTR_CMDLINE))
                .endsWith("true -gdb tcp:127.0.0.1:" + portOf(launch) + " 3");
        Waits.until(Duration.ofSeconds(10), "true to exit", launch::isTerminated);

        ILaunchConfigurationWorkingCopy noPort = c.getWorkingCopy();
        noPort.setAttribute(LaunchAttributes.COMMAND_LINE, "true {fd}");
        ILaunchConfiguration c2 = noPort.doSave();
        assertThatThrownBy(() -> c2.launch(ILaunchManager.DEBUG_MODE, new NullProgressMonitor()))
                .hasMessageContaining("which the command line does not use: add it");
        assertThat(taps.pools()).allSatisfy(p -> assertThat(p.held()).isZero());
    }

    /**
     * Measures (does not assert) the time from launch() to gdb's "Remote debugging using" (gdb started by the launch,
     * the kernel's symbols read, connected to the stub of a guest stopped at its first instruction); median of 10
     * after 1 warm-up. Printed for docs/launching.md.
     */
    @Test
    void launchToGdbConnectedTiming() throws Exception {
        ILaunchConfigurationWorkingCopy wc = qemu("timing", "t", 0);
        wc.setAttribute(LaunchAttributes.START_GDB, true);
        wc.setAttribute(LaunchAttributes.STOP_AT_START, true);
        ILaunchConfiguration c = wc.doSave();
        configs.add(c);
        List<Long> micros = new ArrayList<>();
        List<Long> toLaunched = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            long t0 = System.nanoTime();
            ILaunch launch = c.launch(ILaunchManager.DEBUG_MODE, new NullProgressMonitor());
            long t1 = System.nanoTime();
            IProcess gdb = launch.getProcesses()[1];
            String connected = "Remote debugging using 127.0.0.1:" + portOf(launch);
            Waits.until(BOOT, Duration.ofMillis(1), () -> "gdb to connect: " + gdbConsole(gdb),
                    () -> gdbConsole(gdb).contains(connected));
            long t2 = System.nanoTime();
            if (i > 0) {
                micros.add((t2 - t0) / 1000);
                toLaunched.add((t1 - t0) / 1000);
            }
            launch.terminate();
            Waits.until(Duration.ofSeconds(10), "the launch to terminate", launch::isTerminated);
            DebugPlugin.getDefault().getLaunchManager().removeLaunch(launch);
        }
        micros.sort(null);
        toLaunched.sort(null);
        System.out.printf("launch to gdb connected over %d Debug launches (QEMU -S, gdb with the kernel's symbols):"
                + " median %.1f ms, min %.1f ms, max %.1f ms; of which launch() returning (stub listening): median"
                + " %.1f ms%n", micros.size(), micros.get(micros.size() / 2) / 1000.0, micros.get(0) / 1000.0,
                micros.get(micros.size() - 1) / 1000.0, toLaunched.get(toLaunched.size() / 2) / 1000.0);
    }

    private static String gdbConsole(IProcess gdb) {
        return gdb.getStreamsProxy().getOutputStreamMonitor().getContents()
                + gdb.getStreamsProxy().getErrorStreamMonitor().getContents();
    }

    private static ServerSocket hold(int port) {
        try {
            ServerSocket s = new ServerSocket();
            s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
            return s;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
