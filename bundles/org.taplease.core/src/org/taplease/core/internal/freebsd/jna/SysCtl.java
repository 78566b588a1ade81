package org.taplease.core.internal.freebsd.jna;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;

/**
 * {@code sysctlbyname(3)} of FreeBSD's <a href="https://cgit.freebsd.org/src/tree/sys/sys/sysctl.h">sys/sysctl.h</a>.
 * Loaded only on FreeBSD (glibc has no such function).
 */
public final class SysCtl {

    /** {@code ENOENT}: no such sysctl. */
    public static final int ENOENT = 2;

    private static final class Lib {
        static {
            Native.register(Platform.C_LIBRARY_NAME);
        }

        static native int sysctlbyname(String name, IntByReference oldp, LongByReference oldlenp, Pointer newp,
                long newlen) throws LastErrorException;
    }

    private SysCtl() {
    }

    /** The int value of {@code name}, or null if it does not exist. */
    public static Integer readInt(String name) {
        IntByReference value = new IntByReference();
        LongByReference len = new LongByReference(Integer.BYTES);
        try {
            Lib.sysctlbyname(name, value, len, null, 0);
            return value.getValue();
        } catch (LastErrorException e) {
            if (e.getErrorCode() == ENOENT) {
                return null;
            }
            throw e;
        }
    }
}
