package org.taplease.deb.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.taplease.core.tests.support.Kernel;
import org.taplease.core.tests.support.NoLeaks;
import org.taplease.core.tests.support.Unprivileged;

/**
 * The taplease Debian package built by releng/org.taplease.deb: lintian reports no error and no warning; {@code apt-get install}
 * of it works and gives {@code /usr/bin/taplease} (version, pools, run with the leased descriptor, list as another
 * user), the man pages, the bash completion and the pools unit (valid, not enabled); an upgrade to a newer build
 * works; a purge leaves nothing behind (files, /etc/taplease, users, groups, systemd symlinks and state).
 * <p>
 * dpkg installs on the machine's file system (the taps live in the test's network namespace): the test refuses to
 * start if taplease is already installed or /etc/taplease exists, and purges in a finally block. Run it alone
 * (releng/test.sh does; by hand, hold a lock other installers respect).
 */
@ExtendWith(NoLeaks.class)
class DebianPackageTest {

    private static final String PKG = "taplease";
    private static final String POOL = "debt";
    private static final String UNIT = "taplease-pools.service";
    private static final Duration APT = Duration.ofMinutes(12);

    @TempDir
    Path tmp;

    /** The newest taplease_*.deb the package module built. */
    private static Path deb() throws IOException {
        String dir = System.getProperty("taplease.deb.dir");
        if (dir == null || dir.isEmpty()) {
            return fail("system property taplease.deb.dir is not set (see this bundle's pom.xml)");
        }
        try (Stream<Path> s = Files.list(Path.of(dir))) {
            return s.filter(p -> p.getFileName().toString().matches("taplease_.*_[a-z0-9]+\\.deb"))
                    .max(Comparator.comparing(p -> p.toFile().lastModified()))
                    .orElseGet(() -> fail("no taplease_*.deb in " + dir + ": build releng/org.taplease.deb"));
        }
    }

    private static Kernel.Result taplease(String... args) {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/taplease"));
        cmd.addAll(List.of(args));
        return Kernel.exec(cmd.toArray(String[]::new));
    }

    private static Kernel.Result ok(Kernel.Result r, String what) {
        assertThat(r.code()).as("%s: exit status; stdout:%n%s%nstderr:%n%s", what, r.out(), r.err()).isZero();
        return r;
    }

    private static boolean installed() {
        Kernel.Result r = Kernel.exec("dpkg-query", "-W", "-f=${db:Status-Status}", PKG);
        return r.code() == 0 && !r.out().isBlank() && !"not-installed".equals(r.out().trim());
    }

    /** Everything of /etc/systemd and deb-systemd-helper's state that names taplease. */
    private static List<String> systemdTraces() throws IOException {
        List<String> out = new ArrayList<>();
        for (String d : List.of("/etc/systemd", "/var/lib/systemd/deb-systemd-helper-enabled",
                "/var/lib/systemd/deb-systemd-helper-masked")) {
            Path p = Path.of(d);
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(f -> f.getFileName().toString().contains("taplease")).forEach(f -> out.add(f.toString()));
                }
            }
        }
        return out;
    }

    @Test
    void lintianReportsNoError() throws IOException {
        Path deb = deb();
        // no error and no warning (the overrides, each with its reason: releng/deb/taplease.lintian-overrides);
        // --show-overrides would make overridden tags fail the run
        Kernel.Result r = Kernel.exec(Duration.ofMinutes(5), "lintian", "--no-cfg", "--display-info", "--fail-on",
                "error,warning", deb.toString());
        System.out.println("lintian " + deb.getFileName() + ":\n" + r.out() + r.err());
        assertThat(r.out().lines().filter(l -> l.startsWith("E:") || l.startsWith("W:")).toList())
                .as("lintian errors and warnings (all: %s)", r.out()).isEmpty();
        assertThat(r.code()).as("lintian's exit status; stderr: %s", r.err()).isZero();
    }

    @Test
    void installUseUpgradeAndPurgeLeaveNothingBehind() throws IOException {
        Kernel.requireIsolatedRoot();
        Path deb = deb();
        if (installed()) {
            fail("taplease is installed on this machine: this test installs and purges its own, so it does not run"
                    + " over an installation it would remove (apt-get purge taplease first)");
        }
        if (Files.exists(Path.of("/etc/taplease"), LinkOption.NOFOLLOW_LINKS)) {
            fail("/etc/taplease exists: the test checks that a purge removes it, so it does not run where it was"
                    + " there before");
        }
        String passwd = Files.readString(Path.of("/etc/passwd"));
        String group = Files.readString(Path.of("/etc/group"));
        List<String> traces = systemdTraces();
        assertThat(traces).as("systemd traces of taplease before the install").isEmpty();

        List<String> files;
        try {
            ok(Kernel.aptGet(APT, "install", deb.toString()), "apt-get install " + deb);
            files = ok(Kernel.exec("dpkg", "-L", PKG), "dpkg -L").out().lines().filter(l -> l.startsWith("/"))
                    .toList();
            assertThat(files).contains("/usr/bin/taplease", "/usr/share/man/man1/taplease.1.gz",
                    "/usr/share/man/man1/taplease-pool-create.1.gz", "/usr/share/bash-completion/completions/taplease",
                    "/lib/systemd/system/" + UNIT, "/etc/taplease/pools.d", "/usr/lib/taplease/lib/app/taplease.aot");
            useTheInstalledCommand();
            theUnitIsValidAndNotEnabled();
            upgradeToANewerBuild(deb, files);
        } finally {
            Kernel.exec("/usr/bin/taplease", "pool", "delete", "--name", POOL);
            Kernel.Result purge = Kernel.aptGet(APT, "purge", PKG);
            assertThat(purge.code()).as("apt-get purge taplease: %s %s", purge.out(), purge.err()).isZero();
        }
        assertThat(installed()).as("taplease still installed after the purge").isFalse();
        List<String> left = files.stream().filter(f -> Files.exists(Path.of(f), LinkOption.NOFOLLOW_LINKS))
                // directories the package shares with others (/usr/bin, /lib: a link on a merged /usr) stay
                .filter(f -> !Files.isDirectory(Path.of(f)) || f.contains("taplease"))
                .toList();
        assertThat(left).as("what the package installed and the purge left").isEmpty();
        assertThat(Path.of("/etc/taplease")).doesNotExist();
        assertThat(Files.readString(Path.of("/etc/passwd"))).as("users").isEqualTo(passwd);
        assertThat(Files.readString(Path.of("/etc/group"))).as("groups").isEqualTo(group);
        assertThat(systemdTraces()).as("systemd symlinks and deb-systemd-helper state after the purge").isEmpty();
    }

    private void useTheInstalledCommand() throws IOException {
        assertThat(ok(taplease("--version"), "taplease --version").out()).startsWith("taplease 0.");
        assertThat(ok(Kernel.exec("man", "-w", "taplease"), "man -w taplease").out().trim())
                .isEqualTo("/usr/share/man/man1/taplease.1.gz");
        assertThat(ok(Kernel.exec("man", "-w", "taplease-run"), "man -w taplease-run").out().trim())
                .isEqualTo("/usr/share/man/man1/taplease-run.1.gz");
        assertThat(ok(Kernel.exec("bash", "-c",
                "source /usr/share/bash-completion/completions/taplease && complete -p taplease"), "completion")
                .out()).contains("complete").contains(" taplease");

        // a pool that user nobody may attach, its declaration in a directory of this test (never /etc/taplease)
        Path config = tmp.resolve("pools.d");
        ok(taplease("pool", "create", "--name", POOL, "--count", "2", "--owner", "65534", "--config-dir",
                config.toString()), "pool create");
        // the child holds the leased tap as TAPLEASE_FD, and the JVM that started it mapped the package's AOT cache
        Kernel.Result run = ok(taplease("run", "--pool", POOL, "--", "sh", "-c",
                "readlink /proc/self/fd/$TAPLEASE_FD; grep iff: /proc/self/fdinfo/$TAPLEASE_FD; echo tap=$TAPLEASE_TAP;"
                        + " grep -c taplease.aot /proc/$PPID/maps"),
                "run");
        assertThat(run.out()).contains("/dev/net/tun").containsPattern("iff:\\s+" + POOL + "[01]")
                .containsPattern("tap=" + POOL + "[01]");
        assertThat(run.out().strip().lines().reduce((a, b) -> b).orElse("0")).as("maps of taplease.aot: %s", run.out())
                .isNotEqualTo("0");

        // another user, from another directory: list, and run on the pool it owns (/dev/net/tun 0666 as distributions
        // ship it, bind-mounted in a mount namespace of its own)
        try (Unprivileged nobody = new Unprivileged("taplease-deb-")) {
            Kernel.Result list = nobody.run(65534, 65534, "0666", List.of("sh", "-c", "cd / && exec taplease list"));
            assertThat(list.code()).as("list as nobody: %s %s", list.out(), list.err()).isZero();
            assertThat(list.out()).contains(POOL + "0").contains(POOL + "1");
            Kernel.Result userRun = nobody.run(65534, 65534, "0666", List.of("sh", "-c",
                    "cd / && exec /usr/bin/taplease run --pool " + POOL + " -- sh -c 'echo tap=$TAPLEASE_TAP'"));
            assertThat(userRun.code()).as("run as nobody: %s %s", userRun.out(), userRun.err()).isZero();
            assertThat(userRun.out()).containsPattern("tap=" + POOL + "[01]");
        }
        ok(taplease("pool", "delete", "--name", POOL, "--config-dir", config.toString()), "pool delete");
    }

    private static void theUnitIsValidAndNotEnabled() throws IOException {
        Path unit = Path.of("/lib/systemd/system", UNIT);
        Kernel.Result r = Kernel.exec("systemd-analyze", "verify", unit.toString());
        assertThat(r.code()).as("systemd-analyze verify %s: %s %s", unit, r.out(), r.err()).isZero();
        assertThat(r.err().lines().filter(l -> l.contains(UNIT)).toList()).as("warnings about the unit: %s", r.err())
                .isEmpty();
        assertThat(Path.of("/etc/systemd/system/multi-user.target.wants", UNIT)).doesNotExist();
        assertThat(systemdTraces().stream().filter(t -> t.startsWith("/etc/")).toList())
                .as("enablement symlinks right after the install").isEmpty();
    }

    /** Repacks the package with a higher version (same content) and installs it over the installed one. */
    private void upgradeToANewerBuild(Path deb, List<String> files) throws IOException {
        Path tree = tmp.resolve("newer");
        ok(Kernel.exec("dpkg-deb", "-R", deb.toString(), tree.toString()), "dpkg-deb -R");
        Path control = tree.resolve("DEBIAN/control");
        String text = Files.readString(control);
        String version = text.lines().filter(l -> l.startsWith("Version: ")).findFirst().orElseThrow().substring(9);
        String newer = version + "+upgrade1";
        Files.writeString(control, text.replace("Version: " + version + "\n", "Version: " + newer + "\n"));
        Path newerDeb = tmp.resolve("taplease_newer.deb");
        ok(Kernel.exec(Duration.ofMinutes(5), "dpkg-deb", "--root-owner-group", "-Zgzip", "--build", tree.toString(),
                newerDeb.toString()), "dpkg-deb --build");
        ok(Kernel.aptGet(APT, "install", newerDeb.toString()), "apt-get install (upgrade) " + newerDeb);
        assertThat(ok(Kernel.exec("dpkg-query", "-W", "-f=${Version}", PKG), "dpkg-query").out()).isEqualTo(newer);
        assertThat(ok(Kernel.exec("dpkg", "-L", PKG), "dpkg -L").out().lines().filter(l -> l.startsWith("/")).toList())
                .containsExactlyInAnyOrderElementsOf(files);
        assertThat(ok(taplease("--version"), "taplease --version after the upgrade").out()).startsWith("taplease 0.");
        assertThat(Path.of("/etc/taplease/pools.d")).isDirectory();
    }
}
