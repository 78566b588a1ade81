package org.taplease.core.internal.freebsd.jna;

/**
 * The interface ioctls of FreeBSD's <a href="https://cgit.freebsd.org/src/tree/sys/sys/sockio.h">sys/sockio.h</a>
 * that this backend issues on an {@code AF_INET} datagram socket.
 */
public final class SockIo {

    private static final int IFREQ = NetIf.ifreqSize(com.sun.jna.Native.POINTER_SIZE);

    /** {@code SIOCSIFFLAGS = _IOW('i', 16, struct ifreq)}. */
    public static final long SIOCSIFFLAGS = IocCom.iow('i', 16, IFREQ);
    /** {@code SIOCGIFFLAGS = _IOWR('i', 17, struct ifreq)}. */
    public static final long SIOCGIFFLAGS = IocCom.iowr('i', 17, IFREQ);
    /** {@code SIOCSIFDESCR = _IOW('i', 41, struct ifreq)}: the description, where taplease keeps its pool label. */
    public static final long SIOCSIFDESCR = IocCom.iow('i', 41, IFREQ);
    /** {@code SIOCGIFDESCR = _IOWR('i', 42, struct ifreq)}. */
    public static final long SIOCGIFDESCR = IocCom.iowr('i', 42, IFREQ);
    /** {@code SIOCGIFMTU = _IOWR('i', 51, struct ifreq)}. */
    public static final long SIOCGIFMTU = IocCom.iowr('i', 51, IFREQ);
    /** {@code SIOCGIFMEDIA = _IOWR('i', 56, struct ifmediareq)}: a tap reports IFM_ACTIVE while it is open. */
    public static final long SIOCGIFMEDIA = IocCom.iowr('i', 56,
            NetIf.ifmediareqSize(com.sun.jna.Native.POINTER_SIZE));
    /** {@code SIOCGIFSTATUS = _IOWR('i', 59, struct ifstat)}: a tap answers "\tOpened by PID N\n" while open. */
    public static final long SIOCGIFSTATUS = IocCom.iowr('i', 59, NetIf.ifstatSize());
    /** {@code SIOCIFDESTROY = _IOW('i', 121, struct ifreq)}. */
    public static final long SIOCIFDESTROY = IocCom.iow('i', 121, IFREQ);
    /** {@code SIOCIFCREATE2 = _IOWR('i', 124, struct ifreq)}. */
    public static final long SIOCIFCREATE2 = IocCom.iowr('i', 124, IFREQ);

    private SockIo() {
    }
}
