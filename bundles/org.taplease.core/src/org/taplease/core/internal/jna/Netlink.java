package org.taplease.core.internal.jna;

/**
 * Constants of <a href="https://github.com/torvalds/linux/blob/master/include/uapi/linux/netlink.h">linux/netlink.h</a>,
 * <a href="https://github.com/torvalds/linux/blob/master/include/uapi/linux/rtnetlink.h">linux/rtnetlink.h</a> and
 * <a href="https://github.com/torvalds/linux/blob/master/include/uapi/linux/if_link.h">linux/if_link.h</a> and
 * <a href="https://github.com/torvalds/linux/blob/master/include/uapi/linux/if_addr.h">linux/if_addr.h</a>
 * that the route-netlink client uses, and the sizes and alignment of their fixed headers.
 */
public final class Netlink {

    public static final int NETLINK_ROUTE = 0;

    /** {@code sizeof(struct nlmsghdr)}: len u32, type u16, flags u16, seq u32, pid u32. */
    public static final int NLMSGHDR_SIZE = 16;
    /** {@code sizeof(struct ifinfomsg)}: family u8, pad u8, type u16, index s32, flags u32, change u32. */
    public static final int IFINFOMSG_SIZE = 16;
    /** {@code sizeof(struct ifaddrmsg)}: family u8, prefixlen u8, flags u8, scope u8, index u32. */
    public static final int IFADDRMSG_SIZE = 8;
    /**
     * {@code sizeof(struct rtmsg)}: family, dst_len, src_len, tos, table, protocol, scope, type (u8 each), flags
     * u32.
     */
    public static final int RTMSG_SIZE = 12;
    /** {@code sizeof(struct nlattr)}: len u16, type u16. */
    public static final int NLA_HDRLEN = 4;
    /** {@code NLMSG_ALIGNTO} and {@code NLA_ALIGNTO}. */
    public static final int ALIGNTO = 4;
    /** {@code NLA_F_NESTED | NLA_F_NET_BYTEORDER}: flag bits in {@code nla_type}. */
    public static final int NLA_TYPE_MASK = ~(0x8000 | 0x4000);

    public static final short NLM_F_REQUEST = 0x01;
    public static final short NLM_F_MULTI = 0x02;
    public static final short NLM_F_ACK = 0x04;
    public static final short NLM_F_DUMP_INTR = 0x10;
    public static final short NLM_F_DUMP = 0x300;
    /** For new requests: fail with EEXIST if the object exists. */
    public static final short NLM_F_EXCL = 0x200;
    /** For new requests: create the object if it does not exist. */
    public static final short NLM_F_CREATE = 0x400;

    public static final short NLMSG_ERROR = 0x2;
    public static final short NLMSG_DONE = 0x3;

    /** {@code sizeof(struct sockaddr_nl)}: family u16, pad u16, pid u32, groups u32. */
    public static final int SOCKADDR_NL_SIZE = 12;
    /** Multicast group of link notifications ({@code RTMGRP_LINK}, group {@code RTNLGRP_LINK}). */
    public static final int RTMGRP_LINK = 0x1;
    /** Multicast group of IPv4 address notifications ({@code RTMGRP_IPV4_IFADDR}). */
    public static final int RTMGRP_IPV4_IFADDR = 0x10;

    public static final short RTM_NEWLINK = 16;
    public static final short RTM_DELLINK = 17;
    public static final short RTM_GETLINK = 18;
    public static final short RTM_SETLINK = 19;
    public static final short RTM_NEWADDR = 20;
    public static final short RTM_DELADDR = 21;
    public static final short RTM_GETADDR = 22;
    public static final short RTM_NEWROUTE = 24;
    public static final short RTM_GETROUTE = 26;

    public static final short IFLA_ADDRESS = 1;
    public static final short IFLA_IFNAME = 3;
    public static final short IFLA_MTU = 4;
    /** The ifindex of the master (bridge) a link is a port of; 0 in {@code RTM_SETLINK} leaves it. */
    public static final short IFLA_MASTER = 10;
    public static final short IFLA_OPERSTATE = 16;
    public static final short IFLA_LINKINFO = 18;
    public static final short IFLA_IFALIAS = 20;
    public static final short IFLA_STATS64 = 23;
    public static final short IFLA_EXT_MASK = 29;
    public static final short IFLA_CARRIER = 33;
    public static final short IFLA_CARRIER_CHANGES = 35;

    /** {@code RTEXT_FILTER_SKIP_STATS} for {@code IFLA_EXT_MASK}: leave out the counters (cheaper dumps). */
    public static final int RTEXT_FILTER_SKIP_STATS = 1 << 3;

    public static final short IFLA_INFO_KIND = 1;
    public static final short IFLA_INFO_DATA = 2;

    public static final short IFLA_TUN_OWNER = 1;
    public static final short IFLA_TUN_GROUP = 2;
    public static final short IFLA_TUN_TYPE = 3;
    public static final short IFLA_TUN_PI = 4;
    public static final short IFLA_TUN_VNET_HDR = 5;
    public static final short IFLA_TUN_PERSIST = 6;
    public static final short IFLA_TUN_MULTI_QUEUE = 7;
    public static final short IFLA_TUN_NUM_QUEUES = 8;
    public static final short IFLA_TUN_NUM_DISABLED_QUEUES = 9;

    /** {@code IFA_*} of if_addr.h: for IPv4, ADDRESS is the peer of a point-to-point link, LOCAL the own address. */
    public static final short IFA_ADDRESS = 1;
    public static final short IFA_LOCAL = 2;
    public static final short IFA_BROADCAST = 4;

    public static final short RTA_DST = 1;
    public static final short RTA_OIF = 4;
    /** The table of a route when it does not fit {@code rtm_table} (> 255); the kernel sends it always. */
    public static final short RTA_TABLE = 15;

    /** {@code rtm_type}: a gateway or direct route. */
    public static final int RTN_UNICAST = 1;
    /** {@code rtm_table}: the main table ({@code ip route} without {@code table}). */
    public static final int RT_TABLE_MAIN = 254;
    /** {@code rtm_scope} of an address: {@code RT_SCOPE_UNIVERSE}. */
    public static final int RT_SCOPE_UNIVERSE = 0;

    /** {@code IFF_UP} of net/if.h, in {@code ifi_flags}. */
    public static final int IFF_UP = 0x1;

    /** The {@code IF_OPER_*} values of if.h, by value. */
    public static final String[] OPERSTATES = { "unknown", "notpresent", "down", "lowerlayerdown", "testing",
            "dormant", "up" };

    public static int align(int len) {
        return (len + ALIGNTO - 1) & ~(ALIGNTO - 1);
    }

    private Netlink() {
    }
}
