package org.taplease.core.internal.freebsd.jna;

/**
 * FreeBSD's values of <a href="https://cgit.freebsd.org/src/tree/sys/sys/socket.h">sys/socket.h</a> that the routing
 * socket uses (the functions are libc's, bound in {@link org.taplease.core.internal.jna.Socket}; only the numbers
 * differ from Linux's).
 */
public final class FreeBsdSocket {

    /** {@code SOCK_RAW}. */
    public static final int SOCK_RAW = 3;
    /** {@code SOCK_CLOEXEC} (Linux's is 0x80000). */
    public static final int SOCK_CLOEXEC = 0x10000000;
    /** {@code SOL_SOCKET} (Linux's is 1). */
    public static final int SOL_SOCKET = 0xffff;
    /** {@code SO_RCVBUF}. */
    public static final int SO_RCVBUF = 0x1002;
    /**
     * {@code SO_RERROR} (FreeBSD 13 and later): report a receive buffer overflow to the reader as {@code ENOBUFS};
     * without it a routing socket drops messages silently.
     */
    public static final int SO_RERROR = 0x20000;
    /** {@code AF_UNSPEC}: a routing socket of every address family. */
    public static final int AF_UNSPEC = 0;

    private FreeBsdSocket() {
    }
}
