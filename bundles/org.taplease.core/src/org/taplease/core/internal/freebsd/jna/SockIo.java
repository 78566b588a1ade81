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
    /** {@code SIOCDIFADDR = _IOW('i', 25, struct ifreq)}: delete an address ({@code ifr_addr}). */
    public static final long SIOCDIFADDR = IocCom.iow('i', 25, IFREQ);
    /** {@code SIOCSIFDESCR = _IOW('i', 41, struct ifreq)}: the description, where taplease keeps its pool label. */
    public static final long SIOCSIFDESCR = IocCom.iow('i', 41, IFREQ);
    /** {@code SIOCGIFDESCR = _IOWR('i', 42, struct ifreq)}. */
    public static final long SIOCGIFDESCR = IocCom.iowr('i', 42, IFREQ);
    /**
     * {@code SIOCAIFADDR = _IOW('i', 43, struct ifaliasreq)}: add (or change) an address; for {@code AF_INET} the
     * argument is read as a {@code struct in_aliasreq}, of the same 68 bytes.
     */
    public static final long SIOCAIFADDR = IocCom.iow('i', 43, InVar.InAliasReq.SIZE);
    /** {@code SIOCGIFMTU = _IOWR('i', 51, struct ifreq)}. */
    public static final long SIOCGIFMTU = IocCom.iowr('i', 51, IFREQ);
    /** {@code SIOCSIFMTU = _IOW('i', 52, struct ifreq)}. */
    public static final long SIOCSIFMTU = IocCom.iow('i', 52, IFREQ);
    /** {@code SIOCGIFMEDIA = _IOWR('i', 56, struct ifmediareq)}: a tap reports IFM_ACTIVE while it is open. */
    public static final long SIOCGIFMEDIA = IocCom.iowr('i', 56,
            NetIf.ifmediareqSize(com.sun.jna.Native.POINTER_SIZE));
    /** {@code SIOCGIFSTATUS = _IOWR('i', 59, struct ifstat)}: a tap answers "\tOpened by PID N\n" while open. */
    public static final long SIOCGIFSTATUS = IocCom.iowr('i', 59, NetIf.ifstatSize());
    /** {@code SIOCSIFLLADDR = _IOW('i', 60, struct ifreq)}: set the link-level (MAC) address. */
    public static final long SIOCSIFLLADDR = IocCom.iow('i', 60, IFREQ);
    /** {@code SIOCIFDESTROY = _IOW('i', 121, struct ifreq)}. */
    public static final long SIOCIFDESTROY = IocCom.iow('i', 121, IFREQ);
    /** {@code SIOCSDRVSPEC = _IOW('i', 123, struct ifdrv)}: a driver-specific set (if_bridge BRDGADD, BRDGDEL). */
    public static final long SIOCSDRVSPEC = IocCom.iow('i', 123, NetIf.ifdrvSize(com.sun.jna.Native.POINTER_SIZE));
    /** {@code SIOCGDRVSPEC = _IOWR('i', 123, struct ifdrv)}: a driver-specific get (if_bridge BRDGGIFS). */
    public static final long SIOCGDRVSPEC = IocCom.iowr('i', 123, NetIf.ifdrvSize(com.sun.jna.Native.POINTER_SIZE));
    /** {@code SIOCIFCREATE2 = _IOWR('i', 124, struct ifreq)}. */
    public static final long SIOCIFCREATE2 = IocCom.iowr('i', 124, IFREQ);

    private SockIo() {
    }
}
