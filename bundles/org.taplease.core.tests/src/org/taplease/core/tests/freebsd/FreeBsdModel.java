package org.taplease.core.tests.freebsd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.taplease.core.internal.HandoffLocks;
import org.taplease.core.internal.LeaseHints;
import org.taplease.core.internal.engine.LeaseEngine;
import org.taplease.core.internal.freebsd.FreeBsdKernel;

/**
 * The engine on the FreeBSD backend over a fresh {@link FakeFreeBsdKernel}, with hand-over locks in a temporary
 * directory. Registered as an extension ({@code @RegisterExtension}), after each test it checks that the backend left
 * no descriptor open and deletes the lock directory (after the test's own {@code @AfterEach} methods).
 */
final class FreeBsdModel implements AfterEachCallback {

    private final FakeFreeBsdKernel kernel = new FakeFreeBsdKernel();
    private final Path lockDir;
    private final LeaseEngine engine;

    /** With the engine's default lease hints. */
    FreeBsdModel() {
        lockDir = tempDir();
        engine = new LeaseEngine(new FreeBsdKernel(kernel), new HandoffLocks(lockDir));
    }

    /** With the given lease hints. */
    FreeBsdModel(LeaseHints hints) {
        lockDir = tempDir();
        engine = new LeaseEngine(new FreeBsdKernel(kernel), new HandoffLocks(lockDir), hints);
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("taplease-handoff-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    FakeFreeBsdKernel kernel() {
        return kernel;
    }

    LeaseEngine engine() {
        return engine;
    }

    /** The directory of the hand-over locks. */
    Path lockDir() {
        return lockDir;
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        try {
            assertThat(kernel.openFds()).as("descriptors the backend left open").isZero();
        } finally {
            try (var s = Files.walk(lockDir)) { // the hand-overs' user directories and lock files
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
