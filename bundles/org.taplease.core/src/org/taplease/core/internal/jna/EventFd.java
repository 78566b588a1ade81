package org.taplease.core.internal.jna;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * {@code eventfd(2)} of <a href="https://man7.org/linux/man-pages/man2/eventfd.2.html">sys/eventfd.h</a>: a counter
 * descriptor another thread writes to wake up a {@code poll(2)}. Linux only.
 */
public final class EventFd {
    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    public static final int EFD_CLOEXEC = 0x80000;
    public static final int EFD_NONBLOCK = 0x800;

    public static native int eventfd(int initval, int flags) throws LastErrorException;

    /** Adds 1 to the counter of {@code fd}: a {@code poll(2)} on it returns readable. */
    public static void signal(int fd) {
        byte[] one = new byte[8];
        one[java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN ? 0 : 7] = 1;
        Unistd.write(fd, one, 8);
    }

    private EventFd() {
    }
}
