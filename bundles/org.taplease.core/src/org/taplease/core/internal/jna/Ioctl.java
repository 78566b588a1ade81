package org.taplease.core.internal.jna;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * {@code ioctl(2)} of <a href="https://man7.org/linux/man-pages/man2/ioctl.2.html">sys/ioctl.h</a>, with the argument
 * either a pointer (a native buffer such as a {@code struct ifreq}, an int) or a value: {@code TUNSETPERSIST}, {@code TUNSETOWNER},
 * {@code TUNSETGROUP} and {@code TUNSETOFFLOAD} take their argument by value.
 */
public final class Ioctl {
    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    public static native int ioctl(int fd, NativeLong request, IntByReference arg) throws LastErrorException;

    public static native int ioctl(int fd, NativeLong request, Pointer arg) throws LastErrorException;

    public static native int ioctl(int fd, NativeLong request, NativeLong value) throws LastErrorException;

    public static int ioctlValue(int fd, long request, long value) {
        return ioctl(fd, new NativeLong(request), new NativeLong(value));
    }

    public static int ioctlGetInt(int fd, long request) {
        IntByReference r = new IntByReference();
        ioctl(fd, new NativeLong(request), r);
        return r.getValue();
    }

    private Ioctl() {
    }
}
