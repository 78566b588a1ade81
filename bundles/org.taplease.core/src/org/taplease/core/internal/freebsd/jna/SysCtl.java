package org.taplease.core.internal.freebsd.jna;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.NativeLongByReference;

/**
 * {@code sysctl(3)} and {@code sysctlbyname(3)} of FreeBSD's <a href="https://cgit.freebsd.org/src/tree/sys/sys/sysctl.h">sys/sysctl.h</a>.
 * Loaded only on FreeBSD (glibc has no such function).
 */
public final class SysCtl {

    /** {@code ENOENT}: no such sysctl. */
    public static final int ENOENT = 2;
    /** {@code ENOMEM}: the buffer was too small (the table grew between the two calls). */
    public static final int ENOMEM = 12;
    /** {@code CTL_NET}. */
    public static final int CTL_NET = 4;

    private static final class Lib {
        static {
            Native.register(Platform.C_LIBRARY_NAME);
        }

        static native int sysctl(int[] name, int namelen, Pointer oldp, NativeLongByReference oldlenp, Pointer newp,
                NativeLong newlen) throws LastErrorException;

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

    /**
     * The value of the MIB {@code name} as bytes ({@code sysctl(3)}): the size first, then the data into a buffer a
     * quarter larger, again with a larger buffer while the kernel answers ENOMEM (the table grew in between).
     */
    public static byte[] read(int[] name) {
        NativeLongByReference length = new NativeLongByReference(new NativeLong(0));
        for (int attempt = 0;; attempt++) {
            Lib.sysctl(name, name.length, null, length, null, new NativeLong(0));
            long size = length.getValue().longValue();
            if (size == 0) {
                return new byte[0];
            }
            long capacity = size + size / 4 + 1024;
            try (Memory buf = new Memory(capacity)) {
                length.setValue(new NativeLong(capacity));
                try {
                    Lib.sysctl(name, name.length, buf, length, null, new NativeLong(0));
                } catch (LastErrorException e) {
                    if (e.getErrorCode() == ENOMEM && attempt < 8) {
                        continue;
                    }
                    throw e;
                }
                return buf.getByteArray(0, (int) length.getValue().longValue());
            }
        }
    }
}
