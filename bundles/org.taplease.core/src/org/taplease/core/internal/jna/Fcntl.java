package org.taplease.core.internal.jna;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * Functions and constants of <a href="https://man7.org/linux/man-pages/man0/fcntl.h.0p.html">fcntl.h</a>, with the
 * values of this platform: Linux's {@code asm-generic/fcntl.h} (arm, aarch64 and powerpc differ in
 * {@code O_DIRECTORY}/{@code O_NOFOLLOW}, see {@code arch/<arch>/include/uapi/asm/fcntl.h}) or FreeBSD's
 * <a href="https://cgit.freebsd.org/src/tree/sys/sys/fcntl.h">sys/fcntl.h</a>. The {@code *(boolean freebsd)} methods
 * give either value, so that the FreeBSD ones can be pinned by a test on Linux. 64-bit platforms only ({@code off_t}
 * in {@code struct flock} is 64 bits).
 */
public final class Fcntl {
    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    private static final boolean FREEBSD = Platform.isFreeBSD();
    /** Linux architectures whose O_DIRECTORY is 040000 and O_NOFOLLOW 0100000 (asm-generic: 0200000, 0400000). */
    private static final boolean LINUX_ALT_DIR_FLAGS = !FREEBSD && (Platform.isARM() || Platform.isPPC());

    public static final int O_RDONLY = 0;
    public static final int O_RDWR = 0x0002;
    /** {@code O_CREAT}: 0100 on Linux, 0x0200 on FreeBSD. */
    public static final int O_CREAT = oCreat(FREEBSD);
    /** {@code O_NONBLOCK}: 04000 on Linux, 0x0004 on FreeBSD (opening a FIFO must not wait). */
    public static final int O_NONBLOCK = FREEBSD ? 0x0004 : 0x0800;
    /** {@code O_CLOEXEC}: 02000000 on Linux (x86, arm, riscv, s390, ppc), 0x00100000 on FreeBSD. */
    public static final int O_CLOEXEC = oCloexec(FREEBSD);
    /** {@code O_DIRECTORY}: fail with ENOTDIR unless the path is a directory. */
    public static final int O_DIRECTORY = FREEBSD ? oDirectory(true) : LINUX_ALT_DIR_FLAGS ? 0x4000 : 0x10000;
    /** {@code O_NOFOLLOW}: fail (ELOOP; EMLINK on older FreeBSD) if the last component is a symbolic link. */
    public static final int O_NOFOLLOW = FREEBSD ? oNoFollow(true) : LINUX_ALT_DIR_FLAGS ? 0x8000 : 0x20000;

    /** {@code F_GETLK}: 5 on 64-bit Linux, 11 on FreeBSD (7 is its pre-9.0 {@code F_OGETLK}). */
    public static final int F_GETLK = fGetLk(FREEBSD);
    /** {@code F_SETLK}: 6 on 64-bit Linux, 12 on FreeBSD. */
    public static final int F_SETLK = fSetLk(FREEBSD);
    /** {@code F_RDLCK}: 0 on Linux, 1 on FreeBSD. */
    public static final short F_RDLCK = fRdLck(FREEBSD);
    /** {@code F_UNLCK}: 2 on both. */
    public static final short F_UNLCK = 2;
    /** {@code F_WRLCK}: 1 on Linux, 3 on FreeBSD. */
    public static final short F_WRLCK = fWrLck(FREEBSD);

    public static int oCreat(boolean freebsd) {
        return freebsd ? 0x0200 : 0x0040;
    }

    public static int oCloexec(boolean freebsd) {
        return freebsd ? 0x00100000 : 0x80000;
    }

    /** FreeBSD's O_DIRECTORY (Linux: see {@link #O_DIRECTORY}). */
    public static int oDirectory(boolean freebsd) {
        return freebsd ? 0x00020000 : 0x10000;
    }

    /** FreeBSD's O_NOFOLLOW (Linux: see {@link #O_NOFOLLOW}). */
    public static int oNoFollow(boolean freebsd) {
        return freebsd ? 0x0100 : 0x20000;
    }

    public static int fGetLk(boolean freebsd) {
        return freebsd ? 11 : 5;
    }

    public static int fSetLk(boolean freebsd) {
        return freebsd ? 12 : 6;
    }

    public static short fRdLck(boolean freebsd) {
        return freebsd ? (short) 1 : (short) 0;
    }

    public static short fWrLck(boolean freebsd) {
        return freebsd ? (short) 3 : (short) 1;
    }

    /** Linux's {@code struct flock} (asm-generic/fcntl.h) on 64-bit: 32 bytes. */
    @FieldOrder({ "l_type", "l_whence", "l_start", "l_len", "l_pid" })
    public static class LinuxFlock extends Structure {
        /** The offset of {@code field} (for the layout tests). */
        public int offsetOf(String field) {
            return fieldOffset(field);
        }

        public short l_type;
        public short l_whence;
        public long l_start;
        public long l_len;
        public int l_pid;
    }

    /** FreeBSD's {@code struct flock} (sys/fcntl.h): offsets first, then pid, type, whence, sysid; 32 bytes. */
    @FieldOrder({ "l_start", "l_len", "l_pid", "l_type", "l_whence", "l_sysid" })
    public static class FreeBsdFlock extends Structure {
        /** The offset of {@code field} (for the layout tests). */
        public int offsetOf(String field) {
            return fieldOffset(field);
        }

        public long l_start;
        public long l_len;
        public int l_pid;
        public short l_type;
        public short l_whence;
        public int l_sysid;
    }

    public static native int open(String path, int flags) throws LastErrorException;

    /** {@code openat(2)} with a mode (for {@link #O_CREAT}). */
    public static native int openat(int dirfd, String path, int flags, int mode) throws LastErrorException;

    /** {@code fcntl(2)} with a {@code struct flock *} argument. */
    static native int fcntl(int fd, int cmd, Pointer flock) throws LastErrorException;

    /** {@code open(2)} returning -1 instead of throwing, for scans of /proc where failures are expected. */
    public static int openOrMinusOne(String path, int flags) {
        return Quiet.open(path, flags);
    }

    /** {@code openat(2)} relative to a directory descriptor, returning -1 instead of throwing. */
    public static int openatOrMinusOne(int dirfd, String path, int flags) {
        return Quiet.openat(dirfd, path, flags);
    }

    /**
     * Whether another process holds a <em>write</em> lock on some byte of {@code fd}'s file: {@code F_GETLK} with a
     * read-lock probe over the whole file, which only a write lock conflicts with (read locks are never reported).
     * Locks of this process are never reported either (POSIX record locks belong to the process).
     */
    public static boolean writeLockedByOther(int fd) throws LastErrorException {
        Structure fl = flock(F_RDLCK);
        fcntl(fd, F_GETLK, fl.getPointer());
        fl.read();
        return type(fl) == F_WRLCK;
    }

    /**
     * The process that holds a <em>write</em> lock on {@code fd}'s file, as {@link #writeLockedByOther} finds it
     * ({@code l_pid} of {@code F_GETLK}), or 0 if none does.
     */
    public static int writeLockHolder(int fd) throws LastErrorException {
        Structure fl = flock(F_RDLCK);
        fcntl(fd, F_GETLK, fl.getPointer());
        fl.read();
        if (type(fl) != F_WRLCK) {
            return 0;
        }
        return fl instanceof FreeBsdFlock f ? f.l_pid : ((LinuxFlock) fl).l_pid;
    }

    /**
     * Takes a write lock on the whole file without waiting ({@code F_SETLK}); {@code fd} must be open for writing.
     *
     * @return false if another process holds a conflicting lock (EAGAIN or EACCES)
     */
    public static boolean tryWriteLock(int fd) throws LastErrorException {
        Structure fl = flock(F_WRLCK);
        try {
            fcntl(fd, F_SETLK, fl.getPointer());
            return true;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Errno.EAGAIN || e.getErrorCode() == Errno.EACCES) {
                return false;
            }
            throw e;
        }
    }

    private static Structure flock(short type) {
        Structure fl;
        if (FREEBSD) {
            FreeBsdFlock f = new FreeBsdFlock();
            f.l_type = type;
            fl = f;
        } else {
            LinuxFlock f = new LinuxFlock();
            f.l_type = type;
            fl = f;
        }
        fl.write(); // SEEK_SET, start 0, length 0: the whole file, however long it grows
        return fl;
    }

    private static short type(Structure fl) {
        return fl instanceof FreeBsdFlock f ? f.l_type : ((LinuxFlock) fl).l_type;
    }

    /** The same functions without errno checking (cheaper when failure is normal). */
    private static final class Quiet {
        static {
            Native.register(Platform.C_LIBRARY_NAME);
        }

        static native int open(String path, int flags);

        static native int openat(int dirfd, String path, int flags);
    }

    private Fcntl() {
    }
}
