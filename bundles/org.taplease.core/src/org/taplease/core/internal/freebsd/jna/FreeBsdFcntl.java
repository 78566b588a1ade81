package org.taplease.core.internal.freebsd.jna;

/** The open flags of FreeBSD's <a href="https://cgit.freebsd.org/src/tree/sys/sys/fcntl.h">sys/fcntl.h</a>. */
public final class FreeBsdFcntl {

    public static final int O_RDWR = 0x0002;
    /** {@code O_NONBLOCK}. */
    public static final int O_NONBLOCK = 0x0004;
    /** {@code O_CLOEXEC} (0x00100000; Linux's is 02000000). */
    public static final int O_CLOEXEC = 0x00100000;

    private FreeBsdFcntl() {
    }
}
