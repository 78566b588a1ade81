package org.taplease.core.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntPredicate;

import org.taplease.core.Accounts;
import org.taplease.core.TapException;
import org.taplease.core.TapException.Reason;
import org.taplease.core.TapNames;
import org.taplease.core.internal.jna.Errno;
import org.taplease.core.internal.jna.Fcntl;
import org.taplease.core.internal.jna.Stat;
import org.taplease.core.internal.jna.Stat.FileStat;
import org.taplease.core.internal.jna.Unistd;

import com.sun.jna.LastErrorException;

/**
 * Advisory per-tap locks for a hand-over by name. Some emulators (bhyve, QEMU's {@code ifname=}) open the tap
 * themselves and take no descriptor; between the moment taplease closes its lease and the moment the emulator opens
 * the tap, the kernel sees it free. During that window the handing process holds a lock on the tap, and every
 * taplease allocator skips a tap whose lock is held by a user who may attach it. The locks are {@code fcntl} record
 * locks, so they end with the process that holds them, however it ends.
 *
 * <h2>Layout</h2> {@code DIR/UID/NAME.lock}: the shared directory {@code DIR} (root's, mode 1777, like /tmp; or the
 * caller's own, e.g. a test's), in it one directory per user, named by its uid (or {@code UID-SUFFIX} if another user
 * squatted that name), owned by that user and writable by nobody else, and in that one lock file per tap, also the
 * user's and writable by nobody else. A hand-over takes a <em>write</em> lock on its own user's file; a user's files
 * are never shared with another user, so nobody can keep another user from handing a tap over.
 *
 * <h2>Who holds a lock</h2> The holder of a write lock is the owner of the file (or root): the file and its directory
 * may be written by their owner only, and a write lock needs a descriptor open for writing. So a lock counts only if
 * the file is a regular file with one link, owned by the uid its directory is named after, in a directory owned by
 * that uid, neither writable by group or others, and the lock is a write lock ({@code F_GETLK} with a read-lock
 * probe: read locks, which anybody who may read the file can take, are never reported). Then
 * {@link #blocks(String, IntPredicate)} asks the engine's predicate whether that uid may attach the tap: a lock held
 * by a user who may not attach it (not its owner, not in its group, not root) never blocks anyone.
 *
 * <h2>Planted links</h2> Nothing is ever followed. {@code DIR} is opened with {@code O_DIRECTORY|O_NOFOLLOW} and used
 * only if it is owned by root or by this process's user and is sticky or writable by its owner only; a symbolic
 * link, a non-directory or somebody else's directory is refused by {@link #take(String)} with the fix, and ignored by
 * {@link #blocks(String, IntPredicate)}. Every further name is opened relative to a verified directory descriptor
 * ({@code openat}) with {@code O_NOFOLLOW}, and every file is checked with {@code fstat} on the open descriptor. Files
 * are created only in this user's own directory, which nobody else may write. Only root creates a missing
 * {@code DIR}: a directory another user made would be that user's to rename and delete in.
 *
 * <h2>This process</h2> POSIX record locks belong to the process: {@code F_GETLK} does not report this process's own
 * locks, and closing any descriptor of a file releases the process's locks on it. So the hand-overs of this JVM are
 * also kept in a set, and {@link #blocks} never opens a file of this user while it may be locked here. The same works
 * on FreeBSD (the constants and {@code struct flock} per platform are in {@link Fcntl}; no /proc).
 *
 * <h2>Cost</h2> Without {@code DIR}: one {@code stat}. With it: one {@code stat} of {@code DIR} and one per user
 * directory; the list of user directories is read again only when {@code DIR} changes. Lock files are verified only
 * when they exist.
 */
public final class HandoffLocks {

    /**
     * The machine-wide directory every taplease process uses: {@code /tmp/taplease-handoff}, or the system property
     * {@code taplease.handoff.dir}, or the environment variable {@code TAPLEASE_HANDOFF_DIR} (tests).
     */
    public static HandoffLocks standard() {
        String env = System.getenv("TAPLEASE_HANDOFF_DIR");
        return new HandoffLocks(Paths.get(System.getProperty("taplease.handoff.dir",
                env != null && !env.isBlank() ? env : "/tmp/taplease-handoff")));
    }

    /** {@code AT_FDCWD}: -100 on Linux and FreeBSD. */
    private static final int AT_FDCWD = -100;
    private static final String SUFFIX = ".lock";
    private static final int DIR_FLAGS = Fcntl.O_RDONLY | Fcntl.O_DIRECTORY | Fcntl.O_NOFOLLOW | Fcntl.O_CLOEXEC;

    /** The hand-overs of this JVM: "dev:ino of DIR/tap". */
    private static final Set<String> HELD_HERE = ConcurrentHashMap.newKeySet();
    /** Orders {@link #blocks}' look at this user's files against {@link #take}s of this JVM. */
    private static final Object LOCAL = new Object();

    /**
     * The suffixes of {@code UID-SUFFIX} directories, made only when {@code UID} is squatted: a holder, so that a
     * {@code taplease run} that never needs one does not pay for seeding a SecureRandom at every start.
     */
    private static final class Suffixes {
        static final SecureRandom RANDOM = new SecureRandom();
    }

    private final Path dir;
    /**
     * The user directories of each directory as last listed (by path), with the state of the directory they were
     * listed in; shared by every instance, so a fresh service lists once.
     */
    private static final java.util.Map<Path, Listing> LISTINGS = new java.util.concurrent.ConcurrentHashMap<>();

    private record Listing(long dev, long ino, long mtimeSec, long mtimeNsec, List<UserDir> dirs) {
        boolean of(FileStat d) {
            return d.dev() == dev && d.ino() == ino && d.mtimeSec() == mtimeSec && d.mtimeNsec() == mtimeNsec;
        }
    }

    /** A name in {@code DIR} that may be user {@code uid}'s directory: {@code UID} or {@code UID-SUFFIX}. */
    private record UserDir(String name, int uid) {
    }

    public HandoffLocks(Path dir) {
        this.dir = dir;
    }

    public Path directory() {
        return dir;
    }

    // ---------------------------------------------------------------- the allocators' question

    /**
     * Whether some process (another one, or another hand-over of this JVM) holds {@code tap}'s hand-over lock and the
     * uid that holds it passes {@code mayAttach} ("may this uid attach this tap"). {@code mayAttach} is called only
     * for a lock that is held. An untrusted directory (see the class comment) counts as no lock. Costs one
     * {@code stat} when no hand-over ever happened on this machine (no directory).
     */
    public boolean blocks(String tap, IntPredicate mayAttach) {
        TapNames.requireValidInterface(tap);
        FileStat d = Stat.statAtOrNull(AT_FDCWD, dir.toString());
        if (d == null || !trusted(d)) {
            return false;
        }
        int euid = Unistd.geteuid();
        if (HELD_HERE.contains(key(d, tap)) && mayAttach.test(euid)) {
            return true;
        }
        String file = tap + SUFFIX;
        for (UserDir u : userDirs(d)) {
            if (Stat.statAtOrNull(AT_FDCWD, dir + "/" + u.name() + "/" + file) == null) {
                continue; // the common case: this user never handed this tap over
            }
            boolean held;
            if (u.uid() == euid) {
                synchronized (LOCAL) {
                    // opening and closing a file this JVM holds a lock on would release that lock
                    held = !HELD_HERE.contains(key(d, tap)) && lockedBy(u, file, d);
                }
            } else {
                held = lockedBy(u, file, d);
            }
            if (held && mayAttach.test(u.uid())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Refuses a tap in hand-over by a user who may attach it.
     *
     * @throws TapException BUSY if {@link #blocks(String, IntPredicate)}
     */
    public void requireNotBlocked(String tap, IntPredicate mayAttach) {
        if (blocks(tap, mayAttach)) {
            // 'taplease run --by-name' closed its lease so that a program can open the tap by name: keep off it
            throw new TapException(Reason.BUSY, tap, "busy: it is being handed over by name to a program",
                    "lease another tap (e.g. any free one of its pool)");
        }
    }

    private static String key(FileStat d, String tap) {
        return d.dev() + ":" + d.ino() + "/" + tap;
    }

    /** Root's or this user's directory, sticky or writable by its owner only. */
    private static boolean trusted(FileStat d) {
        return d.isDirectory() && (d.uid() == 0 || d.uid() == Unistd.geteuid())
                && ((d.permissions() & 022) == 0 || (d.permissions() & Stat.S_ISVTX) != 0);
    }

    /** The names in {@code dir} that may be user directories (listed again only when {@code dir} changed). */
    private List<UserDir> userDirs(FileStat d) {
        Listing l = LISTINGS.get(dir);
        if (l != null && l.of(d)) {
            return l.dirs();
        }
        // the names are only candidates: each is opened relative to a verified descriptor of dir, without following
        List<UserDir> dirs = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                String name = p.getFileName().toString();
                int uid = uidOf(name);
                if (uid >= 0) {
                    dirs.add(new UserDir(name, uid));
                }
            }
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        LISTINGS.put(dir, new Listing(d.dev(), d.ino(), d.mtimeSec(), d.mtimeNsec(), List.copyOf(dirs)));
        return dirs;
    }

    /** The uid a user directory's name stands for ({@code UID} or {@code UID-SUFFIX}), or -1. */
    static int uidOf(String name) {
        int dash = name.indexOf('-');
        String digits = dash < 0 ? name : name.substring(0, dash);
        if (digits.isEmpty() || digits.length() > 10 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        long uid = Long.parseLong(digits);
        return uid <= Integer.MAX_VALUE ? (int) uid : -1;
    }

    /**
     * Whether another process holds a write lock on {@code DIR/u/file}, every step verified: {@code DIR} the one
     * checked ({@code expected}), {@code u} a directory of {@code u.uid} writable by it only, the file a regular file
     * with one link of {@code u.uid} writable by it only.
     */
    private boolean lockedBy(UserDir u, String file, FileStat expected) {
        int dfd = Fcntl.openOrMinusOne(dir.toString(), DIR_FLAGS);
        if (dfd < 0) {
            return false;
        }
        int sub = -1;
        int fd = -1;
        try {
            FileStat d = Stat.fstat(dfd);
            if (d.dev() != expected.dev() || d.ino() != expected.ino() || !trusted(d)) {
                return false;
            }
            sub = Fcntl.openatOrMinusOne(dfd, u.name(), DIR_FLAGS);
            if (sub < 0 || !ownedDirectory(Stat.fstat(sub), u.uid())) {
                return false;
            }
            fd = Fcntl.openatOrMinusOne(sub, file,
                    Fcntl.O_RDONLY | Fcntl.O_NOFOLLOW | Fcntl.O_NONBLOCK | Fcntl.O_CLOEXEC);
            if (fd < 0 || !ownedFile(Stat.fstat(fd), u.uid())) {
                return false;
            }
            return Fcntl.writeLockedByOther(fd);
        } catch (LastErrorException e) {
            return false;
        } finally {
            Unistd.closeQuietly(fd);
            Unistd.closeQuietly(sub);
            Unistd.closeQuietly(dfd);
        }
    }

    private static boolean ownedDirectory(FileStat s, int uid) {
        return s.isDirectory() && s.uid() == uid && (s.permissions() & 022) == 0;
    }

    private static boolean ownedFile(FileStat s, int uid) {
        return s.isRegular() && s.nlink() == 1 && s.uid() == uid && (s.permissions() & 022) == 0;
    }

    // ---------------------------------------------------------------- the doctor's look

    /**
     * One entry of the hand-over directory as {@link #survey()} finds it.
     *
     * @param path the entry's path
     * @param uid the user it belongs to by its place ({@code DIR/UID/...}), or -1 for {@code DIR} itself
     * @param tap the tap of a lock file, or null for a directory
     * @param problem why taplease refuses or ignores the entry (a link, another user's, writable by others, ...), or
     *        null if it is a proper lock file
     * @param fix the command that removes or repairs a refused entry, or null
     * @param holder the process holding a write lock on a proper lock file (0: none; a lock of this process is
     *        reported as {@code ProcessHandle.current().pid()})
     * @param mtimeSec the lock file's modification time (set by every {@link #take}), seconds since the epoch
     */
    public record Entry(String path, int uid, String tap, String problem, String fix, long holder, long mtimeSec) {
    }

    /**
     * What is in the hand-over directory, read without following anything and without changing anything: the
     * directory itself if taplease does not use it, each user directory it ignores, each lock file it refuses, and
     * each proper lock file with the process that holds it. Empty if the directory does not exist.
     */
    public List<Entry> survey() {
        String path = dir.toString();
        FileStat d = Stat.statAtOrNull(AT_FDCWD, path);
        if (d == null) {
            return List.of();
        }
        List<Entry> out = new ArrayList<>();
        if (d.isSymlink() || !d.isDirectory()) {
            out.add(new Entry(path, -1, null, (d.isSymlink() ? "a symbolic link" : "not a directory")
                    + " (not made by taplease): hand-overs by name fail", "sudo rm " + path, 0, 0));
            return out;
        }
        if (!trusted(d)) {
            boolean owner = d.uid() != 0 && d.uid() != Unistd.geteuid();
            out.add(new Entry(path, -1, null, owner ? "belongs to user " + Accounts.user(d.uid())
                    + ", not to root: taplease does not use it" : "writable by others but not sticky",
                    owner ? "sudo rm -r " + path : "sudo chmod 1777 " + path, 0, 0));
            return out;
        }
        int dfd = Fcntl.openOrMinusOne(path, DIR_FLAGS);
        if (dfd < 0) {
            return out;
        }
        try {
            List<String> names = new ArrayList<>();
            try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
                s.forEach(p -> names.add(p.getFileName().toString()));
            } catch (IOException | RuntimeException e) {
                return out;
            }
            names.sort(null);
            for (String name : names) {
                int uid = uidOf(name);
                if (uid >= 0) {
                    surveyUser(dfd, d, name, uid, out);
                }
            }
        } finally {
            Unistd.closeQuietly(dfd);
        }
        return out;
    }

    private void surveyUser(int dfd, FileStat d, String name, int uid, List<Entry> out) {
        String path = dir + "/" + name;
        int sub = Fcntl.openatOrMinusOne(dfd, name, DIR_FLAGS);
        if (sub < 0) {
            out.add(new Entry(path, uid, null, "not a directory (a link or file planted there): ignored",
                    "sudo rm " + path, 0, 0));
            return;
        }
        try {
            FileStat s = Stat.fstat(sub);
            if (!ownedDirectory(s, uid)) {
                out.add(new Entry(path, uid, null, (s.uid() != uid ? "belongs to user " + Accounts.user(s.uid())
                        + ", not to uid " + uid : "writable by others") + ": ignored", "sudo rm -r " + path, 0, 0));
                return;
            }
            List<String> files = new ArrayList<>();
            try (DirectoryStream<Path> ls = Files.newDirectoryStream(dir.resolve(name), "*" + SUFFIX)) {
                ls.forEach(p -> files.add(p.getFileName().toString()));
            } catch (IOException | RuntimeException e) {
                return;
            }
            files.sort(null);
            for (String file : files) {
                String tap = file.substring(0, file.length() - SUFFIX.length());
                if (TapNames.interfaceProblem(tap) == null) {
                    out.add(surveyLock(sub, d, path + "/" + file, file, tap, uid));
                }
            }
        } catch (LastErrorException e) {
            // vanished meanwhile
        } finally {
            Unistd.closeQuietly(sub);
        }
    }

    private static Entry surveyLock(int sub, FileStat d, String path, String file, String tap, int uid) {
        if (uid == Unistd.geteuid() && HELD_HERE.contains(key(d, tap))) {
            // opening and closing it here would release this process's own lock
            return new Entry(path, uid, tap, null, null, ProcessHandle.current().pid(),
                    System.currentTimeMillis() / 1000);
        }
        synchronized (LOCAL) {
            int fd = Fcntl.openatOrMinusOne(sub, file,
                    Fcntl.O_RDONLY | Fcntl.O_NOFOLLOW | Fcntl.O_NONBLOCK | Fcntl.O_CLOEXEC);
            if (fd < 0) {
                return new Entry(path, uid, tap, "not a lock file (a symbolic link?): refused", "sudo rm " + path,
                        0, 0);
            }
            try {
                FileStat s = Stat.fstat(fd);
                if (!ownedFile(s, uid)) {
                    String why = !s.isRegular() ? "not a plain file" : s.nlink() != 1 ? s.nlink() + " hard links"
                            : s.uid() != uid ? "belongs to user " + Accounts.user(s.uid()) : "writable by others";
                    return new Entry(path, uid, tap, why + ": refused", "sudo rm " + path, 0, 0);
                }
                return new Entry(path, uid, tap, null, null, Fcntl.writeLockHolder(fd), s.mtimeSec());
            } catch (LastErrorException e) {
                return new Entry(path, uid, tap, "cannot be read (" + Errno.message(e.getErrorCode()) + ")",
                        "sudo rm " + path, 0, 0);
            } finally {
                Unistd.closeQuietly(fd);
            }
        }
    }

    // ---------------------------------------------------------------- the hand-over

    /** A held hand-over lock; {@link #close()} releases it. */
    public static final class Handoff implements AutoCloseable {
        private final int fd;
        private final String key;
        private final String tap;
        private boolean closed;

        Handoff(int fd, String key, String tap) {
            this.fd = fd;
            this.key = key;
            this.tap = tap;
        }

        public String tap() {
            return tap;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                Unistd.closeQuietly(fd); // releases the lock
                HELD_HERE.remove(key);
            }
        }
    }

    /**
     * Takes {@code tap}'s hand-over lock: a write lock on this user's lock file for the tap.
     *
     * @throws TapException BUSY if another hand-over of the tap by this user is in progress; SYSTEM (or PERMISSION)
     *         with the cause and its fix if the directory cannot be trusted or used
     */
    public Handoff take(String tap) {
        TapNames.requireValidInterface(tap);
        int euid = Unistd.geteuid();
        int dfd = openDirectory();
        try {
            FileStat d = Stat.fstat(dfd);
            String key = key(d, tap);
            synchronized (LOCAL) {
                if (!HELD_HERE.add(key)) {
                    throw busy(tap);
                }
            }
            boolean ok = false;
            try {
                int sub = ownDirectory(dfd, euid);
                try {
                    Handoff h = lock(sub, tap, euid, key);
                    ok = true;
                    return h;
                } finally {
                    Unistd.closeQuietly(sub);
                }
            } finally {
                if (!ok) {
                    HELD_HERE.remove(key);
                }
            }
        } catch (LastErrorException e) {
            throw failure(dir.toString(), "cannot use the hand-over directory", e, "fstat");
        } finally {
            Unistd.closeQuietly(dfd);
        }
    }

    /**
     * As root, makes the shared directory if it is missing and checks it, so that users' hand-overs by name work
     * (provisioning a pool calls this: after a reboot /tmp is empty). Does nothing for other users.
     *
     * @throws TapException with the cause and its fix if the directory cannot be trusted or made
     */
    public void prepareShared() {
        if (Unistd.geteuid() == 0) {
            Unistd.closeQuietly(openDirectory());
        }
    }

    private static TapException busy(String tap) {
        return new TapException(Reason.BUSY, tap, "another process is handing this tap over by name right now",
                "wait a moment and retry, or lease another tap");
    }

    /** A descriptor of {@code DIR}, verified (and made, by root, if missing); else the cause and its fix. */
    private int openDirectory() {
        String path = dir.toString();
        for (int attempt = 0; attempt < 2; attempt++) {
            int dfd = Fcntl.openOrMinusOne(path, DIR_FLAGS);
            if (dfd >= 0) {
                boolean ok = false;
                try {
                    FileStat d = Stat.fstat(dfd);
                    requireTrusted(d);
                    ok = true;
                    return dfd;
                } catch (LastErrorException e) {
                    throw failure(path, "cannot use the hand-over directory", e, "fstat");
                } finally {
                    if (!ok) {
                        Unistd.closeQuietly(dfd);
                    }
                }
            }
            FileStat st = Stat.statAtOrNull(AT_FDCWD, path);
            if (st != null) {
                if (st.isSymlink()) {
                    throw untrusted("the hand-over directory " + path
                            + " is a symbolic link; remove it (it was not made by taplease)", "sudo rm " + path);
                }
                if (!st.isDirectory()) {
                    throw untrusted("the hand-over directory " + path
                            + " is not a directory; remove it (it was not made by taplease)", "sudo rm " + path);
                }
                throw new TapException(Reason.SYSTEM, null, "cannot open the hand-over directory " + path,
                        "check its permissions (root's, mode 1777)");
            }
            if (Unistd.geteuid() != 0) {
                throw new TapException(Reason.PERMISSION, null, "the hand-over directory " + path
                        + " does not exist, and only root makes it (a directory made by another user would not be"
                        + " trusted)", "sudo install -d -m 1777 -o root " + path
                                + " (or set TAPLEASE_HANDOFF_DIR to a directory of your own)");
            }
            try {
                Stat.mkdirat(AT_FDCWD, path, 0700);
                int made = Fcntl.open(path, DIR_FLAGS);
                try {
                    FileStat m = Stat.fstat(made);
                    if (m.isDirectory() && m.uid() == 0) {
                        Stat.fchmod(made, 0777 | Stat.S_ISVTX);
                    }
                } finally {
                    Unistd.closeQuietly(made);
                }
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Errno.EEXIST) {
                    throw failure(path, "cannot make the hand-over directory", e, "mkdir");
                }
                // made by another process meanwhile: open and check it
            }
        }
        throw new TapException(Reason.SYSTEM, null, "the hand-over directory " + path + " keeps changing",
                "check what else uses it");
    }

    private void requireTrusted(FileStat d) {
        String path = dir.toString();
        if (!d.isDirectory()) {
            throw untrusted("the hand-over directory " + path + " is not a directory; remove it", "sudo rm " + path);
        }
        int euid = Unistd.geteuid();
        if (d.uid() != 0 && d.uid() != euid) {
            throw untrusted("the hand-over directory " + path + " belongs to user " + Accounts.user(d.uid())
                    + ", not to root" + (euid != 0 ? " or you" : "")
                    + "; taplease does not use it (it was not made by taplease)", "remove it: sudo rm -r " + path);
        }
        if ((d.permissions() & 022) != 0 && (d.permissions() & Stat.S_ISVTX) == 0) {
            throw untrusted("the hand-over directory " + path
                    + " may be written by others but is not sticky, so anybody could rename what is in it",
                    "sudo chmod 1777 " + path);
        }
    }

    private static TapException untrusted(String summary, String fix) {
        return new TapException(Reason.SYSTEM, null, summary, fix);
    }

    private TapException failure(String what, String summary, LastErrorException e, String op) {
        return new TapException(Reason.SYSTEM, null, summary + " " + what, "check " + dir
                + " (root's, mode 1777; its user directories and lock files belong to their users)", e.getErrorCode(),
                Errno.message(e.getErrorCode()), op, e);
    }

    /**
     * A descriptor of this user's directory in {@code DIR}: {@code UID} if it is ours, else an earlier
     * {@code UID-SUFFIX} of ours, else a new one (a name somebody else squatted is never used).
     */
    private int ownDirectory(int dfd, int euid) {
        String mine = Integer.toString(euid);
        List<String> candidates = new ArrayList<>();
        candidates.add(mine);
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, mine + "-*")) {
            for (Path p : s) {
                candidates.add(p.getFileName().toString());
            }
        } catch (IOException e) {
            // only the plain name then
        }
        for (String name : candidates) {
            int sub = openOwnDirectory(dfd, name, euid);
            if (sub >= 0) {
                return sub;
            }
        }
        // none of ours: make UID, or, if that name is taken, UID-random
        for (int attempt = 0; attempt < 8; attempt++) {
            String name = attempt == 0 ? mine : mine + "-" + Long.toHexString(Suffixes.RANDOM.nextLong() >>> 16);
            try {
                Stat.mkdirat(dfd, name, 0700);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == Errno.EEXIST) {
                    continue;
                }
                throw failure(dir + "/" + name, "cannot make the hand-over directory", e, "mkdir");
            }
            int sub = openOwnDirectory(dfd, name, euid);
            if (sub >= 0) {
                return sub;
            }
        }
        throw new TapException(Reason.SYSTEM, null, "cannot make a hand-over directory of your own in " + dir
                + ": the names are taken by others", "remove the directories in " + dir + " named " + mine
                        + "* that are not yours: sudo rm -r " + dir + "/" + mine + "-*");
    }

    /** {@code name} opened without following, if it is a directory of {@code euid}'s; made 0755; else -1. */
    private static int openOwnDirectory(int dfd, String name, int euid) {
        int sub = Fcntl.openatOrMinusOne(dfd, name, DIR_FLAGS);
        if (sub < 0) {
            return -1;
        }
        try {
            FileStat s = Stat.fstat(sub);
            if (!s.isDirectory() || s.uid() != euid) {
                Unistd.closeQuietly(sub);
                return -1;
            }
            if (s.permissions() != 0755) {
                Stat.fchmod(sub, 0755); // others list and read it (blocks), only we write it
            }
            return sub;
        } catch (LastErrorException e) {
            Unistd.closeQuietly(sub);
            return -1;
        }
    }

    /** Opens (or makes) {@code tap}'s lock file in this user's directory {@code sub} and takes the write lock. */
    private Handoff lock(int sub, String tap, int euid, String key) {
        String file = tap + SUFFIX;
        int fd;
        try {
            fd = Fcntl.openat(sub, file, Fcntl.O_RDWR | Fcntl.O_CREAT | Fcntl.O_NOFOLLOW | Fcntl.O_NONBLOCK
                    | Fcntl.O_CLOEXEC, 0644);
        } catch (LastErrorException e) {
            throw failure(dir + "/" + euid + "/" + file, "cannot open the hand-over lock", e, "open");
        }
        boolean ok = false;
        try {
            FileStat s = Stat.fstat(fd);
            if (!s.isRegular() || s.nlink() != 1 || s.uid() != euid) {
                throw untrusted("the hand-over lock " + file + " in your directory of " + dir
                        + " is not a plain file of yours (" + (s.isRegular() ? s.nlink() + " links" : "not a file")
                        + ", owner " + Accounts.user(s.uid()) + "); remove it", "rm " + dir + "/*/" + file);
            }
            if (s.permissions() != 0644) {
                Stat.fchmod(fd, 0644); // readable for blocks(), writable (lockable for writing) by us only
            }
            if (!Fcntl.tryWriteLock(fd)) {
                throw busy(tap);
            }
            try {
                Stat.futimens(fd, null); // the lock's age, for the doctor's "stale" (see survey)
            } catch (LastErrorException e) {
                // only a hint for the doctor
            }
            ok = true;
            return new Handoff(fd, key, tap);
        } catch (LastErrorException e) {
            throw failure(dir + "/" + euid + "/" + file, "cannot lock the hand-over lock", e, "fcntl");
        } finally {
            if (!ok) {
                Unistd.closeQuietly(fd);
            }
        }
    }
}
