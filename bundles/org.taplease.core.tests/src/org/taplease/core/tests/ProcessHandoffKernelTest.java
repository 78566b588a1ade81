package org.taplease.core.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
import org.taplease.core.process.TapProcess;
import org.taplease.core.process.TapProcessBuilder;
import org.taplease.core.tests.support.Kernel;
import org.taplease.core.tests.support.NoLeaks;

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
