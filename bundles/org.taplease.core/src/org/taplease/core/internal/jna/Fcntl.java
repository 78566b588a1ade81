package org.taplease.core.internal.jna;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/** Functions and constants of <a href="https://man7.org/linux/man-pages/man0/fcntl.h.0p.html">fcntl.h</a> (Linux values). */
public final class Fcntl {
    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    public static final int O_RDWR = 0x0002;
    /** {@code O_CLOEXEC}: 02000000 on x86, arm, riscv, s390, ppc; other values are not supported by this backend. */
    public static final int O_CLOEXEC = 0x80000;

    public static native int open(String path, int flags) throws LastErrorException;

    /** {@code open(2)} returning -1 instead of throwing, for scans of /proc where failures are expected. */
    public static int openOrMinusOne(String path, int flags) {
        return Quiet.open(path, flags);
    }

    /** {@code openat(2)} relative to a directory descriptor, returning -1 instead of throwing. */
    public static int openatOrMinusOne(int dirfd, String path, int flags) {
        return Quiet.openat(dirfd, path, flags);
    }

    public static final int O_DIRECTORY = 0x10000;

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
