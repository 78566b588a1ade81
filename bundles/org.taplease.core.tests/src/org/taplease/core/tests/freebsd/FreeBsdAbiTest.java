package org.taplease.core.tests.freebsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.taplease.core.internal.freebsd.jna.FreeBsdFcntl;
import org.taplease.core.internal.freebsd.jna.IfTap;
import org.taplease.core.internal.freebsd.jna.IfTun;
import org.taplease.core.internal.freebsd.jna.Ifaddrs;
import org.taplease.core.internal.freebsd.jna.IocCom;
import org.taplease.core.internal.freebsd.jna.NetIf;
import org.taplease.core.internal.freebsd.jna.SockIo;
import org.taplease.core.internal.jna.Errno;
import org.taplease.core.internal.jna.Fcntl;
import org.taplease.core.internal.jna.Spawn;
import org.taplease.core.internal.jna.Stat;

import com.sun.jna.Native;

/**
 * Pins every FreeBSD ioctl number and structure size the backend uses to the values of FreeBSD's headers
 * (sys/ioccom.h, sys/sockio.h, net/if.h, net/if_tun.h, net/if_tap.h, net/if_dl.h, ifaddrs.h), computed by hand from
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
}
