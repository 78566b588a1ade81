package org.taplease.core.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;

import org.taplease.core.TapException;
import org.taplease.core.TapException.Reason;
import org.taplease.core.internal.jna.Stat;

import com.sun.jna.LastErrorException;

/**
 * Advisory per-tap locks for a hand-over by name. Some emulators (bhyve, QEMU's {@code ifname=}) open the tap
 * themselves and take no descriptor; between the moment taplease closes its lease and the moment the emulator opens
 * the tap, the kernel sees it free. During that window the handing process holds {@code DIR/NAME.lock}, and every
 * taplease allocator skips a tap whose lock another process holds. The locks are {@code fcntl} record locks, so they
 * end with the process that holds them, however it ends. The directory is world-writable and sticky, like /tmp.
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

    private final Path dir;

    public HandoffLocks(Path dir) {
        this.dir = dir;
    }

    public Path directory() {
        return dir;
    }

    /**
     * Whether another process (or another handoff of this one) holds {@code tap}'s lock. Costs one {@code stat} when no
     * handoff ever happened on this machine (no directory).
     */
    public boolean held(String tap) {
        Path file = dir.resolve(tap + ".lock");
        if (!Files.exists(file)) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            FileLock probe = ch.tryLock(0, Long.MAX_VALUE, true);
            if (probe == null) {
                return true;
            }
            probe.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true; // this JVM holds it
        } catch (IOException e) {
            return false; // unreadable lock file: not a lock anybody can hold against us
        }
    }

    /**
     * Whether a hand-over of {@code tap} is in progress by a uid that {@code mayAttach} admits. (Provisional: counts
     * every held lock.)
     */
    public boolean blocks(String tap, java.util.function.IntPredicate mayAttach) {
        return held(tap);
    }

    /**
     * Refuses a tap in hand-over.
     *
     * @throws TapException BUSY if another process (or another handoff of this one) holds {@code tap}'s lock
     */
    public void requireNotHeld(String tap) {
        if (held(tap)) {
            // 'taplease run --by-name' closed its lease so that a program can open the tap by name: keep off it
            throw new TapException(Reason.BUSY, tap, "busy: it is being handed over by name to a program",
                    "lease another tap (e.g. any free one of its pool)");
        }
    }

    /** A held handoff lock; {@link #close()} releases it. */
    public static final class Handoff implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;
        private final String tap;

        Handoff(FileChannel channel, FileLock lock, String tap) {
            this.channel = channel;
            this.lock = lock;
            this.tap = tap;
        }

        public String tap() {
            return tap;
        }

        @Override
        public void close() {
            try {
                if (lock.isValid()) {
                    lock.release();
                }
                channel.close();
            } catch (IOException e) {
                // closing the channel releases the lock in any case
            }
        }
    }

    /**
     * Takes {@code tap}'s handoff lock.
     *
     * @throws TapException BUSY if another handoff of the tap is in progress, SYSTEM if the lock directory cannot be used
     */
    public Handoff take(String tap) {
        Path file = dir.resolve(tap + ".lock");
        try {
            ensureDirectory();
            boolean fresh = false;
            try {
                Files.createFile(file);
                fresh = true;
            } catch (FileAlreadyExistsException e) {
                // somebody handed this tap over before
            }
            if (fresh) {
                chmod(file, 0666);
            }
            FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                ch.close();
                throw new TapException(Reason.BUSY, tap, "another process is handing this tap over by name right now",
                        "wait a moment and retry, or lease another tap");
            }
            return new Handoff(ch, lock, tap);
        } catch (IOException e) {
            throw new TapException(Reason.SYSTEM, tap, "cannot use the handoff lock " + file + ": " + e.getMessage(),
                    "make " + dir + " a directory everybody may write (chmod 1777 " + dir + ")", 0, null, "open", e);
        }
    }

    private void ensureDirectory() throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectory(dir);
            chmod(dir, 0777 | Stat.S_ISVTX);
        } catch (FileAlreadyExistsException e) {
            // made by another process meanwhile
        }
    }

    private static void chmod(Path p, int mode) {
        try {
            Stat.chmod(p.toString(), mode);
        } catch (LastErrorException e) {
            // not our file (made by another user): its mode is theirs to set
        }
    }
}
