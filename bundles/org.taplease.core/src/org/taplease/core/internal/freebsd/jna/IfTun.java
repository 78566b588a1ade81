package org.taplease.core.internal.freebsd.jna;

import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * FreeBSD's <a href="https://cgit.freebsd.org/src/tree/sys/net/if_tun.h">net/if_tun.h</a>: {@code struct tuninfo}
 * and the ioctls that tun and tap share since the two drivers became one (if_tuntap.c).
 */
public final class IfTun {

    /** {@code TUNSDEBUG = _IOW('t', 90, int)}. */
    public static final long TUNSDEBUG = IocCom.iow('t', 90, Integer.BYTES);
    /** {@code TUNGDEBUG = _IOR('t', 89, int)}. */
    public static final long TUNGDEBUG = IocCom.ior('t', 89, Integer.BYTES);
    /** {@code TUNSIFINFO = _IOW('t', 91, struct tuninfo)}. */
    public static final long TUNSIFINFO = IocCom.iow('t', 91, TunInfo.SIZE);
    /** {@code TUNGIFINFO = _IOR('t', 92, struct tuninfo)}. */
    public static final long TUNGIFINFO = IocCom.ior('t', 92, TunInfo.SIZE);
    /** {@code TUNGIFNAME = _IOR('t', 93, struct ifreq)}: the interface name of an open tun/tap descriptor. */
    public static final long TUNGIFNAME = IocCom.ior('t', 93, NetIf.ifreqSize(com.sun.jna.Native.POINTER_SIZE));

    private IfTun() {
    }

    /** {@code struct tuninfo}: {@code int baudrate; short mtu; u_char type; u_char dummy;} (8 bytes). */
    @FieldOrder({ "baudrate", "mtu", "type", "dummy" })
    public static class TunInfo extends Structure {
        /** {@code sizeof(struct tuninfo)}. */
        public static final int SIZE = Integer.BYTES + Short.BYTES + 2;

        public int baudrate;
        public short mtu;
        public byte type;
        public byte dummy;
    }
}
