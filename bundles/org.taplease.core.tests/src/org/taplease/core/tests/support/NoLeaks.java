package org.taplease.core.tests.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

/**
 * Asserts that a real-kernel test left nothing behind: the same interfaces (by full state), no more /dev/net/tun or
 * socket descriptors, no child processes, the same named network namespaces, and no new taplease threads.
 * Also requires the isolated namespace before each test.
 */
public final class NoLeaks implements BeforeEachCallback, AfterEachCallback {

    private static final Namespace NS = Namespace.create(NoLeaks.class);

    private final boolean sockets;

    /** Checks /dev/net/tun and socket descriptors (for {@code @ExtendWith(NoLeaks.class)}). */
    public NoLeaks() {
        this(true);
    }

    private NoLeaks(boolean sockets) {
        this.sockets = sockets;
    }

    /**
     * For tests inside a workbench: checks /dev/net/tun descriptors but not sockets, which the toolkit opens on
     * its own (X11, D-Bus, accessibility) at moments no test controls.
     */
    public static NoLeaks ignoringSockets() {
        return new NoLeaks(false);
    }

    record Snapshot(List<String> links, List<String> fds, Set<String> namespaces, Set<String> threads) {
    }

    Snapshot take() {
        List<String> fds = Kernel.tunAndSocketFds();
        if (!sockets) {
            fds = fds.stream().filter(f -> f.endsWith("/dev/net/tun")).toList();
        }
        return new Snapshot(Kernel.linkState(), fds, Kernel.namedNamespaces(), threads());
    }

    private static Set<String> threads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.toLowerCase().contains("taplease")).collect(Collectors.toCollection(TreeSet::new));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Kernel.requireIsolatedRoot();
        context.getStore(NS).put("before", take());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Snapshot before = context.getStore(NS).get("before", Snapshot.class);
        if (before == null) {
            return;
        }
        Waits.until(Duration.ofSeconds(10), "child processes to end",
                () -> ProcessHandle.current().children().noneMatch(ProcessHandle::isAlive));
        Snapshot after = take();
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive).map(p -> p.pid() + " "
                + p.info().commandLine().orElse("?")).toList()).as("child processes left behind").isEmpty();
        assertThat(after.links()).as("interfaces after the test").isEqualTo(before.links());
        assertThat(after.fds()).as(sockets ? "/dev/net/tun and socket descriptors after the test"
                : "/dev/net/tun descriptors after the test").isEqualTo(before.fds());
        assertThat(after.namespaces()).as("named network namespaces after the test").isEqualTo(before.namespaces());
        assertThat(after.threads()).as("taplease threads after the test").isEqualTo(before.threads());
    }
}
