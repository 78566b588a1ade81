package org.taplease.core.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.taplease.core.internal.jna.Netlink;
import org.taplease.core.internal.linux.Link;
import org.taplease.core.internal.linux.RtLinkCodec;

/** Route-netlink requests and replies, byte by byte. */
class RtLinkCodecTest {

    @Test
    void dumpRequestIsAHeaderAndAnIfinfomsg() {
        ByteBuffer b = RtLinkCodec.getLink(7, null);
        assertThat(b.remaining()).isEqualTo(Netlink.NLMSGHDR_SIZE + Netlink.IFINFOMSG_SIZE);
        assertThat(b.getInt(0)).isEqualTo(32);
        assertThat(b.getShort(4)).isEqualTo(Netlink.RTM_GETLINK);
        assertThat(b.getShort(6)).isEqualTo((short) (Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP));
        assertThat(b.getInt(8)).isEqualTo(7);
    }

    @Test
    void getByNameCarriesAnAlignedIfnameAttribute() {
        ByteBuffer b = RtLinkCodec.getLink(1, "tap12");
        // 16 + 16 + nlattr(4 + "tap12\0" = 10, aligned to 12)
        assertThat(b.remaining()).isEqualTo(44);
        assertThat(b.getShort(32)).isEqualTo((short) 10);
        assertThat(b.getShort(34)).isEqualTo(Netlink.IFLA_IFNAME);
        byte[] name = new byte[5];
        b.get(36, name);
        assertThat(new String(name, StandardCharsets.US_ASCII)).isEqualTo("tap12");
    }

    @Test
    void setLinkCarriesFlagsChangeAndAlias() {
        ByteBuffer b = RtLinkCodec.setLink(3, 42, Netlink.IFF_UP, Netlink.IFF_UP, "taplease:pool=vm");
        assertThat(b.getShort(4)).isEqualTo(Netlink.RTM_SETLINK);
        assertThat(b.getShort(6) & Netlink.NLM_F_ACK).isNotZero();
        assertThat(b.getInt(16 + 4)).isEqualTo(42);
        assertThat(b.getInt(16 + 8)).isEqualTo(Netlink.IFF_UP);
        assertThat(b.getInt(16 + 12)).isEqualTo(Netlink.IFF_UP);
        assertThat(b.getShort(34)).isEqualTo(Netlink.IFLA_IFALIAS);
    }

    @Test
    void parsesATapWithNestedTunData() {
        ByteBuffer b = ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());
        b.put((byte) 0).put((byte) 0).putShort((short) 1).putInt(9).putInt(Netlink.IFF_UP).putInt(0);
        attr(b, Netlink.IFLA_IFNAME, "vm3\0".getBytes(StandardCharsets.US_ASCII));
        attr(b, Netlink.IFLA_MTU, intBytes(9000));
        attr(b, Netlink.IFLA_ADDRESS, new byte[] { 0x52, 0x54, 0, 0x12, 0x34, (byte) 0xab });
        attr(b, Netlink.IFLA_CARRIER, new byte[] { 1 });
        attr(b, Netlink.IFLA_IFALIAS, "taplease:pool=vm\0".getBytes(StandardCharsets.US_ASCII));
        ByteBuffer stats = ByteBuffer.allocate(64).order(ByteOrder.nativeOrder());
        stats.putLong(11).putLong(22).putLong(1100).putLong(2200);
        attr(b, Netlink.IFLA_STATS64, stats.array());
        ByteBuffer tun = ByteBuffer.allocate(64).order(ByteOrder.nativeOrder());
        nested(tun, Netlink.IFLA_TUN_TYPE, new byte[] { 2 });
        nested(tun, Netlink.IFLA_TUN_PERSIST, new byte[] { 1 });
        nested(tun, Netlink.IFLA_TUN_OWNER, intBytes(1000));
        byte[] tunData = java.util.Arrays.copyOf(tun.array(), tun.position());
        ByteBuffer info = ByteBuffer.allocate(128).order(ByteOrder.nativeOrder());
        nested(info, Netlink.IFLA_INFO_KIND, "tun\0".getBytes(StandardCharsets.US_ASCII));
        nested(info, (short) (Netlink.IFLA_INFO_DATA | 0x8000), tunData);
        attr(b, (short) (Netlink.IFLA_LINKINFO | 0x8000), java.util.Arrays.copyOf(info.array(), info.position()));
        Link l = RtLinkCodec.parseLink(b, 0, b.position());
        assertThat(l.index()).isEqualTo(9);
        assertThat(l.name()).isEqualTo("vm3");
        assertThat(l.mtu()).isEqualTo(9000);
        assertThat(l.macString()).isEqualTo("52:54:00:12:34:ab");
        assertThat(l.carrier()).isTrue();
        assertThat(l.attached()).isTrue();
        assertThat(l.adminUp()).isTrue();
        assertThat(l.alias()).isEqualTo("taplease:pool=vm");
        assertThat(l.stats().rxPackets()).isEqualTo(11);
        assertThat(l.stats().txPackets()).isEqualTo(22);
        assertThat(l.stats().rxBytes()).isEqualTo(1100);
        assertThat(l.stats().txBytes()).isEqualTo(2200);
        assertThat(l.kind()).isEqualTo("tun");
        assertThat(l.isTap()).isTrue();
        assertThat(l.tun().persist()).isTrue();
        assertThat(l.tun().owner()).isEqualTo(1000);
        assertThat(l.tun().group()).isNull();
        assertThat(l.tun().numQueues()).isEqualTo(-1);
    }

    private static byte[] intBytes(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(v).array();
    }

    private static void attr(ByteBuffer b, short type, byte[] value) {
        nested(b, type, value);
    }

    private static void nested(ByteBuffer b, short type, byte[] value) {
        b.putShort((short) (4 + value.length)).putShort(type).put(value);
        while (b.position() % 4 != 0) {
            b.put((byte) 0);
        }
    }
}
