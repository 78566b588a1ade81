package org.taplease.core.tests.freebsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteOrder;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.taplease.core.internal.freebsd.jna.FreeBsdFcntl;
import org.taplease.core.internal.freebsd.jna.IfBridgeVar;
import org.taplease.core.internal.freebsd.jna.IfTap;
import org.taplease.core.internal.freebsd.jna.IfTun;
import org.taplease.core.internal.freebsd.jna.Ifaddrs;
import org.taplease.core.internal.freebsd.jna.InVar;
import org.taplease.core.internal.freebsd.jna.IocCom;
import org.taplease.core.internal.freebsd.jna.FreeBsdSocket;
import org.taplease.core.internal.freebsd.jna.NetIf;
import org.taplease.core.internal.freebsd.jna.SysErrno;
import org.taplease.core.internal.freebsd.jna.NetRoute;
import org.taplease.core.internal.freebsd.jna.NetinetIn;
import org.taplease.core.internal.freebsd.jna.SockIo;
import org.taplease.core.internal.jna.Errno;
import org.taplease.core.internal.jna.Fcntl;
import org.taplease.core.internal.jna.Spawn;
import org.taplease.core.internal.jna.Stat;

import com.sun.jna.Native;

/**
 * Pins every FreeBSD ioctl number and structure size the backend uses to the values of FreeBSD's headers
 * (sys/ioccom.h, sys/sockio.h, net/if.h, net/if_tun.h, net/if_tap.h, net/if_dl.h, ifaddrs.h, netinet/in.h,
 * netinet/in_var.h, net/if_bridgevar.h, net/route.h), computed by hand from
 * their {@code _IO*} definitions and, where published, equal to the constants Go's golang.org/x/sys generates from the
 * headers for freebsd/amd64 ({@code SIOCGIFSTATUS = 0xc331693b}, {@code SIOCGIFMEDIA = 0xc0306938}, ...) and to
 * FreeBSD's {@code TUNGIFNAME = 0x4020745d}. The JNA layouts are checked on this host (x86_64 SysV, the same ABI as
 * FreeBSD/amd64) and the 32-bit sizes by formula.
 */
class FreeBsdAbiTest {

    private static final boolean LP64 = Native.POINTER_SIZE == 8;

    @Test
    void encodingIsFreeBsdsNotLinuxs() {
        // FreeBSD: IOC_IN (kernel reads, _IOW) is the top bit; Linux's _IOW is 0x40000000
        assertThat(IocCom.iow('t', 91, 4)).isEqualTo(0x8004745bL);
        assertThat(IocCom.ior('t', 94, 4)).isEqualTo(0x4004745eL);
        assertThat(IocCom.iowr('i', 17, 32)).isEqualTo(0xc0206911L);
        assertThat(IocCom.io('V', 1)).isEqualTo(0x20005601L);
        assertThat(IocCom.iowint('V', 0)).isEqualTo(0x20045600L);
        assertThat(IocCom.parmLen(0xc331693bL)).isEqualTo(817);
        assertThat(IocCom.group(0xc331693bL)).isEqualTo('i');
        assertThatThrownBy(() -> IocCom.iowr('i', 1, 8192)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("13 bits");
    }

    @Test
    void tunAndTapIoctls() {
        assertThat(IfTun.TunInfo.SIZE).isEqualTo(8);
        assertThat(new IfTun.TunInfo().size()).isEqualTo(8);
        assertThat(IfTun.TUNSDEBUG).isEqualTo(0x8004745aL);
        assertThat(IfTun.TUNGDEBUG).isEqualTo(0x40047459L);
        assertThat(IfTun.TUNSIFINFO).isEqualTo(0x8008745bL);
        assertThat(IfTun.TUNGIFINFO).isEqualTo(0x4008745cL);
        assertThat(IfTun.TUNGIFNAME).isEqualTo(0x4020745dL);
        assertThat(IfTap.TAPGIFNAME).isEqualTo(IfTun.TUNGIFNAME);
        assertThat(IfTap.TAPSIFINFO).isEqualTo(IfTun.TUNSIFINFO);
        assertThat(IfTap.TAPGIFINFO).isEqualTo(IfTun.TUNGIFINFO);
        assertThat(IfTap.TAPSVNETHDR).isEqualTo(0x8004745bL);
        assertThat(IfTap.TAPGVNETHDR).isEqualTo(0x4004745eL);
        assertThat(IfTap.VMIO_SIOCSIFFLAGS).isEqualTo(0x20045600L);
    }

    @Test
    void socketIoctlsOnLp64() {
        assertThat(SockIo.SIOCSIFFLAGS).isEqualTo(0x80206910L);
        assertThat(SockIo.SIOCGIFFLAGS).isEqualTo(0xc0206911L);
        assertThat(SockIo.SIOCSIFDESCR).isEqualTo(0x80206929L);
        assertThat(SockIo.SIOCGIFDESCR).isEqualTo(0xc020692aL);
        assertThat(SockIo.SIOCGIFMTU).isEqualTo(0xc0206933L);
        assertThat(SockIo.SIOCGIFSTATUS).isEqualTo(0xc331693bL);
        assertThat(SockIo.SIOCIFDESTROY).isEqualTo(0x80206979L);
        assertThat(SockIo.SIOCIFCREATE2).isEqualTo(0xc020697cL);
        assertThat(SockIo.SIOCGIFMEDIA).isEqualTo(LP64 ? 0xc0306938L : 0xc0286938L);
    }

    @Test
    void structureSizes() {
        // struct ifreq: 16 + a 16-byte union (sockaddr; ifreq_buffer is 2 words) on every FreeBSD architecture
        assertThat(NetIf.ifreqSize(8)).isEqualTo(32);
        assertThat(NetIf.ifreqSize(4)).isEqualTo(32);
        assertThat(new NetIf.IfReq().size()).isEqualTo(32);
        assertThat(NetIf.IfReq.SIZE).isEqualTo(32);
        // struct ifmediareq: name, five ints, int *ifm_ulist
        assertThat(NetIf.ifmediareqSize(8)).isEqualTo(48);
        assertThat(NetIf.ifmediareqSize(4)).isEqualTo(40);
        assertThat(new NetIf.IfMediaReq().size()).isEqualTo(NetIf.ifmediareqSize(Native.POINTER_SIZE));
        // struct ifstat: name + IFSTATMAX + 1
        assertThat(NetIf.ifstatSize()).isEqualTo(817);
        assertThat(new NetIf.IfStat().size()).isEqualTo(817);
        // struct sockaddr_dl: 8 header bytes + sdl_data[46]
        assertThat(new Ifaddrs.SockaddrDl().size()).isEqualTo(54);
        if (LP64) {
            assertThat(new Ifaddrs.IfAddrs().size()).isEqualTo(56);
        }
    }

    @Test
    void ifDataOffsetsAreTheHeaders() {
        Ifaddrs.IfData d = new Ifaddrs.IfData();
        assertThat(d.offsetOf("ifi_link_state")).isEqualTo(4);
        assertThat(d.offsetOf("ifi_datalen")).isEqualTo(6);
        assertThat(d.offsetOf("ifi_mtu")).isEqualTo(8);
        assertThat(d.offsetOf("ifi_baudrate")).isEqualTo(16);
        assertThat(d.offsetOf("ifi_ipackets")).isEqualTo(24);
        assertThat(d.offsetOf("ifi_opackets")).isEqualTo(40);
        assertThat(d.offsetOf("ifi_ibytes")).isEqualTo(64);
        assertThat(d.offsetOf("ifi_obytes")).isEqualTo(72);
    }

    @Test
    void ifreqFlagsAndNameRoundTrip() {
        NetIf.IfReq r = new NetIf.IfReq("tap7");
        r.setFlags(NetIf.IFF_UP | NetIf.IFF_LINK0 | 0x20000);
        r.write();
        assertThat(r.getPointer().getShort(16)).isEqualTo((short) (NetIf.IFF_UP | NetIf.IFF_LINK0));
        assertThat(r.getPointer().getShort(18)).isEqualTo((short) 0x2);
        NetIf.IfReq back = new NetIf.IfReq();
        back.getPointer().write(0, r.getPointer().getByteArray(0, 32), 0, 32);
        back.read();
        assertThat(back.name()).isEqualTo("tap7");
        assertThat(back.flags()).isEqualTo(NetIf.IFF_UP | NetIf.IFF_LINK0 | 0x20000);
        assertThatThrownBy(() -> new NetIf.IfReq("a-name-too-long-16")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void spawnFlagsAndOpenFlagsOfFreeBsdsHeaders() {
        // include/spawn.h: SETSIGDEF 0x10, SETSIGMASK 0x20 (glibc: 0x04, 0x08); sys/fcntl.h O_CLOEXEC 0x00100000
        assertThat(Spawn.setSigDef(true)).isEqualTo((short) 0x10);
        assertThat(Spawn.setSigMask(true)).isEqualTo((short) 0x20);
        assertThat(Spawn.setSigDef(false)).isEqualTo((short) 0x04);
        assertThat(Spawn.setSigMask(false)).isEqualTo((short) 0x08);
        assertThat(FreeBsdFcntl.O_CLOEXEC).isEqualTo(0x00100000);
        assertThat(FreeBsdFcntl.O_RDWR).isEqualTo(2);
    }

    @Test
    void lockAndStatValuesOfFreeBsdsHeaders() {
        // sys/fcntl.h: F_GETLK 11, F_SETLK 12 (7 and 8 are the pre-9.0 F_OGETLK/F_OSETLK), F_RDLCK 1, F_UNLCK 2,
        // F_WRLCK 3; O_CREAT 0x0200, O_NOFOLLOW 0x0100, O_DIRECTORY 0x00020000, O_CLOEXEC 0x00100000;
        // AT_SYMLINK_NOFOLLOW 0x0200
        assertThat(Fcntl.fGetLk(true)).isEqualTo(11);
        assertThat(Fcntl.fSetLk(true)).isEqualTo(12);
        assertThat(Fcntl.fRdLck(true)).isEqualTo((short) 1);
        assertThat(Fcntl.fWrLck(true)).isEqualTo((short) 3);
        assertThat(Fcntl.F_UNLCK).isEqualTo((short) 2);
        assertThat(Fcntl.oCreat(true)).isEqualTo(0x0200);
        assertThat(Fcntl.oNoFollow(true)).isEqualTo(0x0100);
        assertThat(Fcntl.oDirectory(true)).isEqualTo(0x00020000);
        assertThat(Fcntl.oCloexec(true)).isEqualTo(FreeBsdFcntl.O_CLOEXEC);
        assertThat(Stat.atSymlinkNoFollow(true)).isEqualTo(0x0200);
        // sys/errno.h: EAGAIN 35, ELOOP 62
        assertThat(Errno.eAgain(true)).isEqualTo(35);
        assertThat(Errno.eLoop(true)).isEqualTo(62);
    }

    @Test
    void flockAndStatLayoutsOfFreeBsd() {
        // struct flock: off_t l_start, off_t l_len, pid_t l_pid, short l_type, short l_whence, int l_sysid
        Fcntl.FreeBsdFlock fl = new Fcntl.FreeBsdFlock();
        assertThat(fl.size()).isEqualTo(32);
        assertThat(fl.offsetOf("l_pid")).isEqualTo(16);
        assertThat(fl.offsetOf("l_type")).isEqualTo(20);
        assertThat(fl.offsetOf("l_whence")).isEqualTo(22);
        assertThat(fl.offsetOf("l_sysid")).isEqualTo(24);
        if (LP64) {
            // struct stat of FreeBSD 12+ on 64-bit architectures (sys/sys/stat.h)
            Stat.FreeBsdStat st = new Stat.FreeBsdStat();
            assertThat(st.size()).isEqualTo(224);
            assertThat(st.offsetOf("st_nlink")).isEqualTo(16);
            assertThat(st.offsetOf("st_mode")).isEqualTo(24);
            assertThat(st.offsetOf("st_uid")).isEqualTo(28);
            assertThat(st.offsetOf("st_gid")).isEqualTo(32);
            assertThat(st.offsetOf("st_rdev")).isEqualTo(40);
            assertThat(st.offsetOf("st_mtim_sec")).isEqualTo(64);
            assertThat(st.offsetOf("st_size")).isEqualTo(112);
            assertThat(st.offsetOf("st_gen")).isEqualTo(136);
        }
    }

    @Test
    void sockaddrDlGivesTheMacAfterTheName() {
        Ifaddrs.SockaddrDl dl = new Ifaddrs.SockaddrDl();
        dl.sdl_nlen = 4;
        dl.sdl_alen = 6;
        byte[] data = { 't', 'a', 'p', '0', 0x58, (byte) 0x9c, (byte) 0xfc, 0x01, 0x02, 0x03 };
        System.arraycopy(data, 0, dl.sdl_data, 0, data.length);
        assertThat(dl.mac()).isEqualTo("58:9c:fc:01:02:03");
        dl.sdl_alen = 0;
        assertThat(dl.mac()).isNull();
    }

    @Test
    void networkIoctlsOfSockioH() {
        // _IOW('i', 43, struct in_aliasreq) with the 68-byte in_aliasreq (sockio.h names the same-sized ifaliasreq)
        assertThat(SockIo.SIOCAIFADDR).isEqualTo(0x8044692bL);
        assertThat(SockIo.SIOCDIFADDR).isEqualTo(0x80206919L);
        assertThat(SockIo.SIOCSIFMTU).isEqualTo(0x80206934L);
        assertThat(SockIo.SIOCSIFLLADDR).isEqualTo(0x8020693cL);
        // struct ifdrv is 40 bytes on amd64 and arm64, 28 on i386 and armv7
        assertThat(SockIo.SIOCSDRVSPEC).isEqualTo(LP64 ? 0x8028697bL : 0x801c697bL);
        assertThat(SockIo.SIOCGDRVSPEC).isEqualTo(LP64 ? 0xc028697bL : 0xc01c697bL);
        assertThat(IocCom.iow('i', 123, NetIf.ifdrvSize(4))).isEqualTo(0x801c697bL);
        assertThat(IocCom.iowr('i', 123, NetIf.ifdrvSize(8))).isEqualTo(0xc028697bL);
        assertThat(IfBridgeVar.BRDGADD).isZero();
        assertThat(IfBridgeVar.BRDGDEL).isEqualTo(1);
        assertThat(IfBridgeVar.BRDGGIFS).isEqualTo(6);
        assertThat(IfBridgeVar.IFBIF_SPAN).isEqualTo(0x8);
    }

    @Test
    void sockaddrInAndInAliasreqLayouts() {
        NetinetIn.SockaddrIn sin = NetinetIn.SockaddrIn.of(0x0a000001);
        assertThat(sin.size()).isEqualTo(16);
        assertThat(sin.offsetOf("sin_addr")).isEqualTo(4);
        sin.write();
        assertThat(sin.getPointer().getByteArray(0, 8)).containsExactly(16, 2, 0, 0, 10, 0, 0, 1);
        // struct in_aliasreq: name, three sockaddr_in, int ifra_vhid: the same 68 bytes on every architecture
        InVar.InAliasReq r = new InVar.InAliasReq("tap0", 0x0a000001, 0xfffffffc);
        assertThat(InVar.InAliasReq.SIZE).isEqualTo(68);
        assertThat(r.size()).isEqualTo(68);
        assertThat(r.offsetOf("ifra_addr")).isEqualTo(16);
        assertThat(r.offsetOf("ifra_broadaddr")).isEqualTo(32);
        assertThat(r.offsetOf("ifra_mask")).isEqualTo(48);
        assertThat(r.offsetOf("ifra_vhid")).isEqualTo(64);
        r.write();
        byte[] b = r.getPointer().getByteArray(0, 68);
        assertThat(new String(b, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("tap0");
        assertThat(java.util.Arrays.copyOfRange(b, 16, 24)).containsExactly(16, 2, 0, 0, 10, 0, 0, 1);
        // the broadcast address is left empty (sin_len 0): the kernel derives it from the mask
        assertThat(java.util.Arrays.copyOfRange(b, 32, 48)).containsOnly(0);
        assertThat(java.util.Arrays.copyOfRange(b, 48, 56)).containsExactly(16, 2, 0, 0, -1, -1, -1, -4);
        assertThat(NetinetIn.netmask(30)).isEqualTo(0xfffffffc);
        assertThat(NetinetIn.netmask(0)).isZero();
        assertThat(NetinetIn.prefix(0xffffff00)).isEqualTo(24);
        assertThat(NetinetIn.prefix(0)).isZero();
        assertThat(NetinetIn.prefix(-1)).isEqualTo(32);
    }

    @Test
    void ifreqAddressMtuAndLinkAddress() {
        NetIf.IfReq r = new NetIf.IfReq("tap0");
        r.setInetAddress(0xc0000201);
        r.write();
        assertThat(r.getPointer().getByteArray(16, 8)).containsExactly(16, 2, 0, 0, -64, 0, 2, 1);
        // SIOCSIFLLADDR: sa_len = ETHER_ADDR_LEN, sa_family = AF_LINK, the address in sa_data (ifconfig af_link.c)
        NetIf.IfReq l = new NetIf.IfReq("tap0");
        l.setLinkAddress(new byte[] { 0x02, 0x54, 0x4c, 0x00, 0x00, 0x07 });
        l.write();
        assertThat(l.getPointer().getByteArray(16, 8)).containsExactly(6, 18, 0x02, 0x54, 0x4c, 0x00, 0x00, 0x07);
        NetIf.IfReq m = new NetIf.IfReq("tap0");
        m.setMtu(9000);
        m.write();
        assertThat(m.getPointer().getInt(16)).isEqualTo(9000);
        assertThat(m.size()).isEqualTo(32);
    }

    @Test
    void ifdrvIfbreqAndIfbifconfLayouts() {
        // struct ifdrv: char ifd_name[16]; unsigned long ifd_cmd; size_t ifd_len; void *ifd_data
        assertThat(NetIf.ifdrvSize(8)).isEqualTo(40);
        assertThat(NetIf.ifdrvSize(4)).isEqualTo(28);
        NetIf.IfDrv d = new NetIf.IfDrv("bridge0", IfBridgeVar.BRDGADD, null, IfBridgeVar.IfBReq.SIZE);
        assertThat(d.size()).isEqualTo(NetIf.IfDrv.SIZE);
        if (LP64) {
            assertThat(d.offsetOf("ifd_cmd")).isEqualTo(16);
            assertThat(d.offsetOf("ifd_len")).isEqualTo(24);
            assertThat(d.offsetOf("ifd_data")).isEqualTo(32);
            d.write();
            assertThat(d.getPointer().getLong(24)).isEqualTo(80);
        }
        // struct ifbreq of FreeBSD 14: name, three uint32, five uint8, three uint32, pad[32]: 80 bytes everywhere
        IfBridgeVar.IfBReq r = new IfBridgeVar.IfBReq("tap0");
        assertThat(r.size()).isEqualTo(80);
        assertThat(r.offsetOf("ifbr_ifsflags")).isEqualTo(16);
        assertThat(r.offsetOf("ifbr_stpflags")).isEqualTo(20);
        assertThat(r.offsetOf("ifbr_path_cost")).isEqualTo(24);
        assertThat(r.offsetOf("ifbr_portno")).isEqualTo(28);
        assertThat(r.offsetOf("ifbr_state")).isEqualTo(32);
        assertThat(r.offsetOf("ifbr_addrcnt")).isEqualTo(36);
        assertThat(r.offsetOf("ifbr_addrmax")).isEqualTo(40);
        assertThat(r.offsetOf("ifbr_addrexceeded")).isEqualTo(44);
        assertThat(r.offsetOf("pad")).isEqualTo(48);
        r.write();
        assertThat(new IfBridgeVar.IfBReq(r.getPointer()).name()).isEqualTo("tap0");
        // struct ifbifconf: uint32_t ifbic_len, then the buffer pointer aligned
        assertThat(IfBridgeVar.ifbifconfSize(8)).isEqualTo(16);
        assertThat(IfBridgeVar.ifbifconfSize(4)).isEqualTo(8);
        assertThat(new IfBridgeVar.IfBifConf().size()).isEqualTo(IfBridgeVar.IfBifConf.SIZE);
    }

    @Test
    void rtMsghdrLayout() {
        // 8 bytes, six ints, u_long rtm_inits, struct rt_metrics of 14 u_long: 152 on LP64 (Go's SizeofRtMsghdr
        // 0x98 for freebsd/amd64 and arm64), 92 on ILP32 (0x5c for freebsd/386)
        assertThat(NetRoute.rtMsghdrSize(8)).isEqualTo(152);
        assertThat(NetRoute.rtMsghdrSize(4)).isEqualTo(92);
        NetRoute.RtMsghdr h = new NetRoute.RtMsghdr();
        assertThat(h.size()).isEqualTo(NetRoute.rtMsghdrSize(Native.LONG_SIZE));
        assertThat(h.offsetOf("rtm_index")).isEqualTo(4);
        assertThat(h.offsetOf("rtm_flags")).isEqualTo(8);
        assertThat(h.offsetOf("rtm_addrs")).isEqualTo(12);
        assertThat(h.offsetOf("rtm_inits")).isEqualTo(32);
        assertThat(h.offsetOf("rtm_rmx")).isEqualTo(32 + Native.LONG_SIZE);
        // SA_SIZE: padded to sizeof(long), an empty sockaddr takes a long
        assertThat(NetRoute.saSize(16, 8)).isEqualTo(16);
        assertThat(NetRoute.saSize(54, 8)).isEqualTo(56);
        assertThat(NetRoute.saSize(54, 4)).isEqualTo(56);
        assertThat(NetRoute.saSize(5, 4)).isEqualTo(8);
        assertThat(NetRoute.saSize(0, 8)).isEqualTo(8);
        assertThat(NetRoute.dumpMib()).containsExactly(4, 17, 0, 2, 1, 0);
    }

    private static int ip(int a, int b, int c, int d) {
        return a << 24 | b << 16 | c << 8 | d;
    }

    @Test
    void routeDumpAsFreeBsd14WritesIt() {
        byte[] dump = new FreeBsdRouteDump()
                .route(0, 0, 0x1 | 0x2 | 0x800, 1, "em0", ip(192, 168, 1, 1), ip(192, 168, 1, 10))
                .route(ip(10, 0, 0, 0), 30, 0x1 | 0x100000, 4, "tap0", null, ip(10, 0, 0, 1))
                .route(ip(10, 0, 0, 1), 32, 0x1 | 0x4 | 0x800 | 0x100000, 2, "lo0", null, ip(10, 0, 0, 1))
                .bytes();
        assertThat(NetRoute.parse(dump, 8, ByteOrder.LITTLE_ENDIAN)).containsExactly(
                new NetRoute.Entry(1, 0x1 | 0x2 | 0x800, 0, 0),
                new NetRoute.Entry(4, 0x1 | 0x100000, ip(10, 0, 0, 0), 0xfffffffc),
                new NetRoute.Entry(2, 0x1 | 0x4 | 0x800 | 0x100000, ip(10, 0, 0, 1), -1));
    }

    @Test
    void routeDumpWithCompressedMasksForeignMessagesAndOtherFamilies() {
        // older kernels wrote radix masks short: a default route's mask with sa_len 0 (SA_SIZE: one long), a /24 as
        // 7 bytes with no family
        byte[] dst = FreeBsdRouteDump.padded(FreeBsdRouteDump.sockaddrIn(16, 2, 0));
        byte[] gw = FreeBsdRouteDump.padded(FreeBsdRouteDump.sockaddrIn(16, 2, ip(192, 0, 2, 1)));
        byte[] empty = FreeBsdRouteDump.padded(new byte[0]);
        byte[] dst24 = FreeBsdRouteDump.padded(FreeBsdRouteDump.sockaddrIn(16, 2, ip(203, 0, 113, 0)));
        byte[] gwDl = FreeBsdRouteDump.padded(FreeBsdRouteDump.sockaddrDl(3, "vtnet0"));
        byte[] mask24 = FreeBsdRouteDump.padded(new byte[] { 7, 0, 0, 0, -1, -1, -1 });
        // an IPv6 destination (AF_INET6 28, sin6 28 bytes) is not an IPv4 route
        byte[] dst6 = new byte[32];
        dst6[0] = 28;
        dst6[1] = 28;
        byte[] dump = new FreeBsdRouteDump()
                .message(3, 0x1 | 0x2, 0x1 | 0x2 | 0x4, concat(dst, gw, empty))
                .foreign(4, 0x4, 160) // an older RTM_VERSION
                .foreign(5, 0xc, 24) // RTM_IFINFO
                .message(3, 0x1, 0x1 | 0x2 | 0x4, concat(dst24, gwDl, mask24))
                .message(3, 0x1, 0x1, dst6)
                .bytes();
        List<NetRoute.Entry> routes = NetRoute.parse(dump, 8, ByteOrder.LITTLE_ENDIAN);
        assertThat(routes).containsExactly(new NetRoute.Entry(3, 0x3, 0, 0),
                new NetRoute.Entry(3, 0x1, ip(203, 0, 113, 0), 0xffffff00));
        // a truncated buffer yields what was complete
        byte[] cut = java.util.Arrays.copyOf(dump, 152 + 40);
        assertThat(NetRoute.parse(cut, 8, ByteOrder.LITTLE_ENDIAN)).containsExactly(new NetRoute.Entry(3, 0x3, 0, 0));
        assertThat(NetRoute.parse(new byte[0], 8, ByteOrder.LITTLE_ENDIAN)).isEmpty();
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void routingSocketMessagesOfNetIfH() {
        // net/if.h: struct if_msghdr is 16 bytes of header and the 152-byte struct if_data
        NetIf.IfMsghdr m = new NetIf.IfMsghdr();
        assertThat(m.size()).isEqualTo(168);
        assertThat(m.offsetOf("ifm_flags")).isEqualTo(8);
        assertThat(m.offsetOf("ifm_index")).isEqualTo(12);
        assertThat(m.offsetOf("ifm_data")).isEqualTo(16);
        NetIf.IfaMsghdr a = new NetIf.IfaMsghdr();
        assertThat(a.size()).isEqualTo(20);
        assertThat(a.offsetOf("ifam_index")).isEqualTo(12);
        NetIf.IfAnnounceMsghdr an = new NetIf.IfAnnounceMsghdr();
        assertThat(an.size()).isEqualTo(24);
        assertThat(an.offsetOf("ifan_index")).isEqualTo(4);
        assertThat(an.offsetOf("ifan_name")).isEqualTo(6);
        assertThat(an.offsetOf("ifan_what")).isEqualTo(22);
        assertThat(NetIf.IFAN_ARRIVAL).isZero();
        assertThat(NetIf.IFAN_DEPARTURE).isEqualTo(1);
        // net/route.h
        assertThat(NetRoute.RTM_NEWADDR).isEqualTo(0xc);
        assertThat(NetRoute.RTM_DELADDR).isEqualTo(0xd);
        assertThat(NetRoute.RTM_IFINFO).isEqualTo(0xe);
        assertThat(NetRoute.RTM_IFANNOUNCE).isEqualTo(0x11);
        // sys/socket.h, sys/errno.h
        assertThat(FreeBsdSocket.SOL_SOCKET).isEqualTo(0xffff);
        assertThat(FreeBsdSocket.SO_RCVBUF).isEqualTo(0x1002);
        assertThat(FreeBsdSocket.SO_RERROR).isEqualTo(0x20000);
        assertThat(FreeBsdSocket.SOCK_CLOEXEC).isEqualTo(0x10000000);
        assertThat(SysErrno.ENOBUFS).isEqualTo(55);
    }
}
