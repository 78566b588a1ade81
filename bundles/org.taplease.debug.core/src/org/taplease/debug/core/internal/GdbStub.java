package org.taplease.debug.core.internal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntConsumer;

import org.taplease.core.process.TapProcess;

/**
 * The emulator's GDB stub on the loopback interface: choosing its port, waiting until the emulator listens on it,
 * finding gdb on a PATH, and recognizing a kernel image with symbols. No state but the test hook.
 */
public final class GdbStub {

    /** The stub's address: loopback only, so no other machine can attach a debugger to the guest. */
    public static final String HOST = "127.0.0.1";

    /** How long an emulator may take to open its stub before the launch goes on without knowing. */
    static final long LISTEN_TIMEOUT_NANOS = 10_000_000_000L;

    private static volatile IntConsumer portChosen = port -> {
    };

    /**
     * For tests: runs after a port was chosen (and released) and before the emulator starts, the moment another
     * program could take the port. Give {@code null} to remove it.
     */
    public static void onPortChosen(IntConsumer hook) {
        portChosen = hook == null ? port -> {
        } : hook;
    }

    /** A free TCP port on {@link #HOST}: binds port 0 and closes it, so the emulator can bind it right after. */
    static int choosePort() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(InetAddress.getByName(HOST), 0), 1);
            port = s.getLocalPort();
        }
        portChosen.accept(port);
        return port;
    }

    /** Whether something (another program) holds {@code port} on {@link #HOST}: a bind of it fails. */
    static boolean taken(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true); // a closed connection's TIME_WAIT does not count as taken
            s.bind(new InetSocketAddress(InetAddress.getByName(HOST), port), 1);
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** What the emulator did with its stub. */
    enum Outcome {
        /** It listens on the port. */
        LISTENING,
        /** It ended before listening. */
        EXITED,
        /** Neither within {@link #LISTEN_TIMEOUT_NANOS}, or the system cannot tell (no {@code /proc/net/tcp}). */
        UNKNOWN
    }

    /**
     * Waits until process {@code p} itself listens on {@code port} (a socket of its own in state LISTEN in
     * {@code /proc/net/tcp}, not just anyone's) or ends, polling every 5 ms up to {@link #LISTEN_TIMEOUT_NANOS}.
     */
    static Outcome awaitListening(TapProcess p, int port) throws InterruptedException {
        Path tcp = Path.of("/proc/net/tcp");
        if (!Files.isReadable(tcp)) {
            return Outcome.UNKNOWN;
        }
        long deadline = System.nanoTime() + LISTEN_TIMEOUT_NANOS;
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                return Outcome.EXITED;
            }
            Set<String> inodes = listeningInodes(tcp, port);
            if (!inodes.isEmpty() && !java.util.Collections.disjoint(inodes, socketInodes(p.pid()))) {
                return Outcome.LISTENING;
            }
            Thread.sleep(5); // the poll interval: the loop checks the condition again until the deadline
        }
        return Outcome.UNKNOWN;
    }

    /** The inodes of the sockets listening on {@link #HOST}:{@code port} (IPv4 table of this network namespace). */
    private static Set<String> listeningInodes(Path tcp, int port) {
        String local = "0100007F:" + String.format("%04X", port);
        Set<String> out = new HashSet<>();
        try {
            List<String> lines = Files.readAllLines(tcp);
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] f = line.trim().split("\\s+");
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
                if (f.length > 9 && f[1].equals(local) && f[3].equals("0A")) {
                    out.add(f[9]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The socket inodes among the descriptors of process {@code pid} (a child of ours, so readable). */
    private static Set<String> socketInodes(int pid) {
        Set<String> out = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Integer.toString(pid), "fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        out.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        } catch (IOException e) {
            // the process ended meanwhile: the caller sees it on its next check
        }
        return out;
    }

    /** The programs looked for, in order: Debian's {@code gdb} (native), then {@code gdb-multiarch}. */
    static final List<String> GDBS = List.of("gdb", "gdb-multiarch");

    /** What to say when neither is on the launch's PATH. */
    static final String NOT_FOUND = "gdb not found: install Debian's gdb (sudo apt-get install gdb) or gdb-multiarch";

    /** The first of {@link #GDBS} on {@code path} (a PATH value), or null. */
    static String findGdb(String path) {
        for (String name : GDBS) {
            for (String dir : path.split(File.pathSeparator)) {
                File f = new File(dir.isEmpty() ? "." : dir, name);
                if (f.isFile() && f.canExecute()) {
                    return f.getAbsolutePath();
                }
            }
        }
        return null;
    }

    /** Whether {@code file} is an ELF file (starts with 0x7f 'E' 'L' 'F'), i.e. a kernel image gdb can read symbols from. */
    static boolean isElf(String file) {
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F';
        } catch (IOException e) {
            return false;
        }
    }

    /** The gdb command line: quiet, the kernel's symbols if any, connected to the stub. */
    static List<String> gdbCommand(String gdb, String symbols, int port) {
        List<String> cmd = new java.util.ArrayList<>(List.of(gdb, "-q"));
        if (symbols != null) {
            cmd.add(symbols);
        }
        cmd.addAll(List.of("-ex", "target remote " + HOST + ":" + port));
        return cmd;
    }

    private GdbStub() {
    }
}
