package org.taplease.core.internal.freebsd.jna;

/**
 * The errno values of FreeBSD's <a href="https://cgit.freebsd.org/src/tree/sys/sys/errno.h">sys/errno.h</a> that the
 * backend tells apart (the low ones equal Linux's; ENOTSUP/EOPNOTSUPP and the higher ones do not).
 */
public final class SysErrno {

    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ENXIO = 6;
    public static final int EACCES = 13;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int EINVAL = 22;
    public static final int ENOTTY = 25;
    public static final int EOPNOTSUPP = 45;
    public static final int EADDRNOTAVAIL = 49;
    /** A routing socket's receive buffer overflowed (reported with {@code SO_RERROR} set). */
    public static final int ENOBUFS = 55;

    private SysErrno() {
    }
}
