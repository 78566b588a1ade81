package org.taplease.ui.tests.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.taplease.core.PoolDeclarations;

/**
 * The pool declaration directory of the test run ({@link PoolDeclarations#defaultDir()}: the root pom points
 * {@code TAPLEASE_CONFIG_DIR} under {@code target/}, never {@code /etc/taplease}). Taken as found when made;
 * {@link #close()} removes what the test declared (files it added, the directory if the test made it), puts back what
 * it changed and checks that the directory is as it was.
 */
public final class Declarations implements AutoCloseable {

    private final Path dir = PoolDeclarations.defaultDir().toAbsolutePath();
    private final boolean existed;
    private final Map<Path, State> before;

    private record State(byte[] content, Set<PosixFilePermission> mode) {

        @Override
        public boolean equals(Object o) {
            return o instanceof State s && Arrays.equals(content, s.content) && mode.equals(s.mode);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(content) * 31 + mode.hashCode();
        }

        @Override
        public String toString() {
            return mode + " " + new String(content, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    public Declarations() {
        assertThat(dir).as("the tests' declaration directory (TAPLEASE_CONFIG_DIR from the root pom)")
                .isNotEqualTo(PoolDeclarations.DEFAULT_DIR);
        assertThat(dir.toString()).as("the tests' declaration directory").contains("/target/");
        existed = Files.exists(dir, LinkOption.NOFOLLOW_LINKS);
        before = snapshot();
    }

    /** The directory. */
    public Path dir() {
        return dir;
    }

    /** The file that declares {@code pool} ({@code DIR/POOL.yaml}). */
    public Path file(String pool) {
        return dir.resolve(pool + PoolDeclarations.SUFFIX);
    }

    /** Writes {@code name} into the directory (making it if needed) with {@code mode}, e.g. "rw-rw-rw-". */
    public Path put(String name, String text, String mode) {
        try {
            Files.createDirectories(dir);
            Path f = dir.resolve(name);
            Files.writeString(f, text);
            Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString(mode));
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<Path, State> snapshot() {
        Map<Path, State> out = new TreeMap<>();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return out;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.toList()) {
                out.put(f.getFileName(), new State(Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)
                        ? Files.readAllBytes(f) : new byte[0], Files.getPosixFilePermissions(f, LinkOption.NOFOLLOW_LINKS)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    @Override
    public void close() {
        try {
            for (Map.Entry<Path, State> e : snapshot().entrySet()) {
                Path f = dir.resolve(e.getKey());
                State was = before.get(e.getKey());
                if (was == null) {
                    Files.delete(f);
                } else if (!was.equals(e.getValue())) {
                    Files.write(f, was.content());
                    Files.setPosixFilePermissions(f, was.mode());
                }
            }
            if (!existed && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(Files.exists(dir, LinkOption.NOFOLLOW_LINKS)).as(dir + " exists").isEqualTo(existed);
        assertThat(snapshot()).as("the declarations in " + dir).isEqualTo(before);
    }
}
