package org.taplease.core.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.taplease.core.TapException;
import org.taplease.core.TapNetwork;
import org.taplease.core.internal.engine.Ipv4;
import org.taplease.core.internal.engine.Labels;
import org.taplease.core.internal.engine.Macs;

/** The arithmetic of routed pools, member MACs and labels: pure Java, written once for every kernel. */
class NetworkMathTest {

    @Test
    void memberBlocks() {
        Ipv4.Cidr subnet = Ipv4.parseCidr("10.77.0.0/24", "subnet");
        assertThat(subnet.blocks(30)).isEqualTo(64);
        assertThat(subnet.blocks(31)).isEqualTo(128);
        assertThat(Ipv4.format(Ipv4.hostOf(subnet, 30, 0))).isEqualTo("10.77.0.1");
        assertThat(Ipv4.format(Ipv4.hostOf(subnet, 30, 63))).isEqualTo("10.77.0.253");
        assertThat(Ipv4.format(Ipv4.guestOf(Ipv4.hostOf(subnet, 30, 63), 30))).isEqualTo("10.77.0.254");
        assertThat(Ipv4.format(Ipv4.hostOf(subnet, 31, 5))).isEqualTo("10.77.0.10");
        assertThat(Ipv4.format(Ipv4.guestOf(Ipv4.parseAddress("10.77.0.10", "a"), 31))).isEqualTo("10.77.0.11");
        // the guest of either end of a /30 is the other end; a network or broadcast address has none
        assertThat(Ipv4.format(Ipv4.guestOf(Ipv4.parseAddress("10.0.0.2", "a"), 30))).isEqualTo("10.0.0.1");
        assertThat(Ipv4.guestOf(Ipv4.parseAddress("10.0.0.3", "a"), 30)).isNull();
        assertThat(Ipv4.guestOf(Ipv4.parseAddress("10.0.0.1", "a"), 24)).isNull();
        assertThat(Ipv4.parseCidr("192.168.0.0/16", "s").overlaps(Ipv4.parseCidr("192.168.255.252/30", "s"))).isTrue();
        assertThat(Ipv4.parseCidr("192.168.0.0/24", "s").overlaps(Ipv4.parseCidr("192.168.1.0/24", "s"))).isFalse();
        assertThat(Ipv4.format(Ipv4.parseAddress("255.255.255.255", "a"))).isEqualTo("255.255.255.255");
    }

    @Test
    void cidrErrorsSayWhatIsWrong() {
        assertThatThrownBy(() -> Ipv4.parseCidr("10.0.0.0", "subnet")).hasMessageContaining("prefix length");
        assertThatThrownBy(() -> Ipv4.parseCidr("10.0.0/24", "subnet")).hasMessageContaining("four numbers");
        assertThatThrownBy(() -> Ipv4.parseCidr("10.0.0.256/24", "subnet")).hasMessageContaining("0 to 255");
        assertThatThrownBy(() -> Ipv4.parseCidr("10.0.0.0/x", "subnet")).hasMessageContaining("0 to 32");
        assertThatThrownBy(() -> Ipv4.parseCidr("10.1.2.3/16", "subnet")).isInstanceOf(TapException.class)
                .hasMessageContaining("did you mean 10.1.0.0/16");
    }

    @Test
    void networkOfATap() {
        TapNetwork n = new TapNetwork("10.77.0.5", "10.77.0.6", 30, null, "06:00:00:00:00:01", 1500);
        assertThat(n.routed()).isTrue();
        assertThat(n.netmask()).isEqualTo("255.255.255.252");
        assertThat(new TapNetwork("10.0.0.0", "10.0.0.1", 31, null, null, 1500).netmask()).isEqualTo("255.255.255.254");
        assertThat(n.kernelIpArgument("eth0")).isEqualTo("ip=10.77.0.6::10.77.0.5:255.255.255.252::eth0:off");
        assertThat(TapNetwork.NONE.kernelIpArgument("eth0")).isNull();
        assertThat(TapNetwork.NONE.netmask()).isNull();
    }

    @Test
    void macsAreStableLocalUnicastAndTheGuestsDiffers() {
        byte[] a = Macs.member("vm", 3);
        assertThat(Macs.member("vm", 3)).isEqualTo(a);
        assertThat(Macs.member("vm", 4)).isNotEqualTo(a);
        assertThat(Macs.member("vn", 3)).isNotEqualTo(a);
        assertThat(a[0]).isEqualTo((byte) 0x02);
        String tap = Macs.format(a);
        String guest = Macs.guestOf(tap);
        assertThat(guest).isNotEqualTo(tap).startsWith("06:").endsWith(tap.substring(2));
        // any kernel-made (random, locally administered) tap MAC gives a locally administered unicast guest MAC
        byte[] g = Macs.parse(Macs.guestOf("fe:12:34:56:78:9a"));
        assertThat(g[0] & 0x01).isZero();
        assertThat(g[0] & 0x02).isEqualTo(2);
        assertThat(Macs.parse("zz:00:00:00:00:00")).isNull();
        assertThat(Macs.guestOf("")).isNull();
    }

    @Test
    void labelsCarryPoolAndMemberNumber() {
        assertThat(Labels.of("vm", 7)).isEqualTo("taplease:pool=vm member=7");
        assertThat(Labels.poolOf(Labels.of("vm", 7))).isEqualTo("vm");
        assertThat(Labels.memberOf(Labels.of("vm", 7))).isEqualTo(7);
        assertThat(Labels.memberOf(Labels.of("vm"))).isEqualTo(-1);
        assertThat(Labels.memberOf("taplease:pool=vm member=x")).isEqualTo(-1);
        assertThat(Labels.memberOf("something else member=3")).isEqualTo(-1);
    }
}
