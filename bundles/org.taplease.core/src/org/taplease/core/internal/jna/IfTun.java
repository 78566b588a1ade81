package org.taplease.core.internal.jna;

/**
 * Constants and request numbers of
 * <a href="https://github.com/torvalds/linux/blob/master/include/uapi/linux/if_tun.h">linux/if_tun.h</a>.
 * Request numbers are computed from {@code _IOW/_IOR('T', nr, int)} for the running architecture.
 */
public final class IfTun {

    /** The device node of the tun/tap driver. */
    public static final String DEV_NET_TUN = "/dev/net/tun";

    public static final short IFF_TUN = 0x0001;
    public static final short IFF_TAP = 0x0002;
    public static final short IFF_NO_CARRIER = 0x0040;
    public static final short IFF_MULTI_QUEUE = 0x0100;
    public static final short IFF_PERSIST = 0x0800;
    public static final short IFF_NO_PI = 0x1000;
    public static final short IFF_VNET_HDR = 0x4000;
    public static final short IFF_TUN_EXCL = (short) 0x8000;

    /** {@code sizeof(struct virtio_net_hdr)}: the kernel's default vnet header size. */
    public static final int DEFAULT_VNET_HDR_SZ = 10;

    /** The request numbers of one architecture's encoding. */
    public record Requests(long tunSetIff, long tunSetPersist, long tunSetOwner, long tunSetGroup,
            long tunGetFeatures, long tunSetOffload, long tunGetIff, long tunGetVnetHdrSz, long tunSetVnetHdrSz) {

        public static Requests of(IoctlCodes.Encoding e) {
            int i = IoctlCodes.SIZEOF_INT;
            return new Requests(
                    e.iow('T', 202, i), // TUNSETIFF     _IOW('T', 202, int)
                    e.iow('T', 203, i), // TUNSETPERSIST _IOW('T', 203, int)
                    e.iow('T', 204, i), // TUNSETOWNER   _IOW('T', 204, int)
                    e.iow('T', 206, i), // TUNSETGROUP   _IOW('T', 206, int)
                    e.ior('T', 207, i), // TUNGETFEATURES _IOR('T', 207, unsigned int)
                    e.iow('T', 208, i), // TUNSETOFFLOAD _IOW('T', 208, unsigned int)
                    e.ior('T', 210, i), // TUNGETIFF     _IOR('T', 210, unsigned int)
                    e.ior('T', 215, i), // TUNGETVNETHDRSZ _IOR('T', 215, int)
                    e.iow('T', 216, i)); // TUNSETVNETHDRSZ _IOW('T', 216, int)
        }
    }

    /** Request numbers for this JVM's architecture. */
    public static final Requests REQ = Requests.of(IoctlCodes.NATIVE);

    private IfTun() {
    }
}
