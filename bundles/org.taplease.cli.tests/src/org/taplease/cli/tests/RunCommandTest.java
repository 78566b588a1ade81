package org.taplease.cli.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.taplease.core.Holder;
import org.taplease.core.PoolSpec;
import org.taplease.core.TapInfo;
import org.taplease.core.TapService;
import org.taplease.core.TapServices;
import org.taplease.core.internal.HandoffLocks;
import org.taplease.core.tests.support.Kernel;
import org.taplease.core.tests.support.NoLeaks;
import org.taplease.core.tests.support.Waits;

/** {@code taplease run} as a separate process: the command holds the tap as an open descriptor. */
@ExtendWith(NoLeaks.class)
class RunCommandTest {

    private final TapService taps = TapServices.forPlatform();
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void cleanup() throws InterruptedException, IOException {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        Kernel.removeAllPools(taps);
        for (Path f : stderr.values()) {
            Files.deleteIfExists(f);
        }
    }

    private final java.util.Map<Process, Path> stderr = new java.util.HashMap<>();

    /** Starts taplease; its standard error goes to a file, readable even after the process was destroyed. */
    private Process start(String... args) throws IOException {
        Path err = Files.createTempFile("taplease-run-", ".err");
        Process p = new ProcessBuilder(Cli.command(args)).redirectError(err.toFile()).start();
        started.add(p);
        stderr.put(p, err);
        return p;
    }

    private static String out(Process p) throws IOException {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private String err(Process p) throws IOException {
        return Files.readString(stderr.get(p));
    }

    @Test
    void commandGetsTheTapAsDescriptorWithPlaceholdersAndEnvironment(@TempDir Path tmp) throws Exception {
        taps.provisionPool(new PoolSpec("rc", 2, null, null));
        Path go = tmp.resolve("go");
        Kernel.run("mkfifo", go.toString());
        // after its output the shell blocks reading the fifo: no child of it (which would inherit fd 5) is left
        Process p = start("run", "--pool", "rc", "--fd", "5", "--", "sh", "-c",
                "readlink /proc/self/fd/5; grep iff /proc/self/fdinfo/5; echo \"$TAPLEASE_TAP $TAPLEASE_FD $TAPLEASE_POOL\";"
                        + " echo \"$1 $2\"; read x < " + go + "; exit 7",
                "sh", "tap={tap}", "fd={fd}");
        // while the command runs, the inventory shows it (not the JVM) as the holder, and only it
        Waits.until(Duration.ofSeconds(20), "the command alone to hold rc0", () -> {
            List<Holder> h = taps.tap("rc0", true).orElseThrow().holders();
            return h.size() == 1 && h.get(0).command().startsWith("sh -c");
        });
        TapInfo held = taps.tap("rc0", true).orElseThrow();
        assertThat(held.holders()).extracting(Holder::program).containsExactly("sh");
        assertThat(held.holders().get(0).pid()).isNotEqualTo((int) p.pid());
        Files.writeString(go, "go\n");
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("the command's exit status").isEqualTo(7);
        assertThat(out(p)).isEqualTo("/dev/net/tun\niff:\trc0\nrc0 5 rc\ntap=rc0 fd=5\n");
        assertThat(taps.tap("rc0", false).orElseThrow().free()).isTrue();
    }

    @Test
    void namedTapAndVerboseReport() throws Exception {
        taps.provisionPool(new PoolSpec("nv", 2, null, null));
        Process p = start("run", "-v", "--tap", "nv1", "--", "sh", "-c", "grep iff /proc/self/fdinfo/3");
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(out(p)).isEqualTo("iff:\tnv1\n");
        assertThat(err(p)).startsWith("taplease: leased nv1 (pool nv) as fd 3 of pid ");
    }

    @Test
    void missingCommandReleasesTheTap() throws Exception {
        taps.provisionPool(new PoolSpec("mc", 1, null, null));
        Process p = start("run", "--pool", "mc", "--", "taplease-no-such-emulator", "-x");
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(127);
        assertThat(err(p)).startsWith("taplease: taplease-no-such-emulator: command not found").contains("Fix:");
        assertThat(taps.tap("mc0", false).orElseThrow().free()).isTrue();
    }

    @Test
    void qemuTakesTheLeasedTapAsFdAndTheTapIsFreeAfterwards() throws Exception {
        taps.provisionPool(new PoolSpec("qm", 2, null, null));
        Process p = start("run", "--pool", "qm", "--", "timeout", "60", "qemu-system-x86_64", "-accel", "tcg",
                "-machine", "none", "-nodefaults", "-display", "none", "-monitor", "none", "-serial", "none",
                "-netdev", "tap,id=n0,fd={fd}");
        Waits.until(Duration.ofSeconds(30), "QEMU to hold qm0",
                () -> !p.isAlive() || taps.tap("qm0", true).orElseThrow().holders().stream()
                        .anyMatch(h -> h.program().equals("qemu-system-x86_64")));
        assertThat(p.isAlive()).as("taplease run still running; stderr: %s", p.isAlive() ? "" : err(p)).isTrue();
        TapInfo held = taps.tap("qm0", true).orElseThrow();
        Holder qemu = held.holders().stream().filter(h -> h.program().equals("qemu-system-x86_64")).findFirst()
                .orElseThrow();
        assertThat(qemu.command()).contains("-netdev tap,id=n0,fd=3");
        // QEMU accepted the descriptor: it configured the netdev with it (made it non-blocking) and went on to idle in
        // its main loop, still holding the tap (had it refused the descriptor, it would have exited instead)
        Waits.until(Duration.ofSeconds(30), "QEMU (pid " + qemu.pid() + ") to take fd 3 and idle in its main loop",
                () -> !ProcessHandle.of(qemu.pid()).map(ProcessHandle::isAlive).orElse(false)
                        || idlesWithNonBlockingFd(qemu.pid(), 3));
        assertThat(ProcessHandle.of(qemu.pid()).map(ProcessHandle::isAlive).orElse(false))
                .as("QEMU still running; stderr of taplease run: %s", err(p)).isTrue();
        assertThat(taps.tap("qm1", false).orElseThrow().free()).isTrue();
        // SIGTERM to taplease: its shutdown hook terminates the emulator, the tap is free again
        p.destroy();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Waits.until(Duration.ofSeconds(30), "QEMU to end",
                () -> ProcessHandle.of(qemu.pid()).map(h -> !h.isAlive()).orElse(true));
        Waits.until(Duration.ofSeconds(10), "qm0 free", () -> taps.tap("qm0", false).orElseThrow().free());
        assertThat(err(p)).doesNotContain("could not configure");
    }

    @Test
    void byNameHandsTheTapToAProgramThatOpensItAndAllocatorsSkipATapInHandoff(@TempDir Path locks) throws Exception {
        taps.provisionPool(new PoolSpec("bn", 2, null, null));
        // this test process is in the middle of handing bn0 over by name: another taplease must not take it
        try (HandoffLocks.Handoff mine = new HandoffLocks(locks).take("bn0")) {
            Path errFile = Files.createTempFile("taplease-run-", ".err");
            ProcessBuilder pb = new ProcessBuilder(Cli.command("run", "--pool", "bn", "--by-name", "-v", "--",
                    "timeout", "60", "qemu-system-x86_64", "-accel", "tcg", "-machine", "none", "-nodefaults",
                    "-display", "none", "-monitor", "none", "-serial", "none", "-netdev",
                    "tap,id=n0,ifname={tap},script=no,downscript=no")).redirectError(errFile.toFile());
            pb.environment().put("TAPLEASE_HANDOFF_DIR", locks.toString());
            Process p = pb.start();
            started.add(p);
            stderr.put(p, errFile);
            // QEMU opened bn1 by its name itself (no descriptor was passed): the kernel shows it as the holder
            Waits.until(Duration.ofSeconds(30), "QEMU to open bn1 by name", () -> !p.isAlive()
                    || taps.tap("bn1", true).orElseThrow().holders().stream()
                            .anyMatch(h -> h.program().equals("qemu-system-x86_64")));
            assertThat(p.isAlive()).as("taplease run still running; stderr: %s", p.isAlive() ? "" : err(p)).isTrue();
            Holder qemu = taps.tap("bn1", true).orElseThrow().holders().get(0);
            assertThat(qemu.command()).contains("ifname=bn1").doesNotContain("fd=");
            Waits.until(Duration.ofSeconds(20), "taplease to report the hand-over",
                    () -> Files.exists(errFile) && readQuietly(errFile).contains("it has the tap open"));
            assertThat(err(p)).contains("taplease: handed bn1 (pool bn) over by name to pid ");
            assertThat(taps.tap("bn0", false).orElseThrow().free()).as("bn0, locked by this test, untouched").isTrue();
            p.destroy();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            Waits.until(Duration.ofSeconds(30), "QEMU to end",
                    () -> ProcessHandle.of(qemu.pid()).map(h -> !h.isAlive()).orElse(true));
            Waits.until(Duration.ofSeconds(10), "bn1 free", () -> taps.tap("bn1", false).orElseThrow().free());
        }
    }

    /**
     * The command holds its standard streams and the tap, nothing of taplease's JVM (class-path jars, random devices,
     * internal pipes): with the default fd 3, and with fd 6, where 3-5 are gaps that must be closed too.
     */
    @Test
    void theCommandHoldsOnlyItsStandardStreamsAndTheTap() throws Exception {
        taps.provisionPool(new PoolSpec("fd", 1, null, null));
        for (int n : new int[] { 3, 6 }) {
            Process p = start("run", "--pool", "fd", "--fd", Integer.toString(n), "--", "sh", "-c", "ls -l /proc/$$/fd");
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String out = out(p);
            assertThat(p.exitValue()).as("stderr: %s", err(p)).isZero();
            Map<Integer, String> fds = descriptors(out);
            assertThat(fds.keySet()).as("the command's descriptors (fd %d): %s", n, out).containsExactly(0, 1, 2, n);
            assertThat(fds.get(n)).isEqualTo("/dev/net/tun");
        }
    }

    /** A hand-over by name leaves the command only its standard streams: no tap, no lock file, no JDK file. */
    @Test
    void byNameTheCommandHoldsOnlyItsStandardStreams(@TempDir Path locks) throws Exception {
        taps.provisionPool(new PoolSpec("bf", 1, null, null));
        Path errFile = Files.createTempFile("taplease-run-", ".err");
        ProcessBuilder pb = new ProcessBuilder(Cli.command("run", "--pool", "bf", "--by-name", "--handoff-timeout", "1",
                "--", "sh", "-c", "ls -l /proc/$$/fd")).redirectError(errFile.toFile());
        pb.environment().put("TAPLEASE_HANDOFF_DIR", locks.toString());
        Process p = pb.start();
        started.add(p);
        stderr.put(p, errFile);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = out(p);
        assertThat(p.exitValue()).as("stderr: %s", err(p)).isZero();
        assertThat(descriptors(out).keySet()).as("the command's descriptors: %s", out).containsExactly(0, 1, 2);
    }

    /** The descriptors in the output of {@code ls -l /proc/PID/fd}: number -> link target. */
    private static Map<Integer, String> descriptors(String lsOutput) {
        Map<Integer, String> fds = new TreeMap<>();
        Matcher m = Pattern.compile("(?m) (\\d+) -> (.*)$").matcher(lsOutput);
        while (m.find()) {
            fds.put(Integer.parseInt(m.group(1)), m.group(2));
        }
        return fds;
    }

    @Test
    void byNameEndsTheMomentTheCommandExits() throws Exception {
        taps.provisionPool(new PoolSpec("be", 1, null, null));
        // the hand-over must end when the command exits, not when the (long) hand-over timeout passes
        Process p = start("run", "--pool", "be", "--by-name", "--handoff-timeout", "120", "--", "true");
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("taplease run ended within 60 s of a 120 s timeout").isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(err(p)).doesNotContain("did not open the tap");
        assertThat(taps.tap("be0", false).orElseThrow().free()).isTrue();
    }

    @Test
    void aPreferredTapOfAnotherPoolIsNeverLeased() throws Exception {
        taps.provisionPool(new PoolSpec("vm", 1, null, null));
        taps.provisionPool(new PoolSpec("vn", 1, null, null));
        Process p = start("run", "--pool", "nopool", "--prefer", "vm0", "--", "true");
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("no such pool").isEqualTo(66);
        assertThat(err(p)).contains("pool nopool: no such pool");
        Process q = start("run", "-v", "--pool", "vn", "--prefer", "vm0", "--", "true");
        assertThat(q.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(q.exitValue()).isZero();
        assertThat(err(q)).startsWith("taplease: leased vn0 (pool vn)");
    }

    @Test
    void byNamePassesNoDescriptor() throws Exception {
        Process p = start("run", "--pool", "bn", "--by-name", "--", "sh", "-c", "echo {fd}");
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(64);
        assertThat(err(p)).contains("--by-name passes no descriptor: use {tap}");
    }

    /**
     * Whether process {@code pid} has set its descriptor {@code fd} non-blocking ({@code O_NONBLOCK} in the octal
     * {@code flags:} of /proc/PID/fdinfo/FD: QEMU does so when it sets up a tap netdev from {@code fd=}) and its main
     * thread waits in poll (QEMU's main loop, reached after the machine and the netdevs were set up).
     */
    private static boolean idlesWithNonBlockingFd(long pid, int fd) {
        String fdinfo = readQuietly(Path.of("/proc", Long.toString(pid), "fdinfo", Integer.toString(fd)));
        boolean nonBlocking = fdinfo.lines().filter(l -> l.startsWith("flags:")).findFirst()
                .map(l -> (Integer.parseInt(l.substring("flags:".length()).trim(), 8) & 04000) != 0).orElse(false);
        return nonBlocking && readQuietly(Path.of("/proc", Long.toString(pid), "wchan")).contains("poll");
    }

    private static String readQuietly(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            return "";
        }
    }
}
