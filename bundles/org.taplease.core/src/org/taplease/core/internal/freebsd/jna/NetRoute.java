package org.taplease.core.internal.freebsd.jna;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import com.sun.jna.NativeLong;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * The routing messages of FreeBSD's <a href="https://cgit.freebsd.org/src/tree/sys/net/route.h">net/route.h</a> as
 * {@code sysctl({CTL_NET, PF_ROUTE, 0, AF_INET, NET_RT_DUMP, 0})} returns them (rtsock.c {@code sysctl_dumpentry}): one
 * {@code struct rt_msghdr} per route (per next hop of a multipath route), each followed by the sockaddrs its
 * {@code rtm_addrs} names, in RTA bit order, each padded to a multiple of {@code sizeof(long)} ({@code SA_SIZE}).
 */
public final class NetRoute {

    /** {@code PF_ROUTE} (sys/socket.h). */
    public static final int PF_ROUTE = 17;
    /** {@code NET_RT_DUMP} (sys/socket.h): dump the routing table. */
    public static final int NET_RT_DUMP = 1;
    /** {@code RTM_VERSION}. */
    public static final int RTM_VERSION = 5;
    /** {@code RTM_GET}: the type of each dumped message. */
    public static final int RTM_GET = 0x4;
    /** {@code RTM_NEWADDR}: an address was added to an interface ({@code struct ifa_msghdr}). */
    public static final int RTM_NEWADDR = 0xc;
    /** {@code RTM_DELADDR}: an address was removed from an interface ({@code struct ifa_msghdr}). */
    public static final int RTM_DELADDR = 0xd;
    /** {@code RTM_IFINFO}: an interface's flags or link state changed ({@code struct if_msghdr}). */
    public static final int RTM_IFINFO = 0xe;
    /** {@code RTM_IFANNOUNCE}: an interface arrived or departed ({@code struct if_announcemsghdr}). */
    public static final int RTM_IFANNOUNCE = 0x11;

    /** {@code RTF_UP}. */
    public static final int RTF_UP = 0x1;
    /** {@code RTF_GATEWAY}: the destination is reached through a gateway. */
    public static final int RTF_GATEWAY = 0x2;
    /** {@code RTF_HOST}: a host route (no netmask). */
    public static final int RTF_HOST = 0x4;
    /** {@code RTF_REJECT}. */
    public static final int RTF_REJECT = 0x8;
    /** {@code RTF_STATIC}. */
    public static final int RTF_STATIC = 0x800;
    /** {@code RTF_BLACKHOLE}. */
    public static final int RTF_BLACKHOLE = 0x1000;
    /** {@code RTF_PINNED}: a route the kernel made for an interface address. */
    public static final int RTF_PINNED = 0x100000;
    /** {@code RTF_BROADCAST}. */
    public static final int RTF_BROADCAST = 0x400000;
    /** {@code RTF_MULTICAST}. */
    public static final int RTF_MULTICAST = 0x800000;

    /** {@code RTA_DST} (bit {@code RTAX_DST} 0). */
    public static final int RTA_DST = 0x1;
    /** {@code RTA_GATEWAY} (bit 1). */
    public static final int RTA_GATEWAY = 0x2;
    /** {@code RTA_NETMASK} (bit 2). */
    public static final int RTA_NETMASK = 0x4;
    /** {@code RTAX_MAX}: the number of sockaddr slots. */
    public static final int RTAX_MAX = 8;

    private NetRoute() {
    }

    /** The MIB of the IPv4 routing table dump of the caller's FIB. */
    public static int[] dumpMib() {
        return new int[] { SysCtl.CTL_NET, PF_ROUTE, 0, NetinetIn.AF_INET, NET_RT_DUMP, 0 };
    }

    /**
     * {@code sizeof(struct rt_msghdr)}: eight bytes of lengths, type and index, six ints, {@code u_long rtm_inits}
     * and {@code struct rt_metrics} (14 {@code u_long}s): 152 bytes on LP64, 92 on ILP32.
     */
    public static int rtMsghdrSize(int longSize) {
        return 8 + 6 * Integer.BYTES + longSize + 14 * longSize;
    }

    /** {@code SA_SIZE(sa)}: a sockaddr of {@code saLen} bytes padded to {@code sizeof(long)}; 0 counts as a long. */
    public static int saSize(int saLen, int longSize) {
        return saLen == 0 ? longSize : 1 + ((saLen - 1) | (longSize - 1));
    }

    /**
     * One IPv4 route of the dump.
     *
     * @param index {@code rtm_index}: the interface it goes out of
     * @param flags {@code rtm_flags}
     * @param destination the destination, host byte order
     * @param netmask the netmask, host byte order; for a message without {@code RTA_NETMASK} (a host route) all ones
     */
    public record Entry(int index, int flags, int destination, int netmask) {
    }

    /**
     * The IPv4 routes of a {@code NET_RT_DUMP} buffer; messages of other versions, types or families are skipped.
     *
     * @param longSize {@code sizeof(long)} of the kernel that wrote it
     * @param order its byte order
     */
    public static List<Entry> parse(byte[] dump, int longSize, ByteOrder order) {
        ByteBuffer b = ByteBuffer.wrap(dump).order(order);
        int header = rtMsghdrSize(longSize);
        List<Entry> out = new ArrayList<>();
        int at = 0;
        while (at + 4 <= dump.length) {
            int length = b.getShort(at) & 0xffff;
            if (length < 4 || at + length > dump.length) {
                break; // a truncated message: the rest cannot be trusted
            }
            int version = b.get(at + 2) & 0xff;
            int type = b.get(at + 3) & 0xff;
            if (version == RTM_VERSION && type == RTM_GET && length >= header) {
                int index = b.getShort(at + 4) & 0xffff;
                int flags = b.getInt(at + 8);
                int addrs = b.getInt(at + 12);
                int sa = at + header;
                Integer destination = null;
                int netmask = -1;
                for (int i = 0; i < RTAX_MAX && sa < at + length; i++) {
                    if ((addrs & (1 << i)) == 0) {
                        continue;
                    }
                    int saLen = b.get(sa) & 0xff;
                    if (i == 0) {
                        int family = saLen >= 2 ? b.get(sa + 1) & 0xff : 0;
                        destination = family == NetinetIn.AF_INET ? inAddr(dump, sa, saLen, at + length) : null;
                    } else if (i == 2) {
                        // a netmask's family may be unset and its length short (trailing zero bytes dropped)
                        netmask = inAddr(dump, sa, saLen, at + length);
                    }
                    sa += saSize(saLen, longSize);
                }
                if (destination != null) {
                    out.add(new Entry(index, flags, destination, netmask));
                }
            }
            at += length;
        }
        return out;
    }

    /** {@code sin_addr} of a sockaddr_in at {@code sa} of {@code saLen} bytes (bytes beyond it count as 0). */
    private static int inAddr(byte[] dump, int sa, int saLen, int end) {
        byte[] a = new byte[4];
        for (int i = 0; i < 4; i++) {
            int at = sa + 4 + i;
            if (4 + i < saLen && at < end) {
                a[i] = dump[at];
            }
        }
        return NetinetIn.address(a);
    }

    /** {@code struct rt_msghdr}, for the layout test (the dump is parsed at offsets, see {@link #parse}). */
    @FieldOrder({ "rtm_msglen", "rtm_version", "rtm_type", "rtm_index", "_rtm_spare1", "rtm_flags", "rtm_addrs",
            "rtm_pid", "rtm_seq", "rtm_errno", "rtm_fmask", "rtm_inits", "rtm_rmx" })
    public static class RtMsghdr extends Structure {
        public short rtm_msglen;
        public byte rtm_version;
        public byte rtm_type;
        public short rtm_index;
        public short _rtm_spare1;
        public int rtm_flags;
        public int rtm_addrs;
        public int rtm_pid;
        public int rtm_seq;
        public int rtm_errno;
        public int rtm_fmask;
        public NativeLong rtm_inits = new NativeLong();
        /** {@code struct rt_metrics}: 14 {@code u_long}s (locks, mtu, ..., weight, nhidx, filler[2]). */
        public NativeLong[] rtm_rmx = new NativeLong[14];

        public RtMsghdr() {
            for (int i = 0; i < rtm_rmx.length; i++) {
                rtm_rmx[i] = new NativeLong();
            }
        }

        /** The offset of a field as JNA lays the structure out (tests pin them to the header's). */
        public int offsetOf(String field) {
            return fieldOffset(field);
        }
    }
}
