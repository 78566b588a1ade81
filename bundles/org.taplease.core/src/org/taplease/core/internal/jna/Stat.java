package org.taplease.core.internal.jna;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/** {@code chmod(2)} of <a href="https://man7.org/linux/man-pages/man0/sys_stat.h.0p.html">sys/stat.h</a> (also FreeBSD's). */
public final class Stat {
    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    /** {@code S_ISVTX}: the sticky bit (only a file's owner may remove it from such a directory). */
    public static final int S_ISVTX = 01000;

    public static native int chmod(String path, int mode) throws LastErrorException;

    private Stat() {
    }
}
