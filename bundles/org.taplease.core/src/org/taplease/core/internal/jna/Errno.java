package org.taplease.core.internal.jna;

import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * The errno values this backend tells apart (asm-generic/errno-base.h) and {@code strerror(3)} of string.h. The low
 * ones (up to 34) are the same on FreeBSD; the few higher ones used by code that runs on both carry both values.
 */
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
    public static final int ENOTDIR = 20;
    public static final int EMLINK = 31;
    /** {@code EAGAIN}: 11 on Linux, 35 on FreeBSD. */
    public static final int EAGAIN = eAgain(Platform.isFreeBSD());
    /** {@code ENOBUFS}: 105 on Linux, 55 on FreeBSD (a notification socket's queue overflowed). */
    public static final int ENOBUFS = Platform.isFreeBSD() ? 55 : 105;
    /** {@code ELOOP}: 40 on Linux, 62 on FreeBSD. */
    public static final int ELOOP = eLoop(Platform.isFreeBSD());

    public static int eAgain(boolean freebsd) {
        return freebsd ? 35 : 11;
    }

    public static int eLoop(boolean freebsd) {
        return freebsd ? 62 : 40;
    }

    private static native String strerror(int errnum);

    /** The C library's message for {@code errno}. */
    public static synchronized String message(int errno) {
        return strerror(errno);
    }

    private Errno() {
    }
}
