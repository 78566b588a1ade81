package org.taplease.core.internal.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.taplease.core.Holder;

/**
 * Finds which processes hold taps: a descriptor whose link is {@code /dev/net/tun} and whose
 * {@code /proc/PID/fdinfo/FD} has {@code iff:\tNAME}. Only processes the caller may inspect (ptrace rules) are
 * seen; only processes in the caller's network namespace are counted, because tap names are per namespace.
 * This is a hint for display and ordering: only a trial attach decides whether a tap is free.
 */
public final class HolderScanner {

    private static final Path PROC = Paths.get("/proc");
    private static final String TUN = "/dev/net/tun";

    /** The holders of the taps in {@code names}, by tap name. */
    public Map<String, List<Holder>> scan(Set<String> names) {
        Map<String, List<Holder>> out = new HashMap<>();
        if (names.isEmpty()) {
            return out;
        }
        String myNetns = readLink(PROC.resolve("self/ns/net"));
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(PROC)) {
            for (Path proc : procs) {
                String pidStr = proc.getFileName().toString();
                if (pidStr.isEmpty() || !Character.isDigit(pidStr.charAt(0))) {
                    continue;
                }
                scanProcess(proc, Integer.parseInt(pidStr), myNetns, names, out);
            }
        } catch (IOException e) {
            // /proc unreadable: no holders known
        }
        return out;
    }

    private void scanProcess(Path proc, int pid, String myNetns, Set<String> names, Map<String, List<Holder>> out) {
        List<String> held = null;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
            for (Path fd : fds) {
                if (!TUN.equals(readLink(fd))) {
                    continue;
                }
                String iff = iffOf(proc.resolve("fdinfo").resolve(fd.getFileName()));
                if (iff != null && names.contains(iff)) {
                    if (held == null) {
                        held = new ArrayList<>(1);
                    }
                    if (!held.contains(iff)) {
                        held.add(iff);
                    }
                }
            }
        } catch (IOException | SecurityException e) {
            return; // not ours to inspect, or gone
        }
        if (held == null) {
            return;
        }
        String netns = readLink(proc.resolve("ns/net"));
        if (myNetns != null && netns != null && !myNetns.equals(netns)) {
            return; // a tap of the same name in another namespace
        }
        Holder h = new Holder(pid, uidOf(proc), commandOf(proc));
        for (String name : held) {
            out.computeIfAbsent(name, k -> new ArrayList<>(1)).add(h);
        }
    }

    private static String iffOf(Path fdinfo) {
        try {
            for (String line : Files.readAllLines(fdinfo, StandardCharsets.UTF_8)) {
                if (line.startsWith("iff:")) {
                    return line.substring(4).trim();
                }
            }
        } catch (IOException e) {
            // gone
        }
        return null;
    }

    /** The command line of a process, arguments joined by spaces, or {@code [comm]}. */
    public static String commandOf(Path proc) {
        try {
            byte[] raw = Files.readAllBytes(proc.resolve("cmdline"));
            int end = raw.length;
            while (end > 0 && raw[end - 1] == 0) {
                end--;
            }
            if (end > 0) {
                for (int i = 0; i < end; i++) {
                    if (raw[i] == 0) {
                        raw[i] = ' ';
                    }
                }
                return new String(raw, 0, end, StandardCharsets.UTF_8);
            }
            return "[" + Files.readString(proc.resolve("comm"), StandardCharsets.UTF_8).trim() + "]";
        } catch (IOException e) {
            return "?";
        }
    }

    private static int uidOf(Path proc) {
        try {
            return (Integer) Files.getAttribute(proc, "unix:uid");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return -1;
        }
    }

    private static String readLink(Path p) {
        try {
            return Files.readSymbolicLink(p).toString();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }
}
