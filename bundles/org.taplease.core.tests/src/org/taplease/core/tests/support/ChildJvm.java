package org.taplease.core.tests.support;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.taplease.core.TapService;

/**
 * Command lines that start a plain (non-OSGi) JVM with the classes of the given bundles on its class path, for tests
 * that need other processes: competing allocators, a holder to kill, an unprivileged user.
 */
public final class ChildJvm {

    private ChildJvm() {
    }

    /** The java binary of this JVM. */
    public static String java() {
        return ProcessHandle.current().info().command()
                .orElse(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** The class path entries (jars or class directories) that hold the given classes. */
    public static List<Path> classPath(Class<?>... classes) {
        Set<Path> out = new LinkedHashSet<>();
        for (Class<?> c : classes) {
            out.add(locationOf(c));
        }
        return new ArrayList<>(out);
    }

    static Path locationOf(Class<?> c) {
        try {
            Path p = Paths.get(c.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(p)) {
                // a bundle run from its project directory (Tycho/PDE dev mode): its classes are in an output folder
                String resource = c.getName().replace('.', '/') + ".class";
                for (String out : new String[] { "", "target/classes", "target/test-classes", "bin" }) {
                    Path dir = out.isEmpty() ? p : p.resolve(out);
                    if (Files.exists(dir.resolve(resource))) {
                        return dir;
                    }
                }
                throw new IllegalStateException("no output folder with " + resource + " under " + p);
            }
            return p;
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("cannot locate the classes of " + c.getName(), e);
        }
    }

    /** {@code java ... -cp CP main args}. */
    public static List<String> command(List<Path> classPath, String main, String... args) {
        return command(List.of(), classPath, main, args);
    }

    /** {@code java OPTIONS ... -cp CP main args}. */
    public static List<String> command(List<String> jvmOptions, List<Path> classPath, String main, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        cmd.addAll(jvmOptions);
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-Xshare:auto");
        cmd.add("-cp");
        cmd.add(String.join(":", classPath.stream().map(Path::toString).toList()));
        cmd.add(main);
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Copies the class path into {@code dir} (world-readable), for a child that runs as another user. */
    public static List<Path> copyClassPath(List<Path> classPath, Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        int i = 0;
        for (Path p : classPath) {
            Path target = dir.resolve("cp" + i++ + (Files.isDirectory(p) ? "" : ".jar"));
            if (Files.isDirectory(p)) {
                try (var walk = Files.walk(p)) {
                    for (Path src : (Iterable<Path>) walk::iterator) {
                        Path dst = target.resolve(p.relativize(src).toString());
                        if (Files.isDirectory(src)) {
                            Files.createDirectories(dst);
                        } else {
                            Files.copy(src, dst);
                        }
                    }
                }
            } else {
                Files.copy(p, target);
            }
            out.add(target);
        }
        return out;
    }

    /**
     * The child processes a test started. Registered as an extension ({@code @RegisterExtension}), after each test it
     * kills them and then removes every pool of the given service.
     */
    public static final class Started implements AfterEachCallback {

        private final List<Process> processes = new ArrayList<>();
        private final TapService poolsOf;

        /** @param poolsOf the service whose pools to remove after each test, once its processes have ended */
        public Started(TapService poolsOf) {
            this.poolsOf = poolsOf;
        }

        /** Starts {@code b} and keeps the process to end later. */
        public Process start(ProcessBuilder b) throws IOException {
            Process p = b.start();
            processes.add(p);
            return p;
        }

        /** Kills every process started so far and waits (10 s at most each) until it has ended. */
        public void destroyAll() throws InterruptedException {
            for (Process p : processes) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
            processes.clear();
        }

        @Override
        public void afterEach(ExtensionContext context) throws InterruptedException {
            destroyAll();
            Kernel.removeAllPools(poolsOf);
        }
    }
}
