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
    /** Linux's {@code SOL_SOCKET} (FreeBSD's is 0xffff). */
    public static final int SOL_SOCKET = 1;
    /** Linux's {@code SO_RCVBUF}: the receive buffer size, capped by net.core.rmem_max. */
    public static final int SO_RCVBUF = 8;
    /** Linux's {@code SO_RCVBUFFORCE}: {@code SO_RCVBUF} past rmem_max, with CAP_NET_ADMIN. */
    public static final int SO_RCVBUFFORCE = 33;
    /** Linux's {@code MSG_DONTWAIT}: this receive does not block. */
    public static final int MSG_DONTWAIT = 0x40;

    public static native int socket(int domain, int type, int protocol) throws LastErrorException;

    public static native long send(int fd, Pointer buf, long len, int flags) throws LastErrorException;

    public static native int bind(int fd, Pointer addr, int addrlen) throws LastErrorException;

    public static native int setsockopt(int fd, int level, int name, int[] value, int len) throws LastErrorException;

    public static native long recv(int fd, Pointer buf, long len, int flags) throws LastErrorException;

    private Socket() {
    }
}
