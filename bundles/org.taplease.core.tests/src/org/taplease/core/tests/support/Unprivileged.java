package org.taplease.core.tests.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Runs commands as another user with no capabilities at all: the class path of the given classes is copied to a
 * world-readable directory under /tmp (the build's own may sit under /root), and each command runs in a mount
 * namespace of its own where a node of /dev/net/tun with the mode under test (0666 as distributions ship it, 0600
 * root only) is bind-mounted over the real one; the host's node is never changed. {@link #close()} deletes the
 * directory.
 */
public final class Unprivileged implements AutoCloseable {

    private final Path dir;
    private final List<Path> classPath;

    public Unprivileged(String prefix, Class<?>... classes) throws IOException {
        dir = Files.createTempDirectory(Paths.get("/tmp"), prefix);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path jna = Files.createDirectory(dir.resolve("jna"));
        classPath = ChildJvm.copyClassPath(ChildJvm.classPath(classes), dir);
        Kernel.run("chmod", "-R", "a+rX", dir.toString());
        Files.setPosixFilePermissions(jna, PosixFilePermissions.fromString("rwxrwxrwx"));
    }

    /** {@code java ... main args} with the copied class path and a JNA directory the other user may write. */
    public List<String> java(String main, String... args) {
        Path jna = dir.resolve("jna");
        return ChildJvm.command(List.of("-Djna.tmpdir=" + jna, "-Djava.io.tmpdir=" + jna), classPath, main, args);
    }

    /** The directory that holds the copied class path (world-readable). */
    public Path dir() {
        return dir;
    }

    /**
     * {@link #java} for a mount namespace where {@link #dir()} is bind-mounted at {@code mountedAt} (e.g. one with a
     * private /tmp over the original).
     */
    public List<String> javaAt(Path mountedAt, String main, String... args) {
        List<String> out = new ArrayList<>();
        for (String a : java(main, args)) {
            out.add(a.replace(dir.toString(), mountedAt.toString()));
        }
        return out;
    }

    /** Runs {@code command} as {@code uid}/{@code gid} without capabilities, /dev/net/tun having {@code tunMode}. */
    public Kernel.Result run(int uid, int gid, String tunMode, List<String> command) {
        String node = dir + "/tun.$$";
        List<String> cmd = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "--", "sh", "-c",
                "mknod " + node + " c 10 200 && chmod " + tunMode + " " + node + " && mount --bind " + node
                        + " /dev/net/tun && exec setpriv --reuid=" + uid + " --regid=" + gid + " --clear-groups"
                        + " --inh-caps=-all --bounding-set=-all --no-new-privs -- \"$@\"",
                "sh"));
        cmd.addAll(command);
        return Kernel.exec(cmd.toArray(String[]::new));
    }

    @Override
    public void close() throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
