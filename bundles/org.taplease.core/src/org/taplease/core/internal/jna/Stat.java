package org.taplease.core.internal.jna;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * Functions of <a href="https://man7.org/linux/man-pages/man0/sys_stat.h.0p.html">sys/stat.h</a> (also FreeBSD's).
 * File status comes from {@code statx(2)} on Linux (its {@code struct statx} has one layout on every architecture,
 * unlike {@code struct stat}) and from {@code fstat}/{@code fstatat} on FreeBSD ({@code struct stat} of
 * <a href="https://cgit.freebsd.org/src/tree/sys/sys/stat.h">sys/stat.h</a>, FreeBSD 12+, 64-bit: 224 bytes).
 */
public final class Stat {
    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    private static final boolean FREEBSD = Platform.isFreeBSD();

    /** {@code S_ISVTX}: the sticky bit (only a file's owner may remove it from such a directory). */
    public static final int S_ISVTX = 01000;
    public static final int S_IFMT = 0170000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFLNK = 0120000;
    public static final int S_IFCHR = 0020000;

    /** {@code AT_SYMLINK_NOFOLLOW}: 0x100 on Linux, 0x200 on FreeBSD. */
    public static final int AT_SYMLINK_NOFOLLOW = atSymlinkNoFollow(FREEBSD);
    /** Linux's {@code AT_EMPTY_PATH}: statx of the descriptor itself. */
    static final int AT_EMPTY_PATH = 0x1000;
    /** Linux's {@code STATX_BASIC_STATS}. */
    static final int STATX_BASIC_STATS = 0x7ff;

    public static int atSymlinkNoFollow(boolean freebsd) {
        return freebsd ? 0x200 : 0x100;
    }

    /** What the callers check of a file: identity, type and permission bits, links, owner, modification time. */
    public record FileStat(long dev, long ino, int mode, long nlink, int uid, int gid, long mtimeSec, long mtimeNsec) {
        public boolean isDirectory() {
            return (mode & S_IFMT) == S_IFDIR;
        }

        public boolean isRegular() {
            return (mode & S_IFMT) == S_IFREG;
        }

        public boolean isSymlink() {
            return (mode & S_IFMT) == S_IFLNK;
        }

        public boolean isCharDevice() {
            return (mode & S_IFMT) == S_IFCHR;
        }

        /** The permission bits with set-id and sticky bits. */
        public int permissions() {
            return mode & 07777;
        }
    }

    /** Linux's {@code struct statx} (include/uapi/linux/stat.h): 256 bytes on every architecture. */
    @FieldOrder({ "stx_mask", "stx_blksize", "stx_attributes", "stx_nlink", "stx_uid", "stx_gid", "stx_mode",
            "stx_pad1", "stx_ino", "stx_size", "stx_blocks", "stx_attributes_mask", "stx_atime", "stx_btime",
            "stx_ctime", "stx_mtime", "stx_rdev_major", "stx_rdev_minor", "stx_dev_major", "stx_dev_minor",
            "stx_spare" })
    public static class Statx extends Structure {
        /** The offset of {@code field} (for the layout tests). */
        public int offsetOf(String field) {
            return fieldOffset(field);
        }

        public int stx_mask;
        public int stx_blksize;
        public long stx_attributes;
        public int stx_nlink;
        public int stx_uid;
        public int stx_gid;
        public short stx_mode;
        public short stx_pad1;
        public long stx_ino;
        public long stx_size;
        public long stx_blocks;
        public long stx_attributes_mask;
        public StatxTimestamp stx_atime;
        public StatxTimestamp stx_btime;
        public StatxTimestamp stx_ctime;
        public StatxTimestamp stx_mtime;
        public int stx_rdev_major;
        public int stx_rdev_minor;
        public int stx_dev_major;
        public int stx_dev_minor;
        public byte[] stx_spare = new byte[112];

        FileStat toFileStat() {
            return new FileStat(((long) stx_dev_major << 32) | (stx_dev_minor & 0xffffffffL), stx_ino,
                    stx_mode & 0xffff, stx_nlink & 0xffffffffL, stx_uid, stx_gid, stx_mtime.tv_sec,
                    stx_mtime.tv_nsec & 0xffffffffL);
        }
    }

    /** {@code struct statx_timestamp}: 16 bytes. */
    @FieldOrder({ "tv_sec", "tv_nsec", "reserved" })
    public static class StatxTimestamp extends Structure {
        public long tv_sec;
        public int tv_nsec;
        public int reserved;
    }

    /** FreeBSD's {@code struct stat} on 64-bit architectures (FreeBSD 12+, 64-bit ino_t and nlink_t): 224 bytes. */
    @FieldOrder({ "st_dev", "st_ino", "st_nlink", "st_mode", "st_bsdflags", "st_uid", "st_gid", "st_padding1",
            "st_rdev", "st_atim_sec", "st_atim_nsec", "st_mtim_sec", "st_mtim_nsec", "st_ctim_sec", "st_ctim_nsec",
            "st_birthtim_sec", "st_birthtim_nsec", "st_size", "st_blocks", "st_blksize", "st_flags", "st_gen",
            "st_spare" })
    public static class FreeBsdStat extends Structure {
        /** The offset of {@code field} (for the layout tests). */
        public int offsetOf(String field) {
            return fieldOffset(field);
        }

        public long st_dev;
        public long st_ino;
        public long st_nlink;
        public short st_mode;
        public short st_bsdflags;
        public int st_uid;
        public int st_gid;
        public int st_padding1;
        public long st_rdev;
        public long st_atim_sec;
        public long st_atim_nsec;
        public long st_mtim_sec;
        public long st_mtim_nsec;
        public long st_ctim_sec;
        public long st_ctim_nsec;
        public long st_birthtim_sec;
        public long st_birthtim_nsec;
        public long st_size;
        public long st_blocks;
        public int st_blksize;
        public int st_flags;
        public long st_gen;
        public long[] st_spare = new long[10];

        FileStat toFileStat() {
            return new FileStat(st_dev, st_ino, st_mode & 0xffff, st_nlink, st_uid, st_gid, st_mtim_sec, st_mtim_nsec);
        }
    }

    public static native int chmod(String path, int mode) throws LastErrorException;

    public static native int fchmod(int fd, int mode) throws LastErrorException;

    public static native int mkdirat(int dirfd, String path, int mode) throws LastErrorException;

    /** {@code futimens(2)}: with {@code times} null, sets the access and modification times of {@code fd} to now. */
    public static native int futimens(int fd, Pointer times) throws LastErrorException;

    /** The status of the open file {@code fd}. */
    public static FileStat fstat(int fd) throws LastErrorException {
        if (FREEBSD) {
            FreeBsdStat st = new FreeBsdStat();
            FreeBsd.fstat(fd, st);
            st.read();
            return st.toFileStat();
        }
        Statx st = new Statx();
        Linux.statx(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, st);
        st.read();
        return st.toFileStat();
    }

    /**
     * The status of {@code path} relative to the directory {@code dirfd}, not following a final symbolic link; null if
     * it does not exist or cannot be looked up (a cheap probe: it opens nothing).
     */
    public static FileStat statAtOrNull(int dirfd, String path) {
        // the allocators ask this on every lease: a per-thread native buffer read at the structures' offsets, not a
        // JNA Structure written and read back field by field around each call
        Memory m = BUFFER.get();
        if (FREEBSD) {
            if (FreeBsd.Quiet.fstatat(dirfd, path, m, AT_SYMLINK_NOFOLLOW) != 0) {
                return null;
            }
            return new FileStat(m.getLong(FB.dev), m.getLong(FB.ino), m.getShort(FB.mode) & 0xffff, m.getLong(FB.nlink),
                    m.getInt(FB.uid), m.getInt(FB.gid), m.getLong(FB.mtimeSec), m.getLong(FB.mtimeNsec));
        }
        if (Linux.Quiet.statx(dirfd, path, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, m) != 0) {
            return null;
        }
        return new FileStat(((long) m.getInt(LX.devMajor) << 32) | (m.getInt(LX.devMinor) & 0xffffffffL),
                m.getLong(LX.ino), m.getShort(LX.mode) & 0xffff, m.getInt(LX.nlink) & 0xffffffffL, m.getInt(LX.uid),
                m.getInt(LX.gid), m.getLong(LX.mtime), m.getInt(LX.mtime + 8) & 0xffffffffL);
    }

    /** One buffer per thread, as large as the larger of the two structures. */
    private static final ThreadLocal<Memory> BUFFER = ThreadLocal.withInitial(() -> new Memory(256));

    /** Offsets in {@code struct statx}, taken from {@link Statx} (whose layout the tests pin). */
    private static final class LX {
        static final Statx S = new Statx();
        static final int nlink = S.offsetOf("stx_nlink");
        static final int uid = S.offsetOf("stx_uid");
        static final int gid = S.offsetOf("stx_gid");
        static final int mode = S.offsetOf("stx_mode");
        static final int ino = S.offsetOf("stx_ino");
        static final int mtime = S.offsetOf("stx_mtime");
        static final int devMajor = S.offsetOf("stx_dev_major");
        static final int devMinor = S.offsetOf("stx_dev_minor");
    }

    /** Offsets in FreeBSD's {@code struct stat}, taken from {@link FreeBsdStat}. */
    private static final class FB {
        static final FreeBsdStat S = new FreeBsdStat();
        static final int dev = S.offsetOf("st_dev");
        static final int ino = S.offsetOf("st_ino");
        static final int nlink = S.offsetOf("st_nlink");
        static final int mode = S.offsetOf("st_mode");
        static final int uid = S.offsetOf("st_uid");
        static final int gid = S.offsetOf("st_gid");
        static final int mtimeSec = S.offsetOf("st_mtim_sec");
        static final int mtimeNsec = S.offsetOf("st_mtim_nsec");
    }

    /** glibc 2.28+ {@code statx}; bound on first use, so FreeBSD never looks for it. */
    private static final class Linux {
        static {
            Native.register(Platform.C_LIBRARY_NAME);
        }

        static native int statx(int dirfd, String path, int flags, int mask, Statx buf) throws LastErrorException;

        private static final class Quiet {
            static {
                Native.register(Platform.C_LIBRARY_NAME);
            }

            static native int statx(int dirfd, String path, int flags, int mask, Pointer buf);
        }
    }

    /** FreeBSD's {@code fstat}/{@code fstatat}; bound on first use, so Linux never looks for them. */
    private static final class FreeBsd {
        static {
            Native.register(Platform.C_LIBRARY_NAME);
        }

        static native int fstat(int fd, FreeBsdStat buf) throws LastErrorException;

        private static final class Quiet {
            static {
                Native.register(Platform.C_LIBRARY_NAME);
            }

            static native int fstatat(int dirfd, String path, Pointer buf, int flags);
        }
    }

    private Stat() {
    }
}
