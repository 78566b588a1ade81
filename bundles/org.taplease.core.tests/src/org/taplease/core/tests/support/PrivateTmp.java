package org.taplease.core.tests.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assertions;

/**
 * A mount namespace with a private, empty tmpfs on /tmp, for tests that plant files in /tmp as other users: the host's
 * /tmp is never touched, and everything in the private one vanishes with {@link #close()}. The namespace lives as long
 * as a holder process ({@code unshare --mount} running {@code sleep}); commands enter it with {@code nsenter}, as root
 * or as another user without capabilities ({@code setpriv}). In it, {@code /mnt} is the {@link Unprivileged} sandbox
 * (its class path), and /dev/net/tun is a 0666 node, as distributions ship it. The network namespace is the caller's.
 */
public final class PrivateTmp implements AutoCloseable {

    /** Where the sandbox's class path is reachable inside the namespace. */
    public static final Path SANDBOX = Path.of("/mnt");

    private final Unprivileged sandbox;
    private final Process holder;
    private final List<Process> started = new ArrayList<>();

    public PrivateTmp(Unprivileged sandbox) throws IOException {
        this.sandbox = sandbox;
        String script = "set -e; mount --bind " + sandbox.dir() + " " + SANDBOX
                + "; mount -t tmpfs -o mode=1777,size=16m taplease-test-tmp /tmp"
                + "; mknod /tmp/.tun c 10 200; chmod 0666 /tmp/.tun; mount --bind /tmp/.tun /dev/net/tun"
                + "; echo ready; exec sleep 600";
        holder = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "--", "sh", "-c", script)
                .redirectErrorStream(true).start();
        // the first line of the holder's output, read without a reader around the stream (it closes with the holder)
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        for (int c = holder.getInputStream().read(); c >= 0 && c != '\n'; c = holder.getInputStream().read()) {
            line.write(c);
        }
        String first = line.toString(StandardCharsets.UTF_8);
        if (!"ready".equals(first)) {
            holder.destroyForcibly();
            Assertions.fail("cannot make a mount namespace with a private /tmp: " + first);
        }
    }

    /** The command line that runs {@code command} in the namespace as {@code uid}/{@code gid} (uid 0: as root). */
    public List<String> as(int uid, int gid, List<String> command) {
        List<String> cmd = new ArrayList<>(List.of("nsenter", "--mount=/proc/" + holder.pid() + "/ns/mnt", "--"));
        if (uid != 0) {
            cmd.addAll(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--inh-caps=-all",
                    "--bounding-set=-all", "--no-new-privs", "--"));
        }
        // the standard directories, in the private /tmp
        cmd.addAll(List.of("env", "-u", "TAPLEASE_HANDOFF_DIR", "-u", "TAPLEASE_HINTS_DIR", "-u", "XDG_RUNTIME_DIR"));
        cmd.addAll(command);
        return cmd;
    }

    /** Runs a shell command in the namespace as {@code uid}/{@code gid}; its status and output. */
    public Kernel.Result sh(int uid, int gid, String script) {
        return Kernel.exec(as(uid, gid, List.of("sh", "-c", script)).toArray(String[]::new));
    }

    /** Runs a Java main of the sandbox's class path in the namespace; its status and output. */
    public Kernel.Result java(int uid, int gid, String main, String... args) {
        return Kernel.exec(as(uid, gid, sandbox.javaAt(SANDBOX, main, args)).toArray(String[]::new));
    }

    /**
     * Starts a Java main of the sandbox's class path in the namespace and waits for its first line of output (e.g.
     * "TAKEN"); the process runs on until {@link Running#close()} closes its standard input.
     */
    public Running start(int uid, int gid, String main, String... args) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(as(uid, gid, sandbox.javaAt(SANDBOX, main, args)));
        Process p = pb.redirectError(ProcessBuilder.Redirect.DISCARD).start();
        started.add(p);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        return new Running(p, first == null ? "(no output, exit " + waitQuietly(p) + ")" : first);
    }

    private static String waitQuietly(Process p) {
        try {
            return p.waitFor(10, TimeUnit.SECONDS) ? Integer.toString(p.exitValue()) : "?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    /** A process started in the namespace, with the first line it printed. */
    public record Running(Process process, String firstLine) implements AutoCloseable {
        /** Closes its standard input (the workers end then) and waits for it. */
        @Override
        public void close() throws IOException {
            process.getOutputStream().close();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() throws IOException {
        for (Process p : started) {
            p.getOutputStream().close();
            p.destroyForcibly();
        }
        holder.destroyForcibly();
        try {
            for (Process p : started) {
                p.waitFor(20, TimeUnit.SECONDS);
            }
            holder.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Waits.until(Duration.ofSeconds(10), "the private /tmp's processes to end",
                () -> !holder.isAlive() && started.stream().noneMatch(Process::isAlive));
    }
}
