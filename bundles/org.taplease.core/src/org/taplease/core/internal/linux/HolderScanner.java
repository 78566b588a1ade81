package org.taplease.core.internal.linux;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.taplease.core.Holder;
import org.taplease.core.internal.jna.Fcntl;
import org.taplease.core.internal.jna.Unistd;

/**
 * Finds which processes hold taps: a descriptor whose link is {@code /dev/net/tun} and whose
 * {@code /proc/PID/fdinfo/FD} has {@code iff:\tNAME}. Only processes the caller may inspect (ptrace rules) are
 * seen; only processes in the caller's network namespace are counted, because tap names are per namespace.
 * This is a hint for display and ordering: only a trial attach decides whether a tap is free.
 * <p>
 * A holder may have thousands of descriptors, so the scan uses {@code readlink}/{@code open}/{@code read} through
 * JNA with one reused buffer instead of NIO paths per descriptor.
 */
public final class HolderScanner {

    private static final byte[] TUN = "/dev/net/tun".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] IFF = "\niff:\t".getBytes(StandardCharsets.US_ASCII);

    /** Small on purpose: JNA copies a byte[] argument in and out on every call. */
    private final byte[] buf = new byte[512];
    private final java.io.ByteArrayOutputStream file = new java.io.ByteArrayOutputStream();
    /** For readlink of descriptors: only "/dev/net/tun" (12 bytes) matters, longer targets are cut and differ. */
    private final byte[] linkBuf = new byte[TUN.length + 4];

    /**
     * The holders of the taps in {@code names}, by tap name. An instance holds the buffers of one scan: use a new one
     * per scan (they are small), so that scans of different callers never wait for each other.
     */
    public Map<String, List<Holder>> scan(Set<String> names) {
        Map<String, List<Holder>> out = new HashMap<>();
        if (names.isEmpty()) {
            return out;
        }
        String myNetns = link("/proc/self/ns/net");
        String[] procs = new File("/proc").list();
        if (procs == null) {
            return out;
        }
        for (String pid : procs) {
            if (!pid.isEmpty() && Character.isDigit(pid.charAt(0))) {
                scanProcess(pid, myNetns, names, out);
            }
        }
        return out;
    }

    private void scanProcess(String pid, String myNetns, Set<String> names, Map<String, List<Holder>> out) {
        String base = "/proc/" + pid + "/";
        String[] fds = new File(base + "fd").list();
        if (fds == null) {
            return; // not ours to inspect, or gone
        }
        List<String> held = null;
        // descriptors relative to the process's fd/ and fdinfo/ directories: no path walk through /proc per fd
        int fdDir = Fcntl.openOrMinusOne(base + "fd", Fcntl.O_DIRECTORY | Fcntl.O_CLOEXEC);
        int infoDir = Fcntl.openOrMinusOne(base + "fdinfo", Fcntl.O_DIRECTORY | Fcntl.O_CLOEXEC);
        try {
            if (fdDir < 0 || infoDir < 0) {
                return;
            }
            for (String fd : fds) {
                int n = Unistd.readlinkat(fdDir, fd, linkBuf, linkBuf.length);
                if (n != TUN.length || !startsWith(linkBuf, TUN)) {
                    continue;
                }
                String iff = iffOf(infoDir, fd);
                if (iff != null && names.contains(iff)) {
                    if (held == null) {
                        held = new ArrayList<>(1);
                    }
                    if (!held.contains(iff)) {
                        held.add(iff);
                    }
                }
            }
        } finally {
            Unistd.closeQuietly(fdDir);
            Unistd.closeQuietly(infoDir);
        }
        if (held == null) {
            return;
        }
        String netns = link(base + "ns/net");
        if (myNetns != null && netns != null && !myNetns.equals(netns)) {
            return; // a tap of the same name in another namespace
        }
        Holder h = new Holder(Integer.parseInt(pid), uidOf(base), commandOf(base));
        for (String name : held) {
            out.computeIfAbsent(name, k -> new ArrayList<>(1)).add(h);
        }
    }

    /** The {@code iff:} value of an fdinfo file, or null. A tun fdinfo is about 120 bytes: one read. */
    private String iffOf(int infoDir, String fdinfo) {
        int fd = Fcntl.openatOrMinusOne(infoDir, fdinfo, Fcntl.O_CLOEXEC);
        if (fd < 0) {
            return null;
        }
        int len;
        try {
            len = Unistd.read(fd, buf, buf.length);
        } finally {
            Unistd.closeQuietly(fd);
        }
        byte[] b = buf;
        for (int i = 0; i + IFF.length <= len; i++) {
            if (b[i] == '\n' && regionMatches(b, i, IFF)) {
                int start = i + IFF.length;
                int end = start;
                while (end < len && b[end] != '\n') {
                    end++;
                }
                return new String(b, start, end - start, StandardCharsets.US_ASCII).trim();
            }
        }
        return null;
    }

    /** Reads up to {@code limit} bytes of a (/proc) file; empty if it cannot be read. */
    private byte[] readFile(String path, int limit) {
        int fd = Fcntl.openOrMinusOne(path, Fcntl.O_CLOEXEC);
        if (fd < 0) {
            return new byte[0];
        }
        try {
            file.reset();
            int n;
            while (file.size() < limit && (n = Unistd.read(fd, buf, buf.length)) > 0) {
                file.write(buf, 0, n);
            }
            return file.toByteArray();
        } finally {
            Unistd.closeQuietly(fd);
        }
    }

    /** The command line of a process, arguments joined by spaces, or {@code [comm]}. */
    private String commandOf(String base) {
        byte[] b = readFile(base + "cmdline", 64 * 1024);
        int end = b.length;
        while (end > 0 && b[end - 1] == 0) {
            end--;
        }
        if (end > 0) {
            for (int i = 0; i < end; i++) {
                if (b[i] == 0) {
                    b[i] = ' ';
                }
            }
            return new String(b, 0, end, StandardCharsets.UTF_8);
        }
        byte[] comm = readFile(base + "comm", 64);
        return comm.length > 0 ? "[" + new String(comm, StandardCharsets.UTF_8).trim() + "]" : "?";
    }

    private int uidOf(String base) {
        String status = new String(readFile(base + "status", 1024), StandardCharsets.US_ASCII);
        int i = status.indexOf("\nUid:\t");
        if (i < 0) {
            return -1;
        }
        int start = i + 6;
        int end = start;
        while (end < status.length() && Character.isDigit(status.charAt(end))) {
            end++;
        }
        return end > start ? Integer.parseInt(status.substring(start, end)) : -1;
    }

    private String link(String path) {
        int n = Unistd.readlink(path, buf, buf.length);
        return n > 0 ? new String(buf, 0, n, StandardCharsets.US_ASCII) : null;
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        return regionMatches(b, 0, prefix);
    }

    private static boolean regionMatches(byte[] b, int at, byte[] s) {
        for (int i = 0; i < s.length; i++) {
            if (b[at + i] != s[i]) {
                return false;
            }
        }
        return true;
    }
}
