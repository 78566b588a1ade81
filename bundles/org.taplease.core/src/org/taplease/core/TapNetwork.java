package org.taplease.core;

import org.eclipse.jdt.annotation.Nullable;

/**
 * The network a tap carries: what a guest attached to it needs to reach the host or its neighbours. Read from the
 * kernel (the tap's IPv4 address and bridge), never from a cache.
 * <p>
 * A member of a routed pool has its own small network: the host end's address is on the tap and the guest end is
 * the other usable address of the same /30 (or /31). A member of a bridged pool is a port of {@link #bridge()}.
 *
 * @param hostAddress the tap's IPv4 address (the host end), or null if it has none
 * @param guestAddress the other usable address of a /30 or /31 the tap's address is in, or null if the tap has no
 *        such address
 * @param prefix the prefix length of {@code hostAddress}, or 0 if it has none
 * @param bridge the bridge the tap is a port of, or null
 * @param guestMac the MAC address the guest's NIC should use: stable per tap (derived from the tap's own MAC, which a
 *        declared pool derives from the pool name and member number), distinct from the tap's own MAC (a bridge
 *        drops frames whose source is one of its ports' own addresses)
 * @param mtu the tap's MTU
 * @param bridgePorts how many interfaces are ports of {@link #bridge()} (this tap included), or 0 if there is no
 *        bridge or it was not counted (since 1.2)
 */
public record TapNetwork(@Nullable String hostAddress, @Nullable String guestAddress, int prefix,
        @Nullable String bridge, @Nullable String guestMac, int mtu, int bridgePorts) {

    /** No addresses, no bridge, no MAC: what a tap that could not be looked up carries. */
    public static final TapNetwork NONE = new TapNetwork(null, null, 0, null, null, 0, 0);

    /** A network whose bridge's ports were not counted. */
    public TapNetwork(@Nullable String hostAddress, @Nullable String guestAddress, int prefix, @Nullable String bridge,
            @Nullable String guestMac, int mtu) {
        this(hostAddress, guestAddress, prefix, bridge, guestMac, mtu, 0);
    }

    /** Whether the tap has a host address with a guest address beside it (a routed pool's member). */
    public boolean routed() {
        return hostAddress != null && guestAddress != null;
    }

    /** The dotted netmask of {@link #prefix()} (e.g. {@code 255.255.255.252}), or null if there is no address. */
    public @Nullable String netmask() {
        if (hostAddress == null) {
            return null;
        }
        long mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
        return (mask >>> 24) + "." + ((mask >>> 16) & 0xff) + "." + ((mask >>> 8) & 0xff) + "." + (mask & 0xff);
    }

    /**
     * The Linux kernel's {@code ip=} argument that configures the guest's {@code device} statically with this
     * network (guest address, host as gateway, netmask, no autoconfiguration), or null if the tap is not routed.
     * Debian's initramfs and the kernel's own IP autoconfiguration read it.
     */
    public @Nullable String kernelIpArgument(String device) {
        if (!routed()) {
            return null;
        }
        return "ip=" + guestAddress + "::" + hostAddress + ":" + netmask() + "::" + device + ":off";
    }
}
