package org.taplease.core.internal.linux;

import org.taplease.core.LinkStats;
import org.taplease.core.internal.jna.IfTun;
import org.taplease.core.internal.jna.Netlink;

/**
 * One interface from an {@code RTM_NEWLINK} message.
 *
 * @param index ifindex
 * @param name IFLA_IFNAME
 * @param flags ifi_flags (IFF_UP, ...)
 * @param mtu IFLA_MTU
 * @param master IFLA_MASTER: the ifindex of the bridge (or bond, ...) this link is a port of, or 0
 * @param mac IFLA_ADDRESS, or null
 * @param operState IFLA_OPERSTATE (IF_OPER_*)
 * @param carrier IFLA_CARRIER
 * @param carrierChanges IFLA_CARRIER_CHANGES
 * @param alias IFLA_IFALIAS, or null
 * @param kind IFLA_INFO_KIND ({@code tun}, {@code veth}, ...), or null for devices without link ops ({@code lo})
 * @param tun the tun driver's IFLA_INFO_DATA, or null if {@code kind} is not {@code tun}
 * @param stats IFLA_STATS64
 */
public record Link(int index, String name, int flags, int mtu, int master, byte[] mac, int operState, boolean carrier,
        long carrierChanges, String alias, String kind, Tun tun, LinkStats stats) {

    /**
     * The tun driver's link data ({@code tun_fill_info} in drivers/net/tun.c).
     *
     * @param type IFF_TUN or IFF_TAP
     * @param numQueues attached queues: reported for multi-queue devices only, else -1
     * @param owner uid, or null if unset
     * @param group gid, or null if unset
     */
    public record Tun(int type, boolean pi, boolean vnetHdr, boolean persist, boolean multiQueue, int numQueues,
            Integer owner, Integer group) {
    }

    public boolean isTunDriver() {
        return tun != null;
    }

    public boolean isTap() {
        return tun != null && tun.type() == IfTun.IFF_TAP;
    }

    /**
     * Whether a descriptor is attached. The driver turns carrier on when the first queue attaches and off when the
     * last detaches, whatever the admin state; multi-queue devices also report the queue count.
     */
    public boolean attached() {
        if (tun != null && tun.numQueues() >= 0) {
            return tun.numQueues() > 0;
        }
        return carrier;
    }

    public boolean adminUp() {
        return (flags & Netlink.IFF_UP) != 0;
    }

    public String macString() {
        if (mac == null || mac.length == 0) {
            return "";
        }
        char[] c = new char[mac.length * 3 - 1];
        for (int i = 0; i < mac.length; i++) {
            if (i > 0) {
                c[i * 3 - 1] = ':';
            }
            c[i * 3] = HEX[(mac[i] >> 4) & 0xf];
            c[i * 3 + 1] = HEX[mac[i] & 0xf];
        }
        return new String(c);
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    public String operStateName() {
        String[] names = Netlink.OPERSTATES;
        return operState >= 0 && operState < names.length ? names[operState] : "unknown";
    }
}
