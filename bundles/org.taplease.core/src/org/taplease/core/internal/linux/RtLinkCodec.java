package org.taplease.core.internal.linux;

import static org.taplease.core.internal.jna.Netlink.*;
import static org.taplease.core.internal.linux.RtMessages.*;

import java.nio.ByteBuffer;

import org.taplease.core.LinkStats;
import org.taplease.core.internal.jna.Socket;

/** Builds route-netlink link requests and parses {@code RTM_NEWLINK} messages. Pure Java: unit-testable. */
public final class RtLinkCodec {

    /** An {@code RTM_GETLINK} request: a dump of every link if {@code name} is null, else the one link. */
    public static ByteBuffer getLink(int seq, String name) {
        return getLink(seq, name, 0);
    }

    /**
     * An {@code RTM_GETLINK} request with an {@code IFLA_EXT_MASK} (e.g. {@code RTEXT_FILTER_SKIP_STATS}) if
     * {@code extMask} is not 0.
     */
    public static ByteBuffer getLink(int seq, String name, int extMask) {
        ByteBuffer b = newMessage(RTM_GETLINK, (short) (NLM_F_REQUEST | (name == null ? NLM_F_DUMP : 0)), seq);
        ifinfomsg(b, 0, 0, 0);
        if (name != null) {
            putString(b, IFLA_IFNAME, name);
        }
        if (extMask != 0) {
            putInt(b, IFLA_EXT_MASK, extMask);
        }
        return finish(b);
    }

    /**
     * An {@code RTM_SETLINK} request with ack for link {@code index}: sets {@code flags} under {@code change} and,
     * if {@code alias} is not null, the alias (empty clears it).
     */
    public static ByteBuffer setLink(int seq, int index, int flags, int change, String alias) {
        ByteBuffer b = newMessage(RTM_SETLINK, (short) (NLM_F_REQUEST | NLM_F_ACK), seq);
        ifinfomsg(b, index, flags, change);
        if (alias != null) {
            putString(b, IFLA_IFALIAS, alias);
        }
        return finish(b);
    }

    /** An {@code RTM_SETLINK} request with ack that sets the MTU ({@code IFLA_MTU}) of link {@code index}. */
    public static ByteBuffer setMtu(int seq, int index, int mtu) {
        ByteBuffer b = newMessage(RTM_SETLINK, (short) (NLM_F_REQUEST | NLM_F_ACK), seq);
        ifinfomsg(b, index, 0, 0);
        putInt(b, IFLA_MTU, mtu);
        return finish(b);
    }

    /** An {@code RTM_SETLINK} request with ack that sets the MAC address ({@code IFLA_ADDRESS}) of {@code index}. */
    public static ByteBuffer setMac(int seq, int index, byte[] mac) {
        ByteBuffer b = newMessage(RTM_SETLINK, (short) (NLM_F_REQUEST | NLM_F_ACK), seq);
        ifinfomsg(b, index, 0, 0);
        putBytes(b, IFLA_ADDRESS, mac);
        return finish(b);
    }

    /**
     * An {@code RTM_SETLINK} request with ack that makes link {@code index} a port of {@code master} (an ifindex;
     * 0 leaves the current master, as {@code ip link set X nomaster}).
     */
    public static ByteBuffer setMaster(int seq, int index, int master) {
        ByteBuffer b = newMessage(RTM_SETLINK, (short) (NLM_F_REQUEST | NLM_F_ACK), seq);
        ifinfomsg(b, index, 0, 0);
        putInt(b, IFLA_MASTER, master);
        return finish(b);
    }

    private static void ifinfomsg(ByteBuffer b, int index, int flags, int change) {
        b.put((byte) Socket.AF_UNSPEC);
        b.put((byte) 0);
        b.putShort((short) 0);
        b.putInt(index);
        b.putInt(flags);
        b.putInt(change);
    }

    /**
     * Parses the {@code RTM_NEWLINK} message whose payload (after the nlmsghdr) spans {@code [start, end)} of
     * {@code b}.
     */
    public static Link parseLink(ByteBuffer b, int start, int end) {
        LinkBuilder l = new LinkBuilder();
        l.index = b.getInt(start + 4);
        l.flags = b.getInt(start + 8);
        // the attributes walked here rather than through forEachAttribute: a dump parses thousands of these, and one
        // loop with a switch is several times cheaper than a visitor call per attribute
        int p = start + IFINFOMSG_SIZE;
        while (p + NLA_HDRLEN <= end) {
            int len = b.getShort(p) & 0xffff;
            int type = b.getShort(p + 2) & 0xffff & NLA_TYPE_MASK;
            if (len < NLA_HDRLEN || p + len > end) {
                break;
            }
            int v = p + NLA_HDRLEN;
            int vlen = len - NLA_HDRLEN;
            switch (type) {
            case IFLA_IFNAME -> l.name = string(b, v, vlen);
            case IFLA_MTU -> l.mtu = b.getInt(v);
            case IFLA_MASTER -> l.master = b.getInt(v);
            case IFLA_ADDRESS -> {
                l.mac = new byte[vlen];
                b.get(v, l.mac);
            }
            case IFLA_OPERSTATE -> l.oper = b.get(v) & 0xff;
            case IFLA_CARRIER -> l.carrier = b.get(v) != 0;
            case IFLA_CARRIER_CHANGES -> l.carrierChanges = b.getInt(v) & 0xffffffffL;
            case IFLA_IFALIAS -> l.alias = string(b, v, vlen);
            case IFLA_STATS64 -> {
                if (vlen >= 32) {
                    // rx_packets, tx_packets, rx_bytes, tx_bytes
                    l.stats = new LinkStats(b.getLong(v), b.getLong(v + 16), b.getLong(v + 8), b.getLong(v + 24));
                }
            }
            case IFLA_LINKINFO -> parseLinkInfo(b, v, v + vlen, l);
            default -> {
                // not needed
            }
            }
            p += align(len);
        }
        return new Link(l.index, l.name, l.flags, l.mtu, l.master, l.mac, l.oper, l.carrier, l.carrierChanges,
                l.alias, l.kind, l.tun, l.stats);
    }

    /** The fields of a link while its attributes are read. */
    private static final class LinkBuilder {
        int index;
        int flags;
        String name;
        int mtu;
        int master;
        byte[] mac;
        int oper;
        boolean carrier;
        long carrierChanges;
        String alias;
        String kind;
        Link.Tun tun;
        LinkStats stats = LinkStats.ZERO;
    }

    private static void parseLinkInfo(ByteBuffer b, int p, int end, LinkBuilder l) {
        int[] data = { -1, -1 }; // start and end of IFLA_INFO_DATA, read once the kind is known
        forEachAttribute(b, p, end, (type, v, vlen) -> {
            if (type == IFLA_INFO_KIND) {
                l.kind = isTun(b, v, vlen) ? "tun" : string(b, v, vlen);
            } else if (type == IFLA_INFO_DATA) {
                data[0] = v;
                data[1] = v + vlen;
            }
        });
        if ("tun".equals(l.kind) && data[0] >= 0) {
            l.tun = parseTun(b, data[0], data[1]);
        }
    }

    /** Whether the kind at {@code v} is {@code tun} (the common case of a dump of taps: no string made). */
    private static boolean isTun(ByteBuffer b, int v, int vlen) {
        return vlen >= 3 && b.get(v) == 't' && b.get(v + 1) == 'u' && b.get(v + 2) == 'n'
                && (vlen == 3 || b.get(v + 3) == 0);
    }

    private static Link.Tun parseTun(ByteBuffer b, int p, int end) {
        TunBuilder t = new TunBuilder();
        forEachAttribute(b, p, end, (type, v, vlen) -> {
            switch (type) {
            case IFLA_TUN_TYPE -> t.type = b.get(v) & 0xff;
            case IFLA_TUN_PI -> t.pi = b.get(v) != 0;
            case IFLA_TUN_VNET_HDR -> t.vnetHdr = b.get(v) != 0;
            case IFLA_TUN_PERSIST -> t.persist = b.get(v) != 0;
            case IFLA_TUN_MULTI_QUEUE -> t.multiQueue = b.get(v) != 0;
            case IFLA_TUN_NUM_QUEUES -> t.numQueues = b.getInt(v);
            case IFLA_TUN_OWNER -> t.owner = b.getInt(v);
            case IFLA_TUN_GROUP -> t.group = b.getInt(v);
            default -> {
                // not needed
            }
            }
        });
        return new Link.Tun(t.type, t.pi, t.vnetHdr, t.persist, t.multiQueue, t.numQueues, t.owner, t.group);
    }

    /** The fields of the tun data while its attributes are read. */
    private static final class TunBuilder {
        int type;
        boolean pi;
        boolean vnetHdr;
        boolean persist;
        boolean multiQueue;
        int numQueues = -1;
        Integer owner;
        Integer group;
    }

    private RtLinkCodec() {
    }
}
