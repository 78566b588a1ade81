package org.taplease.core.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.taplease.core.tests.support.Kernel;

/**
 * {@code releng/systemd/taplease-pools.service}, the unit that runs {@code taplease pool apply} at boot, passes
 * {@code systemd-analyze verify} without a warning. The checker insists that ExecStart's binary exists, so it checks
 * a copy whose {@code /usr/bin/taplease} is a script in a temporary directory. Without systemd-analyze this fails
 * (releng/test.sh installs systemd when it is missing).
 */
class SystemdUnitTest {

    private static final String UNIT = "taplease-pools.service";

    @TempDir
    Path tmp;

    /** The unit in the source tree: the test runs in its bundle's directory, two levels below the root. */
    private static Path unit() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path u = d.resolve("releng/systemd").resolve(UNIT);
            if (Files.isRegularFile(u)) {
                return u;
            }
        }
        return fail("no releng/systemd/" + UNIT + " above " + Path.of("").toAbsolutePath());
    }

    @Test
    void theBootUnitPassesSystemdAnalyzeVerify() throws IOException {
        if (Kernel.exec("sh", "-c", "command -v systemd-analyze").code() != 0) {
            fail("systemd-analyze is missing: install systemd (releng/test.sh does)");
        }
        String text = Files.readString(unit());
        assertThat(text).contains("ExecStart=/usr/bin/taplease pool apply --wait-for-bridges 30\n")
                .contains("\nType=oneshot\n").contains("\nRemainAfterExit=yes\n")
                .contains("\nDefaultDependencies=no\n").contains("\nBefore=network.target\n")
                .contains("\nConflicts=shutdown.target\n").contains("\nBefore=shutdown.target\n")
                .contains("\nConditionDirectoryNotEmpty=/etc/taplease/pools.d\n")
                .contains("\nWantedBy=multi-user.target\n");

        Path bin = tmp.resolve("taplease");
        Files.writeString(bin, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path copy = tmp.resolve(UNIT);
        Files.writeString(copy, text.replace("ExecStart=/usr/bin/taplease ", "ExecStart=" + bin + " "));

        Kernel.Result r = Kernel.exec("systemd-analyze", "verify", copy.toString());
        assertThat(r.code()).as("systemd-analyze verify %s: stdout %s stderr %s", copy, r.out(), r.err()).isZero();
        List<String> aboutUnit = r.err().lines().filter(l -> l.contains(UNIT) || l.contains(tmp.toString())).toList();
        assertThat(aboutUnit).as("warnings about the unit (all of stderr: %s)", r.err()).isEmpty();
    }
}
