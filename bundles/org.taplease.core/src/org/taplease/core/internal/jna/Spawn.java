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
    public static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    public static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    public static final short POSIX_SPAWN_SETSID = 0x80;

    public static native int posix_spawnp(IntByReference pid, String file, Pointer fileActions, Pointer attr,
            StringArray argv, StringArray envp);

    public static native int posix_spawn_file_actions_init(Pointer fa);

    public static native int posix_spawn_file_actions_destroy(Pointer fa);

    public static native int posix_spawn_file_actions_adddup2(Pointer fa, int fd, int newfd);

    /** glibc 2.29+: the child changes to {@code path} before exec. */
    public static native int posix_spawn_file_actions_addchdir_np(Pointer fa, String path);

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
