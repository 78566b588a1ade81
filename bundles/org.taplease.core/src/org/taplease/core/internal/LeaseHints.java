package org.taplease.core.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import org.taplease.core.TapNames;
import org.taplease.core.internal.jna.Errno;
import org.taplease.core.internal.jna.Fcntl;
import org.taplease.core.internal.jna.Stat;
import org.taplease.core.internal.jna.Stat.FileStat;
import org.taplease.core.internal.jna.Unistd;

import com.sun.jna.LastErrorException;

/**
 * The taps this user's taplease processes released last, per pool: what a fresh process (the CLI, a new launch) tries
 * before it lists every link. Only a hint: the engine verifies that an entry is still a member of the pool (label and
 * ifindex) and the kernel's trial attach decides; a missing, stale, damaged or untrusted file costs nothing but the
 * dump it would have saved. Nothing here ever throws.
 *
 * <h2>Where</h2> One directory per user, private to it (mode 0700): {@code $XDG_RUNTIME_DIR/taplease-hints} when
 * {@code XDG_RUNTIME_DIR} is a directory of this user's, else {@code /tmp/taplease-hints-UID}; the system property
 * {@code taplease.hints.dir} or the environment variable {@code TAPLEASE_HINTS_DIR} name another one (tests). In it one
 * file per pool, named after the pool.
 *
 * <h2>Other users</h2> Nothing is ever followed and nothing of another user's is read or written: the directory is
 * opened with {@code O_DIRECTORY|O_NOFOLLOW} and used only if it is owned by this user and neither readable nor
 * writable by group or others; every file is opened relative to that descriptor with {@code O_NOFOLLOW} and read only
 * if it is a regular file of this user with one link. A name another user squatted (in /tmp) or a link planted there
 * means no hints for this user, never a blocked or redirected lease: the engine lists the links as without hints.
 *
 * <h2>Format</h2> Lines {@code NAME IFINDEX}, the last released first, at most {@link #MAX} entries, padded with
 * newlines to a fixed {@link #SIZE} and rewritten in place, so a file never needs truncating and a reader racing a
 * writer sees at worst a mixed or cut line, which the engine's verification rejects.
 */
public final class LeaseHints {

    /** Entries kept per pool. */
    public static final int MAX = 8;
    /** The size of every hint file: room for {@link #MAX} lines of the longest names. */
    static final int SIZE = 512;
    /** {@code AT_FDCWD}: -100 on Linux and FreeBSD. */
    private static final int AT_FDCWD = -100;
    private static final int DIR_FLAGS = Fcntl.O_RDONLY | Fcntl.O_DIRECTORY | Fcntl.O_NOFOLLOW | Fcntl.O_CLOEXEC;
    private static final int FILE_FLAGS = Fcntl.O_NOFOLLOW | Fcntl.O_NONBLOCK | Fcntl.O_CLOEXEC;

    /** One hint: tap {@code name} was interface {@code ifindex} when it was released. */
    public record Entry(String name, int ifindex) {
    }

    /** The standard place for this user (see the class comment); null: no hints at all. */
    private final Path dir;

    public LeaseHints(Path dir) {
        this.dir = dir;
    }

    /** No hints: every cold lease lists the links. */
    public static LeaseHints none() {
        return new LeaseHints(null);
    }

    /** This user's directory as the class comment describes it. */
    public static LeaseHints standard() {
        String set = System.getProperty("taplease.hints.dir");
        if (set == null || set.isBlank()) {
            set = System.getenv("TAPLEASE_HINTS_DIR");
        }
        if (set != null && !set.isBlank()) {
            return new LeaseHints(Paths.get(set));
        }
        int euid = Unistd.geteuid();
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        if (runtime != null && runtime.startsWith("/")) {
            FileStat r = Stat.statAtOrNull(AT_FDCWD, runtime);
            if (r != null && r.isDirectory() && r.uid() == euid && (r.permissions() & 022) == 0) {
                return new LeaseHints(Paths.get(runtime, "taplease-hints"));
            }
        }
        return new LeaseHints(Paths.get("/tmp", "taplease-hints-" + euid));
    }

    public Path directory() {
        return dir;
    }

    /** The hints of {@code pool}, the last released first; empty if there are none or they cannot be trusted. */
    public List<Entry> read(String pool) {
        if (dir == null) {
            return List.of();
        }
        TapNames.requireValidPool(pool);
        int dfd = openOwn(false);
        if (dfd < 0) {
            return List.of();
        }
        int fd = -1;
        try {
            FileStat f = Stat.statAtOrNull(dfd, pool);
            if (f == null || !ownFile(f)) {
                return List.of();
            }
            fd = Fcntl.openatOrMinusOne(dfd, pool, Fcntl.O_RDONLY | FILE_FLAGS);
            if (fd < 0) {
                return List.of();
            }
            byte[] b = new byte[SIZE];
            int n = Unistd.read(fd, b, b.length);
            return n <= 0 ? List.of() : parse(new String(b, 0, n, StandardCharsets.US_ASCII));
        } finally {
            Unistd.closeQuietly(fd);
            Unistd.closeQuietly(dfd);
        }
    }

    /** Entries of a hint file; lines that are not a valid interface name and a positive ifindex are skipped. */
    static List<Entry> parse(String text) {
        List<Entry> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            int sp = line.indexOf(' ');
            if (sp <= 0 || out.size() >= MAX) {
                continue;
            }
            String name = line.substring(0, sp);
            String index = line.substring(sp + 1);
            if (TapNames.interfaceProblem(name) != null || index.isEmpty() || index.length() > 10
                    || !index.chars().allMatch(c -> c >= '0' && c <= '9')) {
                continue;
            }
            long i = Long.parseLong(index);
            if (i > 0 && i <= Integer.MAX_VALUE) {
                out.add(new Entry(name, (int) i));
            }
        }
        return out;
    }

    /** Writes {@code entries} (the first {@link #MAX}) as {@code pool}'s hints; silently does nothing if it cannot. */
    public void write(String pool, List<Entry> entries) {
        if (dir == null) {
            return;
        }
        TapNames.requireValidPool(pool);
        StringBuilder s = new StringBuilder(SIZE);
        for (int i = 0; i < entries.size() && i < MAX; i++) {
            s.append(entries.get(i).name()).append(' ').append(entries.get(i).ifindex()).append('\n');
        }
        byte[] b = new byte[SIZE];
        java.util.Arrays.fill(b, (byte) '\n');
        byte[] text = s.toString().getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, b, 0, Math.min(text.length, SIZE));
        int dfd = openOwn(true);
        if (dfd < 0) {
            return;
        }
        int fd = -1;
        try {
            FileStat f = Stat.statAtOrNull(dfd, pool);
            if (f != null && !ownFile(f)) {
                return; // not ours (only root could have put it there): leave it alone
            }
            fd = Fcntl.openat(dfd, pool, Fcntl.O_RDWR | Fcntl.O_CREAT | FILE_FLAGS, 0600);
            Unistd.write(fd, b, b.length);
        } catch (LastErrorException e) {
            // only a hint
        } finally {
            Unistd.closeQuietly(fd);
            Unistd.closeQuietly(dfd);
        }
    }

    /**
     * A descriptor of this user's private directory (made, mode 0700, if {@code create} and missing), or -1 if there
     * is none or it is not a directory of this user's that nobody else may read or write.
     */
    private int openOwn(boolean create) {
        String path = dir.toString();
        int dfd = Fcntl.openOrMinusOne(path, DIR_FLAGS);
        if (dfd < 0 && create && Stat.statAtOrNull(AT_FDCWD, path) == null) {
            try {
                Stat.mkdirat(AT_FDCWD, path, 0700);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Errno.EEXIST) {
                    return -1;
                }
            }
            dfd = Fcntl.openOrMinusOne(path, DIR_FLAGS);
        }
        if (dfd < 0) {
            return -1;
        }
        FileStat d = Stat.statAtOrNull(dfd, ".");
        if (d == null || !d.isDirectory() || d.uid() != Unistd.geteuid() || (d.permissions() & 077) != 0) {
            Unistd.closeQuietly(dfd);
            return -1;
        }
        return dfd;
    }

    private static boolean ownFile(FileStat f) {
        return f.isRegular() && f.nlink() == 1 && f.uid() == Unistd.geteuid() && (f.permissions() & 022) == 0;
    }
}
