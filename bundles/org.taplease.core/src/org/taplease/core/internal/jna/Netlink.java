package org.taplease.core.internal.jna;

/**
 * Constants of <a href="https://github.com/torvalds/linux/blob/master/include/uapi/linux/netlink.h">linux/netlink.h</a>,
 * <a href="https://github.com/torvalds/linux/blob/master/include/uapi/linux/rtnetlink.h">linux/rtnetlink.h</a> and
 * <a href="https://github.com/torvalds/linux/blob/master/include/uapi/linux/if_link.h">linux/if_link.h</a>
 * that the route-netlink client uses, and the sizes and alignment of their fixed headers.
 */
public final class Netlink {

    public static final int NETLINK_ROUTE = 0;

    /** {@code sizeof(struct nlmsghdr)}: len u32, type u16, flags u16, seq u32, pid u32. */
    public static final int NLMSGHDR_SIZE = 16;
    /** {@code sizeof(struct ifinfomsg)}: family u8, pad u8, type u16, index s32, flags u32, change u32. */
    public static final int IFINFOMSG_SIZE = 16;
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

    public static final short NLMSG_ERROR = 0x2;
    public static final short NLMSG_DONE = 0x3;

    public static final short RTM_NEWLINK = 16;
    public static final short RTM_GETLINK = 18;
    public static final short RTM_SETLINK = 19;

    public static final short IFLA_ADDRESS = 1;
    public static final short IFLA_IFNAME = 3;
    public static final short IFLA_MTU = 4;
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
