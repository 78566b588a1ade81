package org.taplease.core.tests.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.taplease.core.internal.linux.Link;
import org.taplease.core.internal.linux.RtNetlink;

/**
 * Access to the real kernel for tests, and the guard that keeps them inside a network namespace the test command
 * made: the real-kernel tests create and delete interfaces, which must never happen in the host's namespace.
 */
public final class Kernel {

    /** Whether this is CI (the CI environment sets CI=true): there, a missing capability fails instead of skipping. */
    public static final boolean CI = "true".equalsIgnoreCase(System.getenv("CI"));

    private Kernel() {
    }

    /**
     * Requires root, /dev/net/tun and a network namespace other than the host's (init's). Outside CI a missing
     * capability skips the test with the reason printed; in CI it fails.
     */
    public static void requireIsolatedRoot() {
        String problem = null;
        if (testNamespace() == null) {
            problem = "the tests do not run in a network namespace made by the test command (named " + NS_PREFIX
                    + "*); real-kernel tests create interfaces and run only there: use releng/test.sh (or, by hand,"
                    + " 'ip netns add " + NS_PREFIX + "x; ip netns exec " + NS_PREFIX + "x ./mvnw -o verify')";
        } else if (!Files.exists(Paths.get("/dev/net/tun"))) {
            problem = "/dev/net/tun is missing";
        } else if (!"0".equals(run("id", "-u").trim())) {
            problem = "the tests need root (CAP_NET_ADMIN) to create taps";
        }
        if (problem != null) {
            if (CI) {
                Assertions.fail("real-kernel test cannot run in CI: " + problem);
            }
            System.out.println("SKIPPED real-kernel test: " + problem);
            Assumptions.abort(problem);
        }
    }

    /** The prefix of the network namespaces the test command makes. */
    public static final String NS_PREFIX = "taplease-test-";

    /**
     * The name of the test namespace this JVM runs in: a named namespace (/run/netns/NAME, NAME starting with
     * {@link #NS_PREFIX}) whose inode is this process's network namespace; null if there is none.
     */
    public static String testNamespace() {
        String self = readLink("/proc/self/ns/net");
        if (self == null || !self.startsWith("net:[")) {
            return null;
        }
        long inode = Long.parseLong(self.substring(5, self.length() - 1));
        for (String name : namedNamespaces()) {
            if (name.startsWith(NS_PREFIX)) {
                try {
                    Object ino = Files.getAttribute(Paths.get("/run/netns", name), "unix:ino");
                    if (ino instanceof Long l && l == inode) {
                        return name;
                    }
                } catch (IOException | UnsupportedOperationException e) {
                    // not ours
                }
            }
        }
        return null;
    }

    /** Removes every taplease pool of this namespace (test cleanup; held members would be reported as kept). */
    public static void removeAllPools(org.taplease.core.TapService taps) {
        for (var p : taps.pools()) {
            taps.removePool(p.name());
        }
    }

    /** The names of all interfaces of this namespace. */
    public static TreeSet<String> links() {
        TreeSet<String> names = new TreeSet<>();
        try (RtNetlink nl = RtNetlink.open()) {
            for (Link l : nl.dumpLinks()) {
                names.add(l.name());
            }
        }
        return names;
    }

    /**
     * IFF_RUNNING, IFF_LOWER_UP and IFF_DORMANT follow carrier through the kernel's asynchronous link watch (up to a
     * second late): they are state, not configuration, and are left out of {@link #linkState()}.
     */
    private static final int CARRIER_FLAGS = 0x40 | 0x10000 | 0x20000;

    /** A full description of all interfaces (name, kind, owner, group, alias, flags) to compare before and after. */
    public static List<String> linkState() {
        List<String> out = new ArrayList<>();
        try (RtNetlink nl = RtNetlink.open()) {
            for (Link l : nl.dumpLinks()) {
                out.add(l.index() + " " + l.name() + " kind=" + l.kind() + " flags=" + Integer.toHexString(l.flags() & ~CARRIER_FLAGS)
                        + " mtu=" + l.mtu() + " alias=" + l.alias() + " tun=" + l.tun());
            }
        }
        out.sort(null);
        return out;
    }

    /** Runs a command, asserts exit 0, returns its standard output. */
    public static String run(String... command) {
        Result r = exec(command);
        assertThat(r.code).as("exit status of %s; stderr: %s", String.join(" ", command), r.err).isZero();
        return r.out;
    }

    /** The outcome of a command. */
    public record Result(int code, String out, String err) {
    }

    /** Runs a command (60 s at most) and returns its status and output. */
    public static Result exec(String... command) {
        return exec(java.time.Duration.ofSeconds(60), command);
    }

    /** Runs a command ({@code timeout} at most; a timeout fails with what it printed) and returns status and output. */
    public static Result exec(java.time.Duration timeout, String... command) {
        try {
            Process p = new ProcessBuilder(command).start();
            p.getOutputStream().close();
            StreamCollector out = new StreamCollector(p.getInputStream());
            StreamCollector err = new StreamCollector(p.getErrorStream());
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor();
                Assertions.fail("timed out after " + timeout.toSeconds() + " s: " + String.join(" ", command)
                        + "\nstdout:\n" + out.get() + "\nstderr:\n" + err.get());
            }
            return new Result(p.exitValue(), out.get(), err.get());
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code apt-get -y -q ARGS} without questions ({@code DEBIAN_FRONTEND=noninteractive}), waiting up to 10 minutes
     * for the dpkg lock another installation holds; {@code timeout} at most in all.
     */
    public static Result aptGet(java.time.Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of("env", "DEBIAN_FRONTEND=noninteractive", "apt-get",
                "-y", "-q", "-o", "DPkg::Lock::Timeout=600"));
        command.addAll(List.of(args));
        return exec(timeout, command.toArray(String[]::new));
    }

    /** Descriptors of this process that refer to /dev/net/tun or to sockets. */
    public static List<String> tunAndSocketFds() {
        List<String> out = new ArrayList<>();
        try (var fds = Files.newDirectoryStream(Paths.get("/proc/self/fd"))) {
            for (Path fd : fds) {
                String target = readLink(fd.toString());
                if (target != null && (target.equals("/dev/net/tun") || target.startsWith("socket:"))) {
                    out.add(fd.getFileName() + " -> " + target + socketKind(target));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        out.sort(null);
        return out;
    }

    /** " (tcp 0A00...:1E61 ...)": the /proc/net table that lists a socket inode, for leak reports. */
    static String socketKind(String target) {
        if (!target.startsWith("socket:[")) {
            return "";
        }
        String inode = target.substring(8, target.length() - 1);
        for (String table : List.of("tcp", "tcp6", "udp", "udp6", "unix", "netlink", "raw", "packet")) {
            try {
                for (String line : Files.readAllLines(Paths.get("/proc/net/" + table))) {
                    if ((" " + line.trim() + " ").contains(" " + inode + " ")) {
                        return " (" + table + ": " + line.trim().replaceAll("\\s+", " ") + ")";
                    }
                }
            } catch (IOException e) {
                // table absent
            }
        }
        return "";
    }

    /** The named network namespaces (/run/netns). */
    public static TreeSet<String> namedNamespaces() {
        TreeSet<String> out = new TreeSet<>();
        Path dir = Paths.get("/run/netns");
        if (Files.isDirectory(dir)) {
            try (var s = Files.newDirectoryStream(dir)) {
                s.forEach(p -> out.add(p.getFileName().toString()));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    static String readLink(String path) {
        try {
            return Files.readSymbolicLink(Paths.get(path)).toString();
        } catch (IOException e) {
            return null;
        }
    }

    /** Reads a stream fully on a thread of its own. */
    static final class StreamCollector {
        private final Thread thread;
        private final StringBuilder text = new StringBuilder();

        StreamCollector(java.io.InputStream in) {
            thread = new Thread(() -> {
                try (in) {
                    text.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    text.append("<read error ").append(e).append('>');
                }
            }, "test-stream-collector");
            thread.setDaemon(true);
            thread.start();
        }

        String get() throws InterruptedException {
            thread.join(TimeUnit.SECONDS.toMillis(10));
            synchronized (text) {
                return text.toString();
            }
        }
    }
}
