package org.taplease.core.internal.jna;

import com.sun.jna.Native;
import com.sun.jna.Platform;

/** The errno values this backend tells apart (asm-generic/errno-base.h) and {@code strerror(3)} of string.h. */
public final class Errno {
    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EINTR = 4;
    public static final int ENXIO = 6;
    public static final int ECHILD = 10;
    public static final int EACCES = 13;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int ENOEXEC = 8;

    private static native String strerror(int errnum);

    /** The C library's message for {@code errno}. */
    public static synchronized String message(int errno) {
        return strerror(errno);
    }

    private Errno() {
    }
}
