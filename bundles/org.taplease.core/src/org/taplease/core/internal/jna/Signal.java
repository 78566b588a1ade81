package org.taplease.core.internal.jna;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/** Functions and constants of <a href="https://man7.org/linux/man-pages/man0/signal.h.0p.html">signal.h</a>. */
public final class Signal {
    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;
    /** {@code sizeof(sigset_t)} in glibc (1024 bits). */
    public static final int SIZEOF_SIGSET = 128;

    public static native int kill(int pid, int sig) throws LastErrorException;

    public static native int sigemptyset(Pointer set);

    public static native int sigfillset(Pointer set);

    private Signal() {
    }
}
