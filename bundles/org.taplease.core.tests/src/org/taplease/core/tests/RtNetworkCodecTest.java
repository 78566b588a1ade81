package org.taplease.core.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.taplease.core.internal.engine.TapKernel.Address;
import org.taplease.core.internal.engine.TapKernel.Route;
import org.taplease.core.internal.jna.Netlink;
import org.taplease.core.internal.linux.Link;
import org.taplease.core.internal.linux.RtAddrCodec;
import org.taplease.core.internal.linux.RtLinkCodec;
import org.taplease.core.internal.linux.RtRouteCodec;

/** Route-netlink address, route and link-change requests and replies, byte by byte. */
class RtNetworkCodecTest {

    private static final int AF_INET = 2;
    /** 10.77.0.1 */
    private static final int ADDRESS = 0x0a4d0001;

    @Test
    void addressDumpAsksForIpv4Only() {
        ByteBuffer b = RtAddrCodec.getAddrs(5);
        assertThat(b.remaining()).isEqualTo(Netlink.NLMSGHDR_SIZE + Netlink.IFADDRMSG_SIZE);
        assertThat(b.getInt(0)).isEqualTo(24);
        assertThat(b.getShort(4)).isEqualTo(Netlink.RTM_GETADDR);
        assertThat(b.getShort(6)).isEqualTo((short) (Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP));
        assertThat(b.getInt(8)).isEqualTo(5);
        assertThat(b.get(16)).isEqualTo((byte) AF_INET);
    }

    @Test
    void newAddressCarriesLocalAddressAndBroadcastInNetworkOrder() {
        ByteBuffer b = RtAddrCodec.newAddr(9, 42, ADDRESS, 24);
        assertThat(b.getShort(4)).isEqualTo(Netlink.RTM_NEWADDR);
        assertThat(b.getShort(6)).isEqualTo((short) (Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK | Netlink.NLM_F_CREATE
                | Netlink.NLM_F_EXCL));
        // ifaddrmsg: family, prefixlen, flags, scope, index
        assertThat(b.get(16)).isEqualTo((byte) AF_INET);
        assertThat(b.get(17)).isEqualTo((byte) 24);
        assertThat(b.getInt(20)).isEqualTo(42);
        // three 8-byte attributes after the 8-byte ifaddrmsg
        assertThat(b.remaining()).isEqualTo(16 + 8 + 3 * 8);
        assertAttribute(b, 24, Netlink.IFA_LOCAL, 10, 77, 0, 1);
        assertAttribute(b, 32, Netlink.IFA_ADDRESS, 10, 77, 0, 1);
        assertAttribute(b, 40, Netlink.IFA_BROADCAST, 10, 77, 0, 255);
    }

    @Test
    void slash31AndSlash32HaveNoBroadcast() {
        assertThat(RtAddrCodec.newAddr(1, 3, ADDRESS, 31).remaining()).isEqualTo(16 + 8 + 2 * 8);
        assertThat(RtAddrCodec.newAddr(1, 3, ADDRESS, 32).remaining()).isEqualTo(16 + 8 + 2 * 8);
        assertThat(RtAddrCodec.broadcast(ADDRESS, 30)).isEqualTo(0x0a4d0003);
        assertThat(RtAddrCodec.broadcast(0xc0a80a05, 16)).isEqualTo(0xc0a8ffff);
        assertThat(RtAddrCodec.broadcast(0, 0)).isEqualTo(-1);
    }

    @Test
    void deleteAddressNamesLocalAndPrefix() {
        ByteBuffer b = RtAddrCodec.delAddr(2, 7, ADDRESS, 24);
        assertThat(b.getShort(4)).isEqualTo(Netlink.RTM_DELADDR);
        assertThat(b.getShort(6)).isEqualTo((short) (Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK));
        assertThat(b.get(17)).isEqualTo((byte) 24);
        assertThat(b.getInt(20)).isEqualTo(7);
        assertAttribute(b, 24, Netlink.IFA_LOCAL, 10, 77, 0, 1);
    }

    @Test
    void parsesAnAddressPreferringLocalOverPeer() {
        ByteBuffer b = buffer();
        b.put((byte) AF_INET).put((byte) 24).put((byte) 0x80).put((byte) 0).putInt(9);
        attr(b, Netlink.IFA_ADDRESS, new byte[] { 10, 77, 0, 2 }); // the peer of a point-to-point link
        attr(b, Netlink.IFA_LOCAL, new byte[] { 10, 77, 0, 1 });
        attr(b, (short) 3, "tap0\0".getBytes(StandardCharsets.US_ASCII)); // IFA_LABEL
        assertThat(RtAddrCodec.parseAddr(b, 0, b.position())).isEqualTo(new Address(9, ADDRESS, 24));

        ByteBuffer onlyAddress = buffer();
        onlyAddress.put((byte) AF_INET).put((byte) 8).put((byte) 0).put((byte) 0).putInt(1);
        attr(onlyAddress, Netlink.IFA_ADDRESS, new byte[] { 127, 0, 0, 1 });
        assertThat(RtAddrCodec.parseAddr(onlyAddress, 0, onlyAddress.position()))
                .isEqualTo(new Address(1, 0x7f000001, 8));

        ByteBuffer ipv6 = buffer();
        ipv6.put((byte) 10).put((byte) 64).put((byte) 0).put((byte) 0).putInt(1);
        attr(ipv6, Netlink.IFA_ADDRESS, new byte[16]);
        assertThat(RtAddrCodec.parseAddr(ipv6, 0, ipv6.position())).isNull();
    }

    @Test
    void routeDumpAsksForIpv4() {
        ByteBuffer b = RtRouteCodec.getRoutes(4);
        assertThat(b.remaining()).isEqualTo(Netlink.NLMSGHDR_SIZE + Netlink.RTMSG_SIZE);
        assertThat(b.getShort(4)).isEqualTo(Netlink.RTM_GETROUTE);
        assertThat(b.getShort(6)).isEqualTo((short) (Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP));
        assertThat(b.get(16)).isEqualTo((byte) AF_INET);
    }

    @Test
    void parsesMainTableUnicastRoutesOnly() {
        // 10.77.0.0/24 dev 9, main table
        assertThat(parseRoute(AF_INET, 24, 254, Netlink.RTN_UNICAST, 254, 9, new byte[] { 10, 77, 0, 0 }))
                .isEqualTo(new Route(9, 0x0a4d0000, 24));
        // the default route has no RTA_DST
        assertThat(parseRoute(AF_INET, 0, 254, Netlink.RTN_UNICAST, 254, 3, null)).isEqualTo(new Route(3, 0, 0));
        // a multipath route has no RTA_OIF
        assertThat(parseRoute(AF_INET, 16, 254, Netlink.RTN_UNICAST, 254, 0, new byte[] { 10, 9, 0, 0 }))
                .isEqualTo(new Route(0, 0x0a090000, 16));
        // RTA_TABLE wins over rtm_table (RT_TABLE_COMPAT 252 for tables above 255)
        assertThat(parseRoute(AF_INET, 24, 252, Netlink.RTN_UNICAST, 1000, 9, new byte[] { 10, 77, 0, 0 })).isNull();
        // table local: the local and broadcast routes of an address
        assertThat(parseRoute(AF_INET, 32, 255, 2, 255, 9, new byte[] { 10, 77, 0, 1 })).isNull();
        // a blackhole in main
        assertThat(parseRoute(AF_INET, 8, 254, 6, 254, 0, new byte[] { 10, 0, 0, 0 })).isNull();
        // IPv6
        assertThat(parseRoute(10, 64, 254, Netlink.RTN_UNICAST, 254, 9, null)).isNull();
    }

    @Test
    void linkChangesCarryOneAttribute() {
        ByteBuffer mtu = RtLinkCodec.setMtu(1, 42, 1400);
        assertThat(mtu.getShort(4)).isEqualTo(Netlink.RTM_SETLINK);
        assertThat(mtu.getShort(6) & Netlink.NLM_F_ACK).isNotZero();
        assertThat(mtu.getInt(16 + 4)).isEqualTo(42);
        assertThat(mtu.getInt(16 + 12)).as("ifi_change: no flags").isZero();
        assertThat(mtu.remaining()).isEqualTo(32 + 8);
        assertThat(mtu.getShort(34)).isEqualTo(Netlink.IFLA_MTU);
        assertThat(mtu.getInt(36)).isEqualTo(1400);

        ByteBuffer mac = RtLinkCodec.setMac(1, 42, new byte[] { 0x52, 0x54, 0, 1, 2, 3 });
        assertThat(mac.remaining()).isEqualTo(32 + 12);
        assertThat(mac.getShort(32)).isEqualTo((short) 10);
        assertThat(mac.getShort(34)).isEqualTo(Netlink.IFLA_ADDRESS);
        assertThat(mac.get(36)).isEqualTo((byte) 0x52);
        assertThat(mac.get(41)).isEqualTo((byte) 3);

        ByteBuffer master = RtLinkCodec.setMaster(1, 42, 0);
        assertThat(master.getShort(34)).isEqualTo(Netlink.IFLA_MASTER);
        assertThat(master.getInt(36)).as("0: leave the bridge").isZero();
    }

    @Test
    void parsesTheMasterOfABridgePort() {
        ByteBuffer b = buffer();
        b.put((byte) 0).put((byte) 0).putShort((short) 1).putInt(9).putInt(0).putInt(0);
        attr(b, Netlink.IFLA_IFNAME, "vm3\0".getBytes(StandardCharsets.US_ASCII));
        attr(b, Netlink.IFLA_MASTER, intBytes(5));
        Link l = RtLinkCodec.parseLink(b, 0, b.position());
        assertThat(l.master()).isEqualTo(5);

        ByteBuffer none = buffer();
        none.put((byte) 0).put((byte) 0).putShort((short) 1).putInt(9).putInt(0).putInt(0);
        attr(none, Netlink.IFLA_IFNAME, "vm3\0".getBytes(StandardCharsets.US_ASCII));
        assertThat(RtLinkCodec.parseLink(none, 0, none.position()).master()).isZero();
    }

    private static Route parseRoute(int family, int dstLen, int rtmTable, int type, int rtaTable, int oif,
            byte[] dst) {
        ByteBuffer b = buffer();
        b.put((byte) family).put((byte) dstLen).put((byte) 0).put((byte) 0).put((byte) rtmTable).put((byte) 2)
                .put((byte) 0).put((byte) type).putInt(0);
        attr(b, Netlink.RTA_TABLE, intBytes(rtaTable));
        if (dst != null) {
            attr(b, Netlink.RTA_DST, dst);
        }
        if (oif != 0) {
            attr(b, Netlink.RTA_OIF, intBytes(oif));
        }
        return RtRouteCodec.parseRoute(b, 0, b.position());
    }

    private static void assertAttribute(ByteBuffer b, int at, short type, int... bytes) {
        assertThat(b.getShort(at)).isEqualTo((short) (4 + bytes.length));
        assertThat(b.getShort(at + 2)).isEqualTo(type);
        byte[] v = new byte[bytes.length];
        b.get(at + 4, v);
        byte[] want = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            want[i] = (byte) bytes[i];
        }
        assertThat(v).as("value of attribute %d", type).isEqualTo(want);
    }

    private static ByteBuffer buffer() {
        return ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());
    }

    private static byte[] intBytes(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(v).array();
    }

    private static void attr(ByteBuffer b, short type, byte[] value) {
        b.putShort((short) (4 + value.length)).putShort(type).put(value);
        while (b.position() % 4 != 0) {
            b.put((byte) 0);
        }
    }
}
