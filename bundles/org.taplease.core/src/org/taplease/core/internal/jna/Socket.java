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
    public static final int AF_NETLINK = 16;
    public static final int SOCK_RAW = 3;
    public static final int SOCK_CLOEXEC = Fcntl.O_CLOEXEC;
    public static final int SOL_SOCKET = 1;
    public static final int SO_RCVBUF = 8;
    public static final int SOL_NETLINK = 270;
    public static final int MSG_TRUNC = 0x20;

    public static native int socket(int domain, int type, int protocol) throws LastErrorException;

    public static native long send(int fd, Pointer buf, long len, int flags) throws LastErrorException;

    public static native long recv(int fd, Pointer buf, long len, int flags) throws LastErrorException;

    public static native int setsockopt(int fd, int level, int name, int[] value, int len) throws LastErrorException;

    private Socket() {
    }
}
