package org.taplease.core.internal.freebsd.jna;

/**
 * FreeBSD's <a href="https://cgit.freebsd.org/src/tree/sys/net/if_tap.h">net/if_tap.h</a>: the tap names of the
 * shared tun/tap ioctls, the virtio-net header ioctls and the VMware ioctl bhyve uses to bring a tap up.
 */
public final class IfTap {

    /** {@code TAPSIFINFO = TUNSIFINFO}. */
    public static final long TAPSIFINFO = IfTun.TUNSIFINFO;
    /** {@code TAPGIFINFO = TUNGIFINFO}. */
    public static final long TAPGIFINFO = IfTun.TUNGIFINFO;
    /** {@code TAPGIFNAME = TUNGIFNAME}. */
    public static final long TAPGIFNAME = IfTun.TUNGIFNAME;
    /** {@code TAPSVNETHDR = _IOW('t', 91, int)}: 0, 10 or 12 bytes of virtio-net header per frame. */
    public static final long TAPSVNETHDR = IocCom.iow('t', 91, Integer.BYTES);
    /** {@code TAPGVNETHDR = _IOR('t', 94, int)}. */
    public static final long TAPGVNETHDR = IocCom.ior('t', 94, Integer.BYTES);
    /**
     * {@code VMIO_SIOCSIFFLAGS = _IOWINT('V', 0)}: set the interface flags through the tap's own descriptor; the
     * driver always adds IFF_UP (if_tuntap.c), which is how bhyve brings its tap up without a socket.
     */
    public static final long VMIO_SIOCSIFFLAGS = IocCom.iowint('V', 0);

    /** {@code sizeof(struct virtio_net_hdr)}: the header length Linux uses too. */
    public static final int VNET_HDR_LEN = 10;

    private IfTap() {
    }
}
