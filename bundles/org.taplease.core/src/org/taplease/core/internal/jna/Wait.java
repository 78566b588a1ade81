package org.taplease.core.internal.jna;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/** {@code waitpid(2)} and the status macros of <a href="https://man7.org/linux/man-pages/man0/sys_wait.h.0p.html">sys/wait.h</a>. */
public final class Wait {
    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    /** {@code WNOHANG}: 1 in glibc and FreeBSD. */
    public static final int WNOHANG = 1;

    public static native int waitpid(int pid, int[] status, int options) throws LastErrorException;

    public static boolean exited(int status) {
        return (status & 0x7f) == 0;
    }

    public static int exitStatus(int status) {
        return (status >> 8) & 0xff;
    }

    public static int termSignal(int status) {
        return status & 0x7f;
    }

    /** The shell's convention: the exit status, or 128 + the signal that ended the process. */
    public static int shellStatus(int status) {
        return exited(status) ? exitStatus(status) : 128 + termSignal(status);
    }

    private Wait() {
    }
}
