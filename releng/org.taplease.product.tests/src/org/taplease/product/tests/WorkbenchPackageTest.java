package org.taplease.product.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Rectangle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.taplease.core.TapService;
import org.taplease.core.TapServices;
import org.taplease.core.tests.support.Kernel;
import org.taplease.core.tests.support.NoLeaks;
import org.taplease.core.tests.support.Waits;
import org.taplease.product.tests.support.Screen;
import org.taplease.product.tests.support.TapDevicesKeys;
import org.taplease.product.tests.support.Workbench;

/**
 * The tap-workbench Debian package as a user gets it, on this (CI) machine: lintian reports no error; {@code apt-get
 * install ./taplease_*.deb ./tap-workbench_*.deb}; the desktop entry validates; started from the menu the way a
 * desktop does it ({@code gio launch} of the desktop entry) by a second user, and from a terminal as
 * {@code tap-workbench} by root, under the display: the window opens, every bundle resolves on the package's own
 * runtime, the Tap Devices view lists the test's taps and leases one (keys typed into the X server), each user's
 * configuration area is in the user's home and nothing is written under /usr/lib/tap-workbench; then {@code apt-get
 * purge} of both leaves nothing behind (every file the packages installed, the desktop entry, the icons,
 * /etc/taplease). The purge runs in {@code finally}, so a failing test still removes the packages.
 */
class WorkbenchPackageTest {

    @RegisterExtension
    static final NoLeaks NO_LEAKS = NoLeaks.ignoringSockets();

    private static final Duration START = Duration.ofSeconds(180);
    private static final Duration APT = Duration.ofMinutes(10);
    private static final Path INSTALL = Path.of("/usr/lib/tap-workbench");
    private static final Path DESKTOP = Path.of("/usr/share/applications/tap-workbench.desktop");
    private static final List<Path> ICONS = List.of(Path.of("/usr/share/icons/hicolor/16x16/apps/tap-workbench.png"),
            Path.of("/usr/share/icons/hicolor/32x32/apps/tap-workbench.png"));
    private static final Path ETC = Path.of("/etc/taplease");
    /** Where Equinox puts each user's configuration area (config.ini of the package: osgi.configuration.area). */
    private static final String CONFIGURATION = ".eclipse/org.taplease.product/configuration";

    @Test
    void installedWorkbenchStartsFromTheMenuAndTheTerminalAndPurgeLeavesNothing() throws IOException {
        Screen.requireDisplay();
        Kernel.requireIsolatedRoot();
        Path workbenchDeb = deb(Products.property("taplease.workbench.deb"), "tap-workbench");
        Path tapleaseDeb = deb(Products.property("taplease.deb"), "taplease");
        String version = Kernel.run("dpkg-deb", "-f", workbenchDeb.toString(), "Version").trim();
        assertThat(Kernel.run("dpkg-deb", "-f", tapleaseDeb.toString(), "Version").trim())
                .as("the taplease package's version (tap-workbench depends on taplease (= %s))", version)
                .isEqualTo(version);
        assertThat(installed("tap-workbench")).as("tap-workbench installed before the test").isFalse();
        assertThat(installed("taplease")).as("taplease installed before the test").isFalse();

        Kernel.Result lintian = Kernel.exec(Duration.ofMinutes(15), "lintian", "--fail-on", "error",
                workbenchDeb.toString());
        System.out.println("lintian " + workbenchDeb.getFileName() + ":\n" + lintian.out());
        assertThat(lintian.out().lines().filter(l -> l.startsWith("E:")).toList()).as("lintian errors").isEmpty();
        assertThat(lintian.code()).as("lintian's exit status; stderr: %s", lintian.err()).isZero();

        TapService taps = TapServices.forPlatform();
        Products.pool(taps, "pkgtest", 2);
        Path rootConfiguration = Path.of(System.getProperty("user.home")).resolve(CONFIGURATION);
        Path rootEclipse = rootConfiguration.getParent().getParent();
        boolean hadRootEclipse = Files.exists(rootEclipse);
        boolean hadRootConfiguration = Files.exists(rootConfiguration.getParent());
        boolean hadEtc = Files.exists(ETC);
        String user = "tl-wb" + ProcessHandle.current().pid() % 100000;
        Path home = Products.workDir("package-user").resolve(user);
        List<String> packageFiles = new ArrayList<>();
        try {
            Kernel.Result install = Kernel.aptGet(APT, "install", "--no-install-recommends", tapleaseDeb.toString(),
                    workbenchDeb.toString());
            assertThat(install.code()).as("apt-get install; output:%n%s%n%s", install.out(), install.err()).isZero();
            packageFiles.addAll(Kernel.run("dpkg", "-L", "tap-workbench", "taplease").lines().toList());
            assertThat(Path.of("/usr/bin/tap-workbench")).isExecutable();
            assertThat(DESKTOP).isRegularFile();
            ICONS.forEach(icon -> assertThat(icon).isRegularFile());
            Kernel.Result validate = Kernel.exec("desktop-file-validate", DESKTOP.toString());
            assertThat(validate.code()).as("desktop-file-validate: %s%s", validate.out(), validate.err()).isZero();
            assertThat(validate.out() + validate.err()).as("desktop-file-validate's output").isBlank();
            List<String> installArea = tree(INSTALL);

            // 1. from the menu, as a second user: gio launch runs the entry's Exec= as a desktop's menu does
            Kernel.run("useradd", "--create-home", "--home-dir", home.toString(), "--shell", "/bin/sh", user);
            Kernel.Result launch = Kernel.exec(Duration.ofSeconds(60), "setpriv", "--reuid", user, "--regid", user,
                    "--init-groups", "env", "-i", "HOME=" + home, "USER=" + user, "LOGNAME=" + user,
                    "PATH=/usr/local/bin:/usr/bin:/bin", "DISPLAY=" + System.getenv("DISPLAY"), "gio", "launch",
                    DESKTOP.toString());
            assertThat(launch.code()).as("gio launch; stderr: %s", launch.err()).isZero();
            Rectangle menuWindow = Screen.awaitWindow(Pattern.quote("tap-workbench - Tap Workbench"), START,
                    () -> "the window \"tap-workbench - Tap Workbench\" of user " + user + " on "
                            + System.getenv("DISPLAY") + "; processes of the user:\n"
                            + Kernel.exec("ps", "-u", user, "-o", "pid,args").out(), () -> { });
            Screen.awaitPainted(menuWindow, START, "the workbench window started from the menu");
            Screen.shot(Screen.screen(), "tap-workbench-package-menu");
            assertThat(home.resolve(CONFIGURATION)).as("the second user's configuration area").isDirectory();
            assertThat(home.resolve("tap-workbench/.metadata")).as("the second user's default workspace")
                    .isDirectory();
            stopProcessesOf(user);

            // 2. from a terminal, as root: tap-workbench on PATH (plus -console, to ask the framework)
            Path workspace = Products.workDir("package-terminal").resolve("pkgws");
            try (Workbench wb = Workbench.start(List.of("tap-workbench"), workspace)) {
                Rectangle window = wb.awaitWindow(START);
                wb.awaitConsole("scr:list", "TapServiceComponent[^\\n]*\\n\\s*Id: \\d+, State:ACTIVE", START);
                // every bundle resolved on the package's jlink runtime (a missing module leaves one INSTALLED)
                String states = wb.console("ss", Duration.ofSeconds(20));
                assertThat(states).as("ss").contains("org.taplease.ui").doesNotContain("INSTALLED");

                Screen.quickAccess("Tap Devices");
                TapDevicesKeys.lease(taps, "pkgtest1", wb.pid(), wb.tail());
                TapDevicesKeys.showAll(window);
                Screen.shot(window, "tap-workbench-package");
                TapDevicesKeys.release(taps, "pkgtest1");
                assertThat(wb.output()).as("terminal output").doesNotContain("SWT SessionManagerDBus");
            }
            assertThat(rootConfiguration).as("root's configuration area").isDirectory();
            assertThat(tree(INSTALL)).as("files under %s after two users' starts", INSTALL).isEqualTo(installArea);
        } finally {
            stopProcessesOf(user);
            Kernel.Result purge = Kernel.aptGet(APT, "purge", "tap-workbench", "taplease");
            Kernel.exec("userdel", user);
            if (!hadRootConfiguration) {
                Products.deleteTree(rootConfiguration.getParent());
            }
            if (!hadRootEclipse) {
                Products.deleteTree(rootEclipse);
            }
            Products.removePool(taps, "pkgtest");
            assertThat(purge.code()).as("apt-get purge; output:%n%s%n%s", purge.out(), purge.err()).isZero();
        }
        assertThat(installed("tap-workbench")).as("tap-workbench installed after purge").isFalse();
        assertThat(installed("taplease")).as("taplease installed after purge").isFalse();
        assertThat(packageFiles).as("the packages' files").contains("/usr/bin/tap-workbench", DESKTOP.toString());
        // directories shared with other packages (/usr, /usr/share/...) stay; everything of the packages' own goes
        assertThat(packageFiles.stream().map(Path::of).filter(p -> Files.exists(p) && !Files.isDirectory(p)))
                .as("files of the packages left after purge").isEmpty();
        assertThat(INSTALL).doesNotExist();
        assertThat(DESKTOP).doesNotExist();
        ICONS.forEach(icon -> assertThat(icon).doesNotExist());
        if (!hadEtc) {
            assertThat(ETC).doesNotExist();
        }
        assertThat(Kernel.links()).as("the test's taps are gone").noneMatch(l -> l.startsWith("pkgtest"));
    }

    /** The one package file {@code NAME_*_amd64.deb} in {@code dir}. */
    private static Path deb(Path dir, String name) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> debs = files.filter(p -> p.getFileName().toString().matches(Pattern.quote(name)
                    + "_[^_]+_amd64\\.deb")).toList();
            assertThat(debs).as("%s_*_amd64.deb in %s (build it: ./mvnw install -DskipTests)", name, dir).hasSize(1);
            return debs.get(0);
        }
    }

    private static boolean installed(String pkg) {
        Kernel.Result r = Kernel.exec("dpkg-query", "-W", "-f", "${db:Status-Status}", pkg);
        return r.code() == 0 && r.out().trim().equals("installed");
    }

    /** Every path under {@code dir}, relative, sorted (empty when it does not exist). */
    private static List<String> tree(Path dir) {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(p -> dir.relativize(p).toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends the processes of the test user (the workbench started from the menu): SIGTERM, then SIGKILL. */
    private static void stopProcessesOf(String user) {
        if (Kernel.exec("id", "-u", user).code() != 0) {
            return;
        }
        Kernel.exec("pkill", "-TERM", "-u", user);
        try {
            Waits.until(Duration.ofSeconds(60), "the processes of " + user + " to end",
                    () -> Kernel.exec("pgrep", "-u", user).out().isBlank());
        } finally {
            Kernel.exec("pkill", "-KILL", "-u", user);
        }
    }
}
