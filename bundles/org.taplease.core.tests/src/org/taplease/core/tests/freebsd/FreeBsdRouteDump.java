package org.taplease.core.tests.freebsd;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes a routing table dump as FreeBSD 14 on amd64 and arm64 (LP64, little endian) returns it for
 * {@code sysctl({CTL_NET, PF_ROUTE, 0, AF_INET, NET_RT_DUMP, 0})} (rtsock.c {@code sysctl_dumpentry} and
 * {@code rtsock_msg_buffer}): per route a 152-byte {@code struct rt_msghdr} (net/route.h: {@code rtm_msglen} at 0,
 * {@code rtm_version} 5 at 2, {@code rtm_type} RTM_GET at 3, {@code rtm_index} at 4, {@code rtm_flags} at 8,
 * {@code rtm_addrs} at 12, {@code rtm_inits} at 32, {@code struct rt_metrics} at 40 with {@code rmx_mtu} at 48), then
 * the sockaddrs of the set RTA bits in bit order, each padded to 8 bytes ({@code SA_SIZE}): {@code RTA_DST}, the
 * gateway ({@code sockaddr_dl} of the interface for a directly connected route, {@code sockaddr_in} of the next hop
 * otherwise), {@code RTA_NETMASK} (left out for a host route), then {@code RTA_IFP} and {@code RTA_IFA}. Written here
 * from the headers' offsets, independently of the parser under test.
 */
final class FreeBsdRouteDump {

    static final int RTF_UP = 0x1;
    static final int RTF_GATEWAY = 0x2;
    static final int RTF_HOST = 0x4;
    static final int RTF_STATIC = 0x800;
    static final int RTF_BLACKHOLE = 0x1000;
    static final int RTF_PINNED = 0x100000;
    static final int RTF_BROADCAST = 0x400000;

    private static final int HEADER = 152;
    private static final int AF_INET = 2;
    private static final int AF_LINK = 18;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** A route to {@code destination}/{@code prefix} out of interface {@code index} ({@code ifName}). */
    FreeBsdRouteDump route(int destination, int prefix, int flags, int index, String ifName, Integer gateway,
            int ifAddress) {
        ByteArrayOutputStream sas = new ByteArrayOutputStream();
        int addrs = 0x1 | 0x2; // RTA_DST | RTA_GATEWAY
        sas.writeBytes(padded(sockaddrIn(16, AF_INET, destination)));
        sas.writeBytes(padded(gateway != null ? sockaddrIn(16, AF_INET, gateway) : sockaddrDl(index, ifName)));
        if ((flags & RTF_HOST) == 0) {
            addrs |= 0x4; // RTA_NETMASK
            sas.writeBytes(padded(sockaddrIn(16, AF_INET, prefix == 0 ? 0 : -1 << (32 - prefix))));
        }
        addrs |= 0x10 | 0x20; // RTA_IFP | RTA_IFA
        sas.writeBytes(padded(sockaddrDl(index, ifName)));
        sas.writeBytes(padded(sockaddrIn(16, AF_INET, ifAddress)));
        return message(index, flags, addrs, sas.toByteArray());
    }

    /** A message with the given sockaddrs as they are (already padded), for odd layouts. */
    FreeBsdRouteDump message(int index, int flags, int addrs, byte[] sockaddrs) {
        ByteBuffer h = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
        h.putShort(0, (short) (HEADER + sockaddrs.length));
        h.put(2, (byte) 5);
        h.put(3, (byte) 0x4);
        h.putShort(4, (short) index);
        h.putInt(8, flags);
        h.putInt(12, addrs);
        h.putInt(16, 0); // rtm_pid
        h.putLong(48, 1500); // rmx_mtu
        out.writeBytes(h.array());
        out.writeBytes(sockaddrs);
        return this;
    }

    /** A message of another version or type, which a reader must skip by its length. */
    FreeBsdRouteDump foreign(int version, int type, int length) {
        ByteBuffer h = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        h.putShort(0, (short) length);
        h.put(2, (byte) version);
        h.put(3, (byte) type);
        out.writeBytes(h.array());
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    /** A {@code struct sockaddr_in} of {@code length} bytes (a short one is a radix-compressed netmask). */
    static byte[] sockaddrIn(int length, int family, int address) {
        byte[] b = new byte[16];
        b[0] = (byte) length;
        b[1] = (byte) family;
        b[4] = (byte) (address >>> 24);
        b[5] = (byte) (address >>> 16);
        b[6] = (byte) (address >>> 8);
        b[7] = (byte) address;
        byte[] cut = new byte[Math.max(length, 0)];
        System.arraycopy(b, 0, cut, 0, Math.min(length, 16));
        return cut;
    }

    /** A {@code struct sockaddr_dl} (54 bytes) naming interface {@code index}. */
    static byte[] sockaddrDl(int index, String name) {
        ByteBuffer b = ByteBuffer.allocate(54).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0, (byte) 54);
        b.put(1, (byte) AF_LINK);
        b.putShort(2, (short) index);
        b.put(4, (byte) 0x6); // sdl_type IFT_ETHER
        b.put(5, (byte) name.length());
        b.put(8, name.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return b.array();
    }

    /** {@code SA_SIZE} on LP64: rounded up to 8 bytes, an empty sockaddr takes 8. */
    static byte[] padded(byte[] sa) {
        int size = sa.length == 0 ? 8 : 1 + ((sa.length - 1) | 7);
        byte[] p = new byte[size];
        System.arraycopy(sa, 0, p, 0, sa.length);
        return p;
    }
}
