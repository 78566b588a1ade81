package org.taplease.debug.core.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.junit.jupiter.api.AfterEach;
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

/**
 * Concurrent launches of one configuration: each running launch's NICs get MACs no other running launch of the
 * configuration has (two guests with one MAC on one bridge clash), while the first running launch keeps the MAC
 * stable per configuration and NIC. The program is a small script that records its {@code {tap}} and {@code {mac}}
 * and then stays alive until the test terminates it, so the launches overlap.
 */
@ExtendWith(NoLeaks.class)
class ConcurrentLaunchMacTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final TapService taps = TapServices.forPlatform();
    private ILaunchConfiguration config;
    private Path dir;

    @BeforeEach
    void setUp() throws Exception {
        taps.provisionPool(new PoolSpec("cm", 4, 0, null));
        dir = Files.createTempDirectory("taplease-concurrent-mac");
        Path script = dir.resolve("record.sh");
        // writes "<tap> <mac0> <mac1>" into <dir>/<tap> (renamed when complete), then waits to be terminated
        Files.writeString(script, """
                #!/bin/sh
                dir=$1; shift
                echo "$*" > "$dir/$1.part"
                mv "$dir/$1.part" "$dir/$1"
                exec sleep 600
                """);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        ILaunchConfigurationWorkingCopy wc = DebugPlugin.getDefault().getLaunchManager()
                .getLaunchConfigurationType(LaunchAttributes.COMMAND_TYPE).newInstance(null, "twice");
        wc.setAttribute(LaunchAttributes.COMMAND_LINE, script + " " + dir + " {tap} {mac} {mac:1}");
        wc.setAttribute(LaunchAttributes.NICS, List.of(NicSpec.ofPool("cm").encode(), NicSpec.ofPool("cm").encode()));
        config = wc.doSave();
    }

    @AfterEach
    void cleanUp() throws Exception {
        Guest.endAllLaunches();
        config.delete();
        Waits.until(WAIT, "the pool to be free", () -> taps.pools().stream().allMatch(p -> p.held() == 0));
        Kernel.removeAllPools(taps);
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    /** Launches and returns what the running program recorded: its first tap and the MACs of its two NICs. */
    private List<String> launch(ILaunch[] out, int i) throws Exception {
        ILaunch launch = config.launch(ILaunchManager.RUN_MODE, new NullProgressMonitor());
        out[i] = launch;
        String tap = launch.getAttribute(LaunchAttributes.LAUNCH_TAPS).split(",")[0];
        Path recorded = dir.resolve(tap);
        Waits.until(WAIT, "the program to record its MACs", () -> Files.exists(recorded));
        assertThat(launch.isTerminated()).as("the program runs on").isFalse();
        return List.of(Files.readString(recorded).trim().split(" "));
    }

    @Test
    void concurrentLaunchesOfOneConfigurationGetDistinctMacsAndTheFirstKeepsTheStableOnes() throws Exception {
        ILaunch[] launches = new ILaunch[3];
        String stable0 = NicSpec.stableMac("twice", 0);
        String stable1 = NicSpec.stableMac("twice", 1);

        List<String> first = launch(launches, 0);
        List<String> second = launch(launches, 1);

        assertThat(first.subList(1, 3)).as("the first running launch: the MACs stable per configuration and NIC")
                .containsExactly(stable0, stable1);
        assertThat(second.subList(1, 3)).as("a concurrent launch: MACs of its own").doesNotContainAnyElementsOf(
                first.subList(1, 3)).doesNotHaveDuplicates().allSatisfy(m -> assertThat(m).matches(
                        "52:54:00(:[0-9a-f]{2}){3}"));

        // the first ends: the next launch takes its place and its MACs; the second keeps its own
        launches[0].terminate();
        Waits.until(WAIT, "the first launch to end", launches[0]::isTerminated);
        List<String> third = launch(launches, 2);
        assertThat(third.subList(1, 3)).containsExactly(stable0, stable1);
        assertThat(launches[1].isTerminated()).isFalse();
        assertThat(launches[1].getAttribute(LaunchAttributes.LAUNCH_MAC)).isEqualTo(second.get(1));
    }
}
