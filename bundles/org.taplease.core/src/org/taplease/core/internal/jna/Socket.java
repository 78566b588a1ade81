package org.taplease.core.internal.jna;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/** Functions and constants of <a href="https://man7.org/linux/man-pages/man0/sys_socket.h.0p.html">sys/socket.h</a>. */
public final class Socket {
    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    public static final int AF_UNSPEC = 0;
    public static final int AF_INET = 2;
    public static final int AF_NETLINK = 16;
    public static final int SOCK_RAW = 3;
    /** Linux's {@code SOCK_CLOEXEC} (= its O_CLOEXEC; FreeBSD's is 0x10000000, not used here: netlink is Linux's). */
    public static final int SOCK_CLOEXEC = 0x80000;

    public static native int socket(int domain, int type, int protocol) throws LastErrorException;

    public static native long send(int fd, Pointer buf, long len, int flags) throws LastErrorException;

    public static native long recv(int fd, Pointer buf, long len, int flags) throws LastErrorException;

    private Socket() {
    }
}
