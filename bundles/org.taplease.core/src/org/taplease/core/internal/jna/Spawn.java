package org.taplease.core.internal.jna;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.StringArray;
import com.sun.jna.ptr.IntByReference;

/**
 * Functions of <a href="https://man7.org/linux/man-pages/man0/spawn.h.0p.html">spawn.h</a>. These functions return an
 * error number instead of setting errno.
 * <p>
 * {@code posix_spawn_file_actions_t} (80 bytes) and {@code posix_spawnattr_t} (336 bytes) are opaque in glibc; they
 * are allocated here with generous room ({@link #OPAQUE_SIZE}) and only ever touched through the functions.
 */
public final class Spawn {
    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    public static final int OPAQUE_SIZE = 1024;

    private static final boolean FREEBSD = Platform.isFreeBSD();
    /** {@code POSIX_SPAWN_SETPGROUP}: 0x02 in glibc and FreeBSD. */
    public static final short POSIX_SPAWN_SETPGROUP = 0x02;
    /** {@code POSIX_SPAWN_SETSIGDEF} here: 0x04 in glibc, 0x10 in FreeBSD's spawn.h. */
    public static final short POSIX_SPAWN_SETSIGDEF = setSigDef(FREEBSD);
    /** {@code POSIX_SPAWN_SETSIGMASK} here: 0x08 in glibc, 0x20 in FreeBSD's spawn.h. */
    public static final short POSIX_SPAWN_SETSIGMASK = setSigMask(FREEBSD);

    /** {@code POSIX_SPAWN_SETSIGDEF} of glibc or FreeBSD. */
    public static short setSigDef(boolean freebsd) {
        return freebsd ? (short) 0x10 : (short) 0x04;
    }

    /** {@code POSIX_SPAWN_SETSIGMASK} of glibc or FreeBSD. */
    public static short setSigMask(boolean freebsd) {
        return freebsd ? (short) 0x20 : (short) 0x08;
    }
    /**
     * {@code POSIX_SPAWN_SETSID} (glibc 0x80). FreeBSD's spawn.h has none: there a new process group
     * ({@code POSIX_SPAWN_SETPGROUP}, group 0) is the closest, and it is what {@code newSession} asks for.
     */
    public static final short POSIX_SPAWN_SETSID = FREEBSD ? POSIX_SPAWN_SETPGROUP : (short) 0x80;

    public static native int posix_spawnp(IntByReference pid, String file, Pointer fileActions, Pointer attr,
            StringArray argv, StringArray envp);

    public static native int posix_spawn_file_actions_init(Pointer fa);

    public static native int posix_spawn_file_actions_destroy(Pointer fa);

    public static native int posix_spawn_file_actions_adddup2(Pointer fa, int fd, int newfd);

    /** The child closes {@code fd} (a descriptor that is not open is no error: glibc and FreeBSD ignore EBADF). */
    public static native int posix_spawn_file_actions_addclose(Pointer fa, int fd);

    /**
     * Whether this C library has {@code posix_spawn_file_actions_addclosefrom_np} (glibc 2.34+, FreeBSD 13.1+). Looked
     * up once, on first use.
     */
    public static boolean hasAddClosefrom() {
        return CloseFrom.AVAILABLE;
    }

    /**
     * glibc 2.34+ and FreeBSD 13.1+: the child closes every descriptor from {@code from} up. Check
     * {@link #hasAddClosefrom()} first; without it this throws {@link UnsatisfiedLinkError}.
     */
    public static int posix_spawn_file_actions_addclosefrom_np(Pointer fa, int from) {
        if (!CloseFrom.AVAILABLE) {
            throw new UnsatisfiedLinkError("posix_spawn_file_actions_addclosefrom_np is not in this C library");
        }
        return CloseFrom.posix_spawn_file_actions_addclosefrom_np(fa, from);
    }

    private static final class CloseFrom {
        static final boolean AVAILABLE;

        static {
            boolean bound;
            try {
                Native.register(CloseFrom.class, Platform.C_LIBRARY_NAME);
                bound = true;
            } catch (UnsatisfiedLinkError e) {
                bound = false; // an older C library: the caller closes the descriptors one by one
            }
            AVAILABLE = bound;
        }

        static native int posix_spawn_file_actions_addclosefrom_np(Pointer fa, int from);
    }

    /**
     * glibc 2.29+ (and newer FreeBSD libcs): the child changes to {@code path} before exec. Bound on first use, so a
     * libc without it only fails the spawns that ask for a working directory.
     */
    public static int posix_spawn_file_actions_addchdir_np(Pointer fa, String path) {
        return Chdir.posix_spawn_file_actions_addchdir_np(fa, path);
    }

    private static final class Chdir {
        static {
            Native.register(Platform.C_LIBRARY_NAME);
        }

        static native int posix_spawn_file_actions_addchdir_np(Pointer fa, String path);
    }

    public static native int posix_spawnattr_init(Pointer attr);

    public static native int posix_spawnattr_destroy(Pointer attr);

    public static native int posix_spawnattr_setflags(Pointer attr, short flags);

    public static native int posix_spawnattr_setsigmask(Pointer attr, Pointer sigmask);

    public static native int posix_spawnattr_setsigdefault(Pointer attr, Pointer sigdefault);

    public static Memory opaque() {
        Memory m = new Memory(OPAQUE_SIZE);
        m.clear();
        return m;
    }

    private Spawn() {
    }
}
