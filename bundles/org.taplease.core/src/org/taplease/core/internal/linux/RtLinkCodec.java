package org.taplease.core.internal.linux;

import static org.taplease.core.internal.jna.Netlink.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.taplease.core.LinkStats;
import org.taplease.core.internal.jna.Socket;

/** Builds route-netlink link requests and parses {@code RTM_NEWLINK} messages. Pure Java: unit-testable. */
public final class RtLinkCodec {

    /** An {@code RTM_GETLINK} request: a dump of every link if {@code name} is null, else the one link. */
    public static ByteBuffer getLink(int seq, String name) {
        ByteBuffer b = newMessage(RTM_GETLINK, (short) (NLM_F_REQUEST | (name == null ? NLM_F_DUMP : 0)), seq);
        ifinfomsg(b, 0, 0, 0);
        if (name != null) {
            putString(b, IFLA_IFNAME, name);
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

    private static ByteBuffer newMessage(short type, short flags, int seq) {
        ByteBuffer b = ByteBuffer.allocate(512).order(ByteOrder.nativeOrder());
        b.putInt(0); // length, set by finish
        b.putShort(type);
        b.putShort(flags);
        b.putInt(seq);
        b.putInt(0); // port id: the kernel
        return b;
    }

    private static void ifinfomsg(ByteBuffer b, int index, int flags, int change) {
        b.put((byte) Socket.AF_UNSPEC);
        b.put((byte) 0);
        b.putShort((short) 0);
        b.putInt(index);
        b.putInt(flags);
        b.putInt(change);
    }

    private static void putString(ByteBuffer b, short type, String s) {
        byte[] v = s.getBytes(StandardCharsets.UTF_8);
        int len = NLA_HDRLEN + v.length + 1;
        b.putShort((short) len);
        b.putShort(type);
        b.put(v);
        b.put((byte) 0);
        pad(b);
    }

    private static void pad(ByteBuffer b) {
        while (b.position() % ALIGNTO != 0) {
            b.put((byte) 0);
        }
    }

    private static ByteBuffer finish(ByteBuffer b) {
        b.putInt(0, b.position());
        b.flip();
        return b;
    }

    /**
     * Parses the {@code RTM_NEWLINK} message whose payload (after the nlmsghdr) spans {@code [start, end)} of
     * {@code b}.
     */
    public static Link parseLink(ByteBuffer b, int start, int end) {
        int index = b.getInt(start + 4);
        int flags = b.getInt(start + 8);
        String name = null;
        int mtu = 0;
        byte[] mac = null;
        int oper = 0;
        boolean carrier = false;
        long carrierChanges = 0;
        String alias = null;
        String kind = null;
        Link.Tun tun = null;
        LinkStats stats = LinkStats.ZERO;
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
            case IFLA_IFNAME -> name = string(b, v, vlen);
            case IFLA_MTU -> mtu = b.getInt(v);
            case IFLA_ADDRESS -> {
                mac = new byte[vlen];
                b.get(v, mac);
            }
            case IFLA_OPERSTATE -> oper = b.get(v) & 0xff;
            case IFLA_CARRIER -> carrier = b.get(v) != 0;
            case IFLA_CARRIER_CHANGES -> carrierChanges = b.getInt(v) & 0xffffffffL;
            case IFLA_IFALIAS -> alias = string(b, v, vlen);
            case IFLA_STATS64 -> {
                if (vlen >= 32) {
                    // rx_packets, tx_packets, rx_bytes, tx_bytes
                    stats = new LinkStats(b.getLong(v), b.getLong(v + 16), b.getLong(v + 8), b.getLong(v + 24));
                }
            }
            case IFLA_LINKINFO -> {
                Object[] kd = parseLinkInfo(b, v, v + vlen);
                kind = (String) kd[0];
                tun = (Link.Tun) kd[1];
            }
            default -> {
                // not needed
            }
            }
            p += align(len);
        }
        return new Link(index, name, flags, mtu, mac, oper, carrier, carrierChanges, alias, kind, tun, stats);
    }


    private static Object[] parseLinkInfo(ByteBuffer b, int p, int end) {
        String kind = null;
        int dataStart = -1;
        int dataEnd = -1;
        while (p + NLA_HDRLEN <= end) {
            int len = b.getShort(p) & 0xffff;
            int type = b.getShort(p + 2) & 0xffff & NLA_TYPE_MASK;
            if (len < NLA_HDRLEN || p + len > end) {
                break;
            }
            if (type == IFLA_INFO_KIND) {
                kind = string(b, p + NLA_HDRLEN, len - NLA_HDRLEN);
            } else if (type == IFLA_INFO_DATA) {
                dataStart = p + NLA_HDRLEN;
                dataEnd = p + len;
            }
            p += align(len);
        }
        Link.Tun tun = null;
        if ("tun".equals(kind) && dataStart >= 0) {
            tun = parseTun(b, dataStart, dataEnd);
        }
        return new Object[] { kind, tun };
    }

    private static Link.Tun parseTun(ByteBuffer b, int p, int end) {
        int type = 0;
        boolean pi = false;
        boolean vnet = false;
        boolean persist = false;
        boolean mq = false;
        int queues = -1;
        Integer owner = null;
        Integer group = null;
        while (p + NLA_HDRLEN <= end) {
            int len = b.getShort(p) & 0xffff;
            int t = b.getShort(p + 2) & 0xffff & NLA_TYPE_MASK;
            if (len < NLA_HDRLEN || p + len > end) {
                break;
            }
            int v = p + NLA_HDRLEN;
            switch (t) {
            case IFLA_TUN_TYPE -> type = b.get(v) & 0xff;
            case IFLA_TUN_PI -> pi = b.get(v) != 0;
            case IFLA_TUN_VNET_HDR -> vnet = b.get(v) != 0;
            case IFLA_TUN_PERSIST -> persist = b.get(v) != 0;
            case IFLA_TUN_MULTI_QUEUE -> mq = b.get(v) != 0;
            case IFLA_TUN_NUM_QUEUES -> queues = b.getInt(v);
            case IFLA_TUN_OWNER -> owner = b.getInt(v);
            case IFLA_TUN_GROUP -> group = b.getInt(v);
            default -> {
                // not needed
            }
            }
            p += align(len);
        }
        return new Link.Tun(type, pi, vnet, persist, mq, queues, owner, group);
    }

    private static String string(ByteBuffer b, int p, int len) {
        int n = 0;
        while (n < len && b.get(p + n) != 0) {
            n++;
        }
        byte[] s = new byte[n];
        b.get(p, s);
        return new String(s, StandardCharsets.UTF_8);
    }

    private RtLinkCodec() {
    }
}
