package org.taplease.core.internal.freebsd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.taplease.core.Holder;
import org.taplease.core.LinkStats;
import org.taplease.core.internal.SysCallException;
import org.taplease.core.internal.freebsd.jna.FreeBsdFcntl;
import org.taplease.core.internal.freebsd.jna.IfTap;
import org.taplease.core.internal.freebsd.jna.IfBridgeVar;
import org.taplease.core.internal.freebsd.jna.Ifaddrs;
import org.taplease.core.internal.freebsd.jna.InVar;
import org.taplease.core.internal.freebsd.jna.NetIf;
import org.taplease.core.internal.freebsd.jna.NetRoute;
import org.taplease.core.internal.freebsd.jna.NetinetIn;
import org.taplease.core.internal.freebsd.jna.SockIo;
import org.taplease.core.internal.freebsd.jna.SysCtl;
import org.taplease.core.internal.jna.Fcntl;
import org.taplease.core.internal.jna.Ioctl;
import org.taplease.core.internal.jna.Stat;
import org.taplease.core.internal.jna.Unistd;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * {@link FreeBsdSys} over FreeBSD's libc through JNA. Interface ioctls go to one {@code AF_INET} datagram socket per
 * call; tap ioctls to the tap's descriptor. Not exercised in this project's CI, which has no FreeBSD kernel:
 * docs/freebsd.md says how to run the suite on FreeBSD.
 */
public final class LibcFreeBsdSys implements FreeBsdSys {

    private static final int SOCK_DGRAM = 2;

    @Override
    public List<Interface> interfaces() {
        Map<String, Interface> out = new LinkedHashMap<>();
        forEachIfaddr(a -> {
            if (a.ifa_addr != null && a.ifa_data != null && a.ifa_name != null) {
                Ifaddrs.SockaddrDl dl = new Ifaddrs.SockaddrDl(a.ifa_addr);
                if (dl.sdl_family == Ifaddrs.AF_LINK) {
                    Ifaddrs.IfData d = new Ifaddrs.IfData(a.ifa_data);
                    String name = a.ifa_name.getString(0, StandardCharsets.US_ASCII.name());
                    out.put(name, new Interface(name, dl.sdl_index & 0xffff, d.ifi_type & 0xff, dl.mac(), d.ifi_mtu,
                            a.ifa_flags, d.ifi_link_state == Ifaddrs.LINK_STATE_UP,
                            new LinkStats(d.ifi_ipackets, d.ifi_ibytes, d.ifi_opackets, d.ifi_obytes)));
                }
            }
        });
        return new ArrayList<>(out.values());
    }

    @Override
    public List<Ipv4Address> ipv4Addresses() {
        List<Ipv4Address> out = new ArrayList<>();
        Map<String, Integer> indexes = new LinkedHashMap<>();
        // getifaddrs lists an interface's AF_LINK entry before its addresses
        forEachIfaddr(a -> {
            if (a.ifa_addr != null && a.ifa_name != null) {
                String name = a.ifa_name.getString(0, StandardCharsets.US_ASCII.name());
                int family = a.ifa_addr.getByte(1) & 0xff;
                if (family == Ifaddrs.AF_LINK) {
                    indexes.put(name, new Ifaddrs.SockaddrDl(a.ifa_addr).sdl_index & 0xffff);
                } else if (family == NetinetIn.AF_INET) {
                    int address = inAddr(a.ifa_addr);
                    int netmask = a.ifa_netmask == null ? -1 : inAddr(a.ifa_netmask);
                    Integer index = indexes.get(name);
                    out.add(new Ipv4Address(name, index != null ? index : nameToIndex(name), address, netmask));
                }
            }
        });
        return out;
    }

    /** Each entry of one {@code getifaddrs(3)} listing, freed afterwards. */
    private static void forEachIfaddr(java.util.function.Consumer<Ifaddrs.IfAddrs> action) {
        Pointer head;
        try {
            head = Ifaddrs.list();
        } catch (LastErrorException e) {
            throw new SysCallException("getifaddrs", e.getErrorCode(), e);
        }
        try {
            for (Pointer p = head; p != null;) {
                Ifaddrs.IfAddrs a = new Ifaddrs.IfAddrs(p);
                action.accept(a);
                p = a.ifa_next;
            }
        } finally {
            Ifaddrs.free(head);
        }
    }

    /**
     * {@code sin_addr} of a {@code sockaddr_in}, read only within its {@code sa_len}: a netmask may come shortened
     * (trailing zero bytes dropped, as the routing code stores masks), and the bytes after it are another record's.
     */
    private static int inAddr(Pointer sa) {
        int length = sa.getByte(0) & 0xff;
        byte[] b = new byte[4];
        for (int i = 0; i < 4 && 4 + i < length; i++) {
            b[i] = sa.getByte(4 + i);
        }
        return NetinetIn.address(b);
    }

    @Override
    public String indexToName(int index) {
        return NetIf.indexToName(index);
    }

    @Override
    public int nameToIndex(String name) {
        return org.taplease.core.internal.jna.NetIf.if_nametoindex(name);
    }

    @Override
    public Optional<DevNode> devNode(String path) {
        try {
            Map<String, Object> a = Files.readAttributes(Paths.get(path), "unix:uid,gid,mode", LinkOption.NOFOLLOW_LINKS);
            return Optional.of(new DevNode((Integer) a.get("uid"), (Integer) a.get("gid"), (Integer) a.get("mode")));
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    @Override
    public int open(String path) {
        try {
            return Fcntl.open(path, FreeBsdFcntl.O_RDWR | FreeBsdFcntl.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new SysCallException("open " + path, e.getErrorCode(), e);
        }
    }

    @Override
    public void close(int fd) {
        Unistd.closeQuietly(fd);
    }

    @Override
    public String tapName(int fd) {
        NetIf.IfReq r = new NetIf.IfReq();
        r.write();
        ioctl(fd, IfTap.TAPGIFNAME, r.getPointer(), "TAPGIFNAME");
        r.read();
        return r.name();
    }

    @Override
    public void setFlagsThroughFd(int fd, int flags) {
        try {
            Ioctl.ioctlValue(fd, IfTap.VMIO_SIOCSIFFLAGS, flags);
        } catch (LastErrorException e) {
            throw new SysCallException("VMIO_SIOCSIFFLAGS", e.getErrorCode(), e);
        }
    }

    @Override
    public void setVnetHdr(int fd, int length) {
        try {
            Ioctl.ioctl(fd, new NativeLong(IfTap.TAPSVNETHDR), new IntByReference(length));
        } catch (LastErrorException e) {
            throw new SysCallException("TAPSVNETHDR", e.getErrorCode(), e);
        }
    }

    @Override
    public int flags(String name) {
        NetIf.IfReq r = new NetIf.IfReq(name);
        onSocket(SockIo.SIOCGIFFLAGS, r, "SIOCGIFFLAGS " + name);
        return r.flags();
    }

    @Override
    public void setFlags(String name, int flags) {
        NetIf.IfReq r = new NetIf.IfReq(name);
        r.setFlags(flags);
        onSocket(SockIo.SIOCSIFFLAGS, r, "SIOCSIFFLAGS " + name);
    }

    @Override
    public String status(String name) {
        NetIf.IfStat s = new NetIf.IfStat(name);
        s.write();
        withSocket(fd -> ioctl(fd, SockIo.SIOCGIFSTATUS, s.getPointer(), "SIOCGIFSTATUS " + name));
        s.read();
        return s.text();
    }

    @Override
    public int mediaStatus(String name) {
        NetIf.IfMediaReq m = new NetIf.IfMediaReq(name);
        m.write();
        withSocket(fd -> ioctl(fd, SockIo.SIOCGIFMEDIA, m.getPointer(), "SIOCGIFMEDIA " + name));
        m.read();
        return m.ifm_status;
    }

    @Override
    public String description(String name) {
        Memory buf = new Memory(NetIf.IFDESCRSIZE + 1L);
        buf.clear();
        NetIf.IfReq r = new NetIf.IfReq(name);
        r.setBuffer(buf, buf.size());
        onSocket(SockIo.SIOCGIFDESCR, r, "SIOCGIFDESCR " + name);
        return r.bufferLength() == 0 ? "" : buf.getString(0, StandardCharsets.US_ASCII.name());
    }

    @Override
    public void setDescription(String name, String description) {
        byte[] b = description.getBytes(StandardCharsets.US_ASCII);
        Memory buf = new Memory(b.length + 1L);
        buf.write(0, b, 0, b.length);
        buf.setByte(b.length, (byte) 0);
        NetIf.IfReq r = new NetIf.IfReq(name);
        r.setBuffer(buf, buf.size());
        onSocket(SockIo.SIOCSIFDESCR, r, "SIOCSIFDESCR " + name);
    }

    @Override
    public void destroy(String name) {
        onSocket(SockIo.SIOCIFDESTROY, new NetIf.IfReq(name), "SIOCIFDESTROY " + name);
    }

    @Override
    public void setOwnership(String path, int uid, int gid, int mode) {
        try {
            Unistd.chown(path, uid, gid);
            Stat.chmod(path, mode);
        } catch (LastErrorException e) {
            throw new SysCallException("chown/chmod " + path, e.getErrorCode(), e);
        }
    }

    @Override
    public void addAddress(String name, int address, int netmask) {
        InVar.InAliasReq r = new InVar.InAliasReq(name, address, netmask);
        r.write();
        withSocket(fd -> ioctl(fd, SockIo.SIOCAIFADDR, r.getPointer(), "SIOCAIFADDR " + name));
    }

    @Override
    public void deleteAddress(String name, int address) {
        NetIf.IfReq r = new NetIf.IfReq(name);
        r.setInetAddress(address);
        onSocket(SockIo.SIOCDIFADDR, r, "SIOCDIFADDR " + name);
    }

    @Override
    public void setMtu(String name, int mtu) {
        NetIf.IfReq r = new NetIf.IfReq(name);
        r.setMtu(mtu);
        onSocket(SockIo.SIOCSIFMTU, r, "SIOCSIFMTU " + name);
    }

    @Override
    public void setLinkAddress(String name, byte[] lladdr) {
        NetIf.IfReq r = new NetIf.IfReq(name);
        r.setLinkAddress(lladdr);
        onSocket(SockIo.SIOCSIFLLADDR, r, "SIOCSIFLLADDR " + name);
    }

    /**
     * BRDGGIFS as ifconfig's bridge_interfaces does: the kernel copies as many {@code struct ifbreq}s as fit and sets
     * {@code ifbic_len} to the bytes copied, so a buffer with room to spare holds them all.
     */
    @Override
    public List<String> bridgeMembers(String bridge) {
        for (int room = 8;; room *= 2) {
            int length = room * IfBridgeVar.IfBReq.SIZE;
            try (Memory buf = new Memory(length)) {
                buf.clear();
                IfBridgeVar.IfBifConf conf = new IfBridgeVar.IfBifConf();
                conf.ifbic_len = length;
                conf.ifbic_buf = buf;
                conf.write();
                NetIf.IfDrv d = new NetIf.IfDrv(bridge, IfBridgeVar.BRDGGIFS, conf.getPointer(),
                        IfBridgeVar.IfBifConf.SIZE);
                d.write();
                withSocket(fd -> ioctl(fd, SockIo.SIOCGDRVSPEC, d.getPointer(), "SIOCGDRVSPEC BRDGGIFS " + bridge));
                conf.read();
                int used = conf.ifbic_len;
                if (used + IfBridgeVar.IfBReq.SIZE <= length || room >= 1 << 16) {
                    List<String> out = new ArrayList<>();
                    for (int at = 0; at + IfBridgeVar.IfBReq.SIZE <= used; at += IfBridgeVar.IfBReq.SIZE) {
                        IfBridgeVar.IfBReq r = new IfBridgeVar.IfBReq(buf.share(at));
                        if ((r.ifbr_ifsflags & IfBridgeVar.IFBIF_SPAN) == 0) {
                            out.add(r.name());
                        }
                    }
                    return out;
                }
            }
        }
    }

    @Override
    public void addBridgeMember(String bridge, String member) {
        bridgeRequest(bridge, IfBridgeVar.BRDGADD, member, "SIOCSDRVSPEC BRDGADD " + bridge + " " + member);
    }

    @Override
    public void deleteBridgeMember(String bridge, String member) {
        bridgeRequest(bridge, IfBridgeVar.BRDGDEL, member, "SIOCSDRVSPEC BRDGDEL " + bridge + " " + member);
    }

    private static void bridgeRequest(String bridge, int cmd, String member, String operation) {
        IfBridgeVar.IfBReq r = new IfBridgeVar.IfBReq(member);
        r.write();
        NetIf.IfDrv d = new NetIf.IfDrv(bridge, cmd, r.getPointer(), IfBridgeVar.IfBReq.SIZE);
        d.write();
        withSocket(fd -> ioctl(fd, SockIo.SIOCSDRVSPEC, d.getPointer(), operation));
    }

    @Override
    public byte[] routeDump() {
        try {
            return SysCtl.read(NetRoute.dumpMib());
        } catch (LastErrorException e) {
            throw new SysCallException("sysctl NET_RT_DUMP", e.getErrorCode(), e);
        }
    }

    @Override
    public Optional<Integer> sysctlInt(String name) {
        try {
            return Optional.ofNullable(SysCtl.readInt(name));
        } catch (LastErrorException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<Holder> process(int pid) {
        try {
            Process p = new ProcessBuilder("ps", "-o", "uid=,comm=", "-p", Integer.toString(pid)).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0 || out.isEmpty()) {
                p.destroyForcibly();
                return Optional.empty();
            }
            String[] f = out.split("\\s+", 2);
            return Optional.of(new Holder(pid, Integer.parseInt(f[0]), f.length > 1 ? f[1] : "?"));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    @Override
    public int uid() {
        return Unistd.geteuid();
    }

    @Override
    public RouteSocket routeSocket(int rcvbuf) {
        return LibcRouteSocket.open(rcvbuf);
    }

    // ---------------------------------------------------------------- helpers

    private interface FdAction {
        void run(int fd);
    }

    private static void withSocket(FdAction action) {
        int s;
        try {
            s = org.taplease.core.internal.jna.Socket.socket(NetinetIn.AF_INET, SOCK_DGRAM, 0);
        } catch (LastErrorException e) {
            throw new SysCallException("socket(AF_INET, SOCK_DGRAM)", e.getErrorCode(), e);
        }
        try {
            action.run(s);
        } finally {
            Unistd.closeQuietly(s);
        }
    }

    private static void onSocket(long request, NetIf.IfReq r, String operation) {
        r.write();
        withSocket(fd -> ioctl(fd, request, r.getPointer(), operation));
        r.read();
    }

    private static void ioctl(int fd, long request, Pointer arg, String operation) {
        try {
            Ioctl.ioctl(fd, new NativeLong(request), arg);
        } catch (LastErrorException e) {
            throw new SysCallException(operation, e.getErrorCode(), e);
        }
    }
}
