package org.taplease.core.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.taplease.core.LeaseRequest;
import org.taplease.core.PoolSpec;
import org.taplease.core.TapException.Reason;
import org.taplease.core.TapLease;
import org.taplease.core.TapService;
import org.taplease.core.TapServices;
import org.taplease.core.internal.jna.Unistd;
import org.taplease.core.process.TapProcess;
import org.taplease.core.process.TapProcessBuilder;
import org.taplease.core.tests.support.Kernel;
import org.taplease.core.tests.support.NoLeaks;
import org.taplease.core.tests.support.Waits;

/** Handing the attached descriptor to a child: it holds the tap from its first instruction. */
@ExtendWith(NoLeaks.class)
class ProcessHandoffKernelTest {

    private final TapService taps = TapServices.forPlatform();

    @AfterEach
    void cleanup() {
        Kernel.removeAllPools(taps);
    }

    @Test
    void childSeesTheTapAtTheChosenDescriptorAndHoldsItAlone(@TempDir Path tmp) throws Exception {
        taps.provisionPool(new PoolSpec("ph", 1, null, null));
        Path report = tmp.resolve("report");
        Path go = tmp.resolve("go");
        TapProcess child;
        try (TapLease lease = taps.lease(LeaseRequest.fromPool("ph"))) {
            TapProcessBuilder pb = new TapProcessBuilder(List.of("sh", "-c",
                    "{ readlink /proc/self/fd/5; grep iff /proc/self/fdinfo/5; echo \"$MARK\"; } > " + report
                            + "; while [ ! -e " + go + " ]; do sleep 0.01 5>&-; done; exit 3"));
            pb.environment().put("MARK", "env-ok");
            child = pb.passFd(lease.fd(), 5).start();
        }
        try {
            // the parent's copy is closed: the child alone holds the tap
            org.taplease.core.tests.support.Waits.until(java.time.Duration.ofSeconds(10), "child report",
                    () -> Files.exists(report) && readQuietly(report).contains("env-ok"));
            assertThat(Files.readString(report)).isEqualTo("/dev/net/tun\niff:\tph0\nenv-ok\n");
            var info = taps.tap("ph0", true).orElseThrow();
            assertThat(info.attached()).isTrue();
            assertThat(info.holders()).singleElement().satisfies(h -> assertThat(h.pid()).isEqualTo(child.pid()));
            assertThatThrownBy(() -> taps.lease(LeaseRequest.named("ph0")))
                    .hasFieldOrPropertyWithValue("reason", Reason.BUSY)
                    .hasMessageContaining("sh (pid " + child.pid() + ")");
            Files.createFile(go);
        } finally {
            if (!Files.exists(go)) {
                child.kill();
            }
        }
        assertThat(child.waitFor()).isEqualTo(3);
        assertThat(child.isAlive()).isFalse();
        assertThat(taps.tap("ph0", false).orElseThrow().free()).isTrue();
    }

    /**
     * The child holds 0-2 and the handed taps at 3 and 7, nothing else: not the gap between them, not this JVM's jars,
     * random devices and pipes, not a descriptor this test opened without close-on-exec, not the sources' numbers.
     */
    @Test
    void childHoldsOnlyStandardStreamsAndItsTapsEvenAtNonContiguousNumbers() throws Exception {
        taps.provisionPool(new PoolSpec("pf", 2, null, null));
        int[] inheritable = { -1, -1 };
        Unistd.pipe2(inheritable, 0); // no close-on-exec: only closing them in the spawn keeps them from the child
        TapProcess child;
        try (TapLease a = taps.lease(LeaseRequest.named("pf0")); TapLease b = taps.lease(LeaseRequest.named("pf1"))) {
            child = new TapProcessBuilder(List.of("sleep", "60")).pipeStandardStreams(true).passFd(a.fd(), 3)
                    .passFd(b.fd(), 7).start();
        } finally {
            Unistd.closeQuietly(inheritable[0]);
            Unistd.closeQuietly(inheritable[1]);
        }
        try {
            Path fdDir = Path.of("/proc", Integer.toString(child.pid()), "fd");
            // sleep is running (posix_spawn returns after the exec); wait until it sleeps, its start-up done
            Waits.until(Duration.ofSeconds(10), "sleep to sleep", () -> processState(child.pid()) == 'S');
            Map<Integer, String> open = new TreeMap<>();
            try (var entries = Files.newDirectoryStream(fdDir)) {
                for (Path e : entries) {
                    open.put(Integer.parseInt(e.getFileName().toString()), Files.readSymbolicLink(e).toString());
                }
            }
            assertThat(open.keySet()).as("the child's descriptors: %s", open).containsExactly(0, 1, 2, 3, 7);
            assertThat(open.get(0)).startsWith("pipe:");
            assertThat(open.get(1)).startsWith("pipe:");
            assertThat(open.get(2)).startsWith("pipe:");
            assertThat(open.get(3)).isEqualTo("/dev/net/tun");
            assertThat(open.get(7)).isEqualTo("/dev/net/tun");
            assertThat(Files.readString(Path.of("/proc", Integer.toString(child.pid()), "fdinfo", "3")))
                    .contains("iff:\tpf0");
            assertThat(Files.readString(Path.of("/proc", Integer.toString(child.pid()), "fdinfo", "7")))
                    .contains("iff:\tpf1");
        } finally {
            child.kill();
            child.waitFor();
            child.stdin().close();
            child.stdout().close();
            child.stderr().close();
        }
    }

    /** Handing 3 over as 7 and 7 as 3 swaps them; neither is overwritten before it is copied. */
    @Test
    void crossedDescriptorNumbersAreHandedOverIntact() throws Exception {
        taps.provisionPool(new PoolSpec("px", 2, null, null));
        try (TapLease a = taps.lease(LeaseRequest.named("px0")); TapLease b = taps.lease(LeaseRequest.named("px1"))) {
            TapProcess child = new TapProcessBuilder(List.of("sh", "-c",
                    "grep iff /proc/self/fdinfo/" + a.fd() + "; grep iff /proc/self/fdinfo/" + b.fd()))
                    .pipeStandardStreams(true).passFd(a.fd(), b.fd()).passFd(b.fd(), a.fd()).start();
            String out = new String(child.stdout().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(child.waitFor()).isZero();
            child.stdin().close();
            child.stdout().close();
            child.stderr().close();
            assertThat(out).isEqualTo("iff:\tpx1\niff:\tpx0\n");
        }
    }

    /** Field 3 of /proc/PID/stat: R, S, D, Z, ... ('?' if unreadable). */
    private static char processState(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2);
        } catch (java.io.IOException | RuntimeException e) {
            return '?';
        }
    }

    @Test
    void killedChildReportsTheSignalAndFreesTheTap() {
        taps.provisionPool(new PoolSpec("pk", 1, null, null));
        TapProcess child;
        try (TapLease lease = taps.lease(LeaseRequest.fromPool("pk"))) {
            child = new TapProcessBuilder(List.of("sleep", "60")).passFd(lease.fd(), 3).start();
        }
        assertThat(taps.tap("pk0", false).orElseThrow().attached()).isTrue();
        child.kill();
        assertThat(child.waitFor()).isEqualTo(128 + 9);
        try (TapLease again = taps.lease(LeaseRequest.named("pk0"))) {
            assertThat(again.name()).isEqualTo("pk0");
        }
    }

    @Test
    void missingProgramIsCommandNotFound() {
        assertThatThrownBy(() -> new TapProcessBuilder(List.of("taplease-no-such-program")).start())
                .hasFieldOrPropertyWithValue("reason", Reason.COMMAND_NOT_FOUND)
                .hasMessageContaining("command not found").hasMessageContaining("Fix:");
        assertThatThrownBy(() -> new TapProcessBuilder(List.of("sh")).passFd(7, 1))
                .hasFieldOrPropertyWithValue("reason", Reason.INVALID_REQUEST);
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
