package org.taplease.product.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.taplease.core.tests.support.Kernel;
import org.taplease.core.tests.support.NoLeaks;
import org.taplease.product.tests.support.Screen;
import org.taplease.product.tests.support.Workbench;

/**
 * The product archive as a user gets it: {@code tar xzf tap-workbench-linux.gtk.x86_64.tar.gz}, then the start script
 * at its root, {@code ./tap-workbench} (README, "Install"). It opens the workbench when started from its directory and
 * through a symlink from another directory; it finds the Java 21+ of the machine when {@code JAVA_HOME} names a Java
 * 17 (Debian 12's newest); with no Java 21+ anywhere it says so and names the fix. That last case hides the machine's
 * Java from the script in a mount namespace of its own ({@code unshare -m}: an empty directory over /usr/lib/jvm, an
 * empty PATH and JAVA_HOME), so the script has no test hook.
 */
class ArchiveStartTest {

    @RegisterExtension
    static final NoLeaks NO_LEAKS = NoLeaks.ignoringSockets();

    private static final Duration START = Duration.ofSeconds(120);
    /** Debian 12's newest Java (package openjdk-17-jre-headless), which the script must pass over. */
    private static final Path JAVA_17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");

    private static Path unpacked;

    @BeforeAll
    static void unpack() {
        Path archive = Products.property("taplease.archive");
        Path dir = Products.workDir("archive");
        Kernel.run("tar", "xzf", archive.toString(), "-C", dir.toString());
        unpacked = dir.resolve("tap-workbench");
        assertThat(Kernel.run("tar", "tvzf", archive.toString(), "tap-workbench/tap-workbench"))
                .as("the start script's mode in the archive").startsWith("-rwxr-xr-x");
        assertThat(unpacked.resolve("tap-workbench")).isExecutable();
    }

    @Test
    void startScriptInItsDirectoryPassesOverJava17AndOpensTheWorkbench() {
        Screen.requireDisplay();
        assertThat(JAVA_17.resolve("bin/java")).as("Debian's Java 17 (openjdk-17-jre-headless)").isExecutable();
        Path workspace = Products.workDir("archive-start").resolve("archivews");
        // as README says: cd into the unpacked archive, ./tap-workbench; with JAVA_HOME at a Java too old for it
        try (Workbench wb = Workbench.startAsUser(List.of("env", "-C", unpacked.toString(),
                "JAVA_HOME=" + JAVA_17, "./tap-workbench"), workspace)) {
            Screen.awaitPainted(wb.awaitWindow(START), START, "the workbench window");
            Screen.shot(Screen.screen(), "archive-start");
            assertThat(wb.output()).as("terminal output").doesNotContain("SWT SessionManagerDBus")
                    .doesNotContain("tap-workbench:");
        }
    }

    @Test
    void startScriptThroughASymlinkFromAnotherDirectoryOpensTheWorkbench() throws IOException {
        Screen.requireDisplay();
        Path elsewhere = Products.workDir("archive-symlink");
        Path link = Files.createSymbolicLink(elsewhere.resolve("tw"), unpacked.resolve("tap-workbench"));
        Path cwd = Files.createDirectories(elsewhere.resolve("cwd"));
        Path workspace = elsewhere.resolve("symlinkws");
        try (Workbench wb = Workbench.startAsUser(List.of("env", "-C", cwd.toString(), link.toString()), workspace)) {
            wb.awaitWindow(START);
        }
        assertThat(workspace.resolve(".metadata")).as("the workspace the script was given").isDirectory();
    }

    @Test
    void withoutJava21TheStartScriptNamesTheFix() throws IOException {
        Kernel.requireIsolatedRoot();
        Path empty = Files.createDirectories(Products.workDir("no-java").resolve("jvm"));
        // a mount namespace of its own: /usr/lib/jvm empty (so /usr/bin/java, an alternatives link into it, dangles)
        Kernel.Result r = Kernel.exec(Duration.ofSeconds(60), "unshare", "-m", "--propagation", "private", "sh", "-c",
                "mount --bind \"$1\" /usr/lib/jvm && exec env -i PATH=/usr/bin:/bin HOME=\"$HOME\" DISPLAY=:0 \"$2\"",
                "sh", empty.toString(), unpacked.resolve("tap-workbench").toString());
        assertThat(r.code()).as("exit status; stderr: %s", r.err()).isEqualTo(1);
        assertThat(r.out()).as("standard output").isEmpty();
        assertThat(r.err().lines().toList()).as("standard error").hasSize(1).first().asString()
                .startsWith("tap-workbench: no Java 21 or newer found").contains("Fix: install one")
                .contains("apt-get install openjdk-21-jre");
    }
}
