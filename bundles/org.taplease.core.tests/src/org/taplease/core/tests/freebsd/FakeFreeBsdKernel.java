package org.taplease.core.tests.freebsd;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.taplease.core.Holder;
import org.taplease.core.LinkStats;
import org.taplease.core.internal.SysCallException;
import org.taplease.core.internal.freebsd.FreeBsdSys;
import org.taplease.core.internal.freebsd.jna.IfMedia;
import org.taplease.core.internal.freebsd.jna.Ifaddrs;
import org.taplease.core.internal.freebsd.jna.NetRoute;
import org.taplease.core.internal.freebsd.jna.NetIf;
import org.taplease.core.internal.freebsd.jna.SysErrno;

import com.sun.jna.Structure;

/**
 * A model of FreeBSD's tap driver (sys/net/if_tuntap.c) and of devfs, standing in for the FreeBSD kernel, which cannot
 * run here (Linux CI): this is the one place where taplease's tests use a stand-in instead of the real thing.
 * <p>
 * What it models, each from if_tuntap.c: an open of an open tap fails with EBUSY ({@code tunopen}); opening
 * {@code /dev/tap} clones a new tap, and opening a missing {@code /dev/tapN} creates tapN, both only for root or with
 * {@code net.link.tap.user_open}, and only with {@code devfs_cloning} ({@code tunclone}); the last close brings the
 * tap down and drops its addresses unless IFF_LINK0 is set, and resets the vnet header ({@code tundtor});
 * {@code VMIO_SIOCSIFFLAGS} keeps only the low 12 changeable bits and adds IFF_UP; {@code SIOCGIFSTATUS} says
 * "\tOpened by PID N\n" and {@code SIOCGIFMEDIA} IFM_ACTIVE while open; destroying an open tap would block the caller
 * ({@code tun_destroy} waits), which the model reports as an error. Device nodes are uucp:dialer 0600 when made.
 * <p>
 * The network calls are modelled too, each from the FreeBSD 14 source named: IPv4 addresses per interface
 * ({@code SIOCAIFADDR} replaces the same address on the same interface and fails with EEXIST for an address another
 * interface has; {@code SIOCDIFADDR} of a missing address fails with EADDRNOTAVAIL; in.c), the MTU
 * ({@code SIOCSIFMTU}: EINVAL outside IF_MINMTU..IF_MAXMTU, if.c), the MAC ({@code SIOCSIFLLADDR}: EINVAL unless 6
 * bytes), if_bridge members ({@code BRDGADD}: ENOENT for a missing member, EEXIST if it is already a member, EBUSY if
 * it is another bridge's, the first member sets the bridge's MTU and later ones get it; {@code BRDGDEL}: ENOENT if not
 * a member; if_bridge.c), the routing table (derived from the addresses as in.c makes it: a prefix route out of the
 * interface and a loopback host route per address, plus routes a test adds) and device node ownership. Every change
 * needs root (EPERM otherwise); an unknown interface is ENXIO. Every call is logged in {@link #calls}.
 * <p>
 * Routing socket messages, as the FreeBSD 14 source sends them (laid out with the backend's own structures):
 * {@code RTM_IFANNOUNCE} arrival when a tap is made ({@code if_attach}) and departure when destroyed
 * ({@code if_detach}); {@code RTM_IFINFO} when a tap is opened (link up, {@code tunopen}), at its last close (link
 * down, and the flags again if it goes down, {@code tundtor}), when its flags change ({@code if_up}/{@code if_down})
 * or its MTU ({@code SIOCSIFMTU}), and for a bridge member, whose promiscuous flag changes ({@code ifpromisc});
 * {@code RTM_NEWADDR}/{@code RTM_DELADDR} per address added or removed (also when the last close purges them). None
 * for a description change. A socket's queue holds {@link #ROUTE_QUEUE} messages (or its {@code SO_RCVBUF} / 256);
 * past that a message is dropped and, as with {@code SO_RERROR}, the next read reports ENOBUFS.
 * <p>
 * The model is thread-safe (one lock), since a watch reads it from its own thread.
 */
final class FakeFreeBsdKernel implements FreeBsdSys {

    static final int UID_UUCP = 66;
    static final int GID_DIALER = 68;
    /** The flags the VMIO ioctl cannot change (a subset of IFF_CANTCHANGE: those a tap has). */
    static final int CANTCHANGE = NetIf.IFF_BROADCAST | 0x40 /* DRV_RUNNING */ | 0x800 /* SIMPLEX */
            | NetIf.IFF_MULTICAST;
    static final int IFT_LOOP = 0x18;
    static final int IFT_PPP = 0x17;
    static final int EADDRNOTAVAIL = 49;

    final class Iface {
        final String name;
        final int index;
        final int type;
        final boolean hasDevice;
        int flags = NetIf.IFF_BROADCAST | 0x800 | NetIf.IFF_MULTICAST;
        String description = "";
        int openedBy;
        int uid = UID_UUCP;
        int gid = GID_DIALER;
        int mode = 0600;
        int vnetHdr;
        /** "a.b.c.d/prefix", in the order added. */
        final List<String> addresses = new ArrayList<>();
        int mtu = 1500;
        byte[] mac;
        /** For a bridge: its members' names, in the order added. */
        final List<String> members = new ArrayList<>();
        /** The bridge this interface is a member of, or null. */
        String bridge;

        Iface(String name, int type, boolean hasDevice) {
            this.name = name;
            this.index = nextIndex++;
            this.type = type;
            this.hasDevice = hasDevice;
            this.mac = type == IFT_ETHER || type == IFT_BRIDGE
                    ? new byte[] { 0x58, (byte) 0x9c, (byte) 0xfc, 0, 0, (byte) index }
                    : null;
        }

        boolean open() {
            return openedBy != 0;
        }
    }

    final Map<String, Iface> ifaces = new LinkedHashMap<>();
    /** Routes a test added (a default route, a blackhole), besides those the addresses make. */
    final List<StaticRoute> staticRoutes = new ArrayList<>();
    private final Map<Integer, Iface> fds = new HashMap<>();
    private final Map<Integer, Holder> processes = new HashMap<>();
    final List<String> calls = new ArrayList<>();
    private int nextIndex = 1;
    private int nextFd = 100;
    int uid = 0;
    int gid = 0;
    int pid = 4242;
    /** How many times the interfaces were listed ({@code getifaddrs}). */
    int listings;
    int userOpen = 0;
    int devfsCloning = 1;
    /** The next change whose operation starts with this fails with {@link #failErrno} (once). */
    String failOn;
    int failErrno;
    /** Runs once before the next open of a /dev/tapN (to model another process acting in between). */
    Runnable beforeNextOpen;

    FakeFreeBsdKernel() {
        ifaces.put("lo0", new Iface("lo0", IFT_LOOP, false));
        ifaces.put("em0", new Iface("em0", IFT_ETHER, false));
        ifaces.put("tun0", new Iface("tun0", IFT_PPP, true));
        ifaces.get("lo0").addresses.add("127.0.0.1/8");
        processes.put(pid, new Holder(pid, 0, "java"));
    }

    synchronized boolean root() {
        return uid == 0;
    }

    /** Makes tapN as 'ifconfig tap create' would (not open). */
    synchronized Iface addTap(String name) {
        Iface t = new Iface(name, IFT_ETHER, true);
        ifaces.put(name, t);
        announce(t, NetIf.IFAN_ARRIVAL);
        return t;
    }

    /** Makes an if_bridge as 'ifconfig bridge create' would. */
    synchronized Iface addBridge(String name) {
        Iface b = new Iface(name, IFT_BRIDGE, false);
        ifaces.put(name, b);
        return b;
    }

    /** A route a test adds ('route add'): out of {@code ifName}, through {@code gateway} if not null. */
    record StaticRoute(String cidr, String ifName, String gateway, int flags) {
    }

    /** Another process ({@code command}, {@code pid}) opens the tap. */
    synchronized void holdByOther(String name, int otherPid, String command) {
        Iface t = ifaces.get(name);
        if (t.open()) {
            throw new IllegalStateException(name + " is already open");
        }
        t.openedBy = otherPid;
        processes.put(otherPid, new Holder(otherPid, 1001, command));
        ifinfo(t); // tunopen: if_link_state_change(LINK_STATE_UP)
    }

    /** The process that opened the tap exits, having handed its descriptor to a child that keeps the tap open. */
    synchronized void openerExits(int otherPid) {
        processes.remove(otherPid);
    }

    /** That process closes the tap. */
    synchronized void releaseByOther(String name) {
        lastClose(ifaces.get(name));
    }

    synchronized int openFds() {
        return fds.size();
    }

    synchronized List<String> interfaceNames() {
        return new ArrayList<>(ifaces.keySet());
    }

    private synchronized SysCallException err(String op, int errno) {
        calls.add(op + " -> errno " + errno);
        return new SysCallException(op, errno, null);
    }

    private synchronized Iface iface(String name, String op) {
        Iface i = ifaces.get(name);
        if (i == null) {
            throw err(op + " " + name, SysErrno.ENXIO);
        }
        return i;
    }

    private synchronized Iface fd(int fd, String op) {
        Iface i = fds.get(fd);
        if (i == null) {
            throw err(op + " fd " + fd, 9 /* EBADF */);
        }
        return i;
    }

    @Override
    public synchronized List<Interface> interfaces() {
        listings++;
        List<Interface> out = new ArrayList<>();
        for (Iface i : ifaces.values()) {
            out.add(new Interface(i.name, i.index, i.type, mac(i.mac), i.mtu, i.flags, i.open(),
                    new LinkStats(0, 0, 0, 0)));
        }
        return out;
    }

    @Override
    public synchronized int nameToIndex(String name) {
        Iface i = ifaces.get(name);
        return i == null ? 0 : i.index;
    }

    @Override
    public synchronized Optional<DevNode> devNode(String path) {
        if (path.equals("/dev/tap")) {
            return Optional.of(new DevNode(0, 0, 0600));
        }
        Iface i = ifaces.get(path.substring("/dev/".length()));
        return i == null || !i.hasDevice ? Optional.empty() : Optional.of(new DevNode(i.uid, i.gid, i.mode));
    }

    private synchronized boolean mayClone() {
        return (root() || userOpen == 1) && devfsCloning == 1;
    }

    @Override
    public synchronized int open(String path) {
        calls.add("open " + path);
        String name = path.substring("/dev/".length());
        if (!name.equals("tap") && beforeNextOpen != null) {
            Runnable r = beforeNextOpen;
            beforeNextOpen = null;
            r.run();
        }
        Iface t;
        if (name.equals("tap")) {
            if (!mayClone()) {
                throw err("open " + path, SysErrno.ENOENT);
            }
            int unit = 0;
            while (ifaces.containsKey("tap" + unit)) {
                unit++;
            }
            t = addTap("tap" + unit);
            calls.add("cloned " + t.name);
        } else {
            t = ifaces.get(name);
            if (t == null) {
                // devfs cloning: a lookup of a missing /dev/tapN creates it (the trap taplease must avoid)
                if (name.matches("tap\\d+") && mayClone()) {
                    t = addTap(name);
                    calls.add("cloned " + name + " by its name");
                } else {
                    throw err("open " + path, SysErrno.ENOENT);
                }
            } else if (!t.hasDevice) {
                throw err("open " + path, SysErrno.ENOENT);
            }
            if (t.open()) {
                throw err("open " + path, SysErrno.EBUSY);
            }
            boolean allowed = root() || t.uid == uid && (t.mode & 0600) == 0600
                    || t.gid == gid && (t.mode & 060) == 060 || (t.mode & 06) == 06;
            if (!allowed) {
                throw err("open " + path, SysErrno.EACCES);
            }
        }
        t.openedBy = pid;
        ifinfo(t); // tunopen: if_link_state_change(LINK_STATE_UP)
        int fd = nextFd++;
        fds.put(fd, t);
        return fd;
    }

    @Override
    public synchronized void close(int fd) {
        calls.add("close " + fd);
        Iface t = fds.remove(fd);
        if (t != null) {
            lastClose(t);
        }
    }

    private synchronized void lastClose(Iface t) {
        t.openedBy = 0;
        t.vnetHdr = 0;
        ifinfo(t); // tundtor: if_link_state_change(LINK_STATE_DOWN)
        if ((t.flags & NetIf.IFF_LINK0) == 0) {
            boolean wasUp = (t.flags & NetIf.IFF_UP) != 0;
            t.flags &= ~NetIf.IFF_UP;
            for (int k = t.addresses.size(); k > 0; k--) {
                addressMessage(t, NetRoute.RTM_DELADDR);
            }
            t.addresses.clear();
            if (wasUp) {
                ifinfo(t);
            }
        }
    }

    @Override
    public synchronized String tapName(int fd) {
        return fd(fd, "TAPGIFNAME").name;
    }

    @Override
    public synchronized void setFlagsThroughFd(int fd, int flags) {
        Iface t = fd(fd, "VMIO_SIOCSIFFLAGS");
        calls.add("VMIO_SIOCSIFFLAGS " + t.name + " " + Integer.toHexString(flags));
        int f = flags & 0x0fff & ~CANTCHANGE | NetIf.IFF_UP;
        setFlagsOf(t, f | (t.flags & CANTCHANGE));
    }

    @Override
    public synchronized void setVnetHdr(int fd, int length) {
        Iface t = fd(fd, "TAPSVNETHDR");
        if (length != 0 && length != 10 && length != 12) {
            throw err("TAPSVNETHDR", SysErrno.EINVAL);
        }
        t.vnetHdr = length;
    }

    @Override
    public synchronized int flags(String name) {
        return iface(name, "SIOCGIFFLAGS").flags;
    }

    @Override
    public synchronized void setFlags(String name, int flags) {
        Iface t = iface(name, "SIOCSIFFLAGS");
        if (!root()) {
            throw err("SIOCSIFFLAGS " + name, SysErrno.EPERM);
        }
        calls.add("SIOCSIFFLAGS " + name + " " + Integer.toHexString(flags));
        setFlagsOf(t, flags & ~CANTCHANGE | (t.flags & CANTCHANGE));
    }

    @Override
    public synchronized String status(String name) {
        Iface t = iface(name, "SIOCGIFSTATUS");
        return t.open() ? "\tOpened by PID " + t.openedBy + "\n" : "";
    }

    @Override
    public synchronized int mediaStatus(String name) {
        Iface t = iface(name, "SIOCGIFMEDIA");
        if (!t.hasDevice || t.type != IFT_ETHER) {
            throw err("SIOCGIFMEDIA " + name, SysErrno.EINVAL);
        }
        return IfMedia.IFM_AVALID | (t.open() ? IfMedia.IFM_ACTIVE : 0);
    }

    @Override
    public synchronized String description(String name) {
        return iface(name, "SIOCGIFDESCR").description;
    }

    @Override
    public synchronized void setDescription(String name, String description) {
        Iface t = iface(name, "SIOCSIFDESCR");
        if (!root()) {
            throw err("SIOCSIFDESCR " + name, SysErrno.EPERM);
        }
        calls.add("SIOCSIFDESCR " + name + " " + description);
        t.description = description;
    }

    @Override
    public synchronized void destroy(String name) {
        Iface t = iface(name, "SIOCIFDESTROY");
        if (!root()) {
            throw err("SIOCIFDESTROY " + name, SysErrno.EPERM);
        }
        if (t.open()) {
            throw new IllegalStateException("SIOCIFDESTROY of open " + name + " would block until it is closed");
        }
        calls.add("SIOCIFDESTROY " + name);
        if ((t.flags & NetIf.IFF_UP) != 0) {
            t.flags &= ~NetIf.IFF_UP;
            ifinfo(t); // if_detach: if_down
        }
        for (int k = t.addresses.size(); k > 0; k--) {
            addressMessage(t, NetRoute.RTM_DELADDR);
        }
        ifaces.remove(name);
        announce(t, NetIf.IFAN_DEPARTURE);
    }

    @Override
    public synchronized void setOwnership(String path, int owner, int group, int mode) {
        Iface t = iface(path.substring("/dev/".length()), "chown");
        if (!root()) {
            throw err("chown " + path, SysErrno.EPERM);
        }
        calls.add("chown " + path + " " + owner + ":" + group + " " + Integer.toOctalString(mode));
        t.uid = owner;
        t.gid = group;
        t.mode = mode;
    }

    @Override
    public synchronized Optional<Integer> sysctlInt(String name) {
        return switch (name) {
            case "net.link.tap.user_open" -> Optional.of(userOpen);
            case "net.link.tap.devfs_cloning" -> Optional.of(devfsCloning);
            case "net.link.tap.up_on_open" -> Optional.of(0);
            default -> Optional.empty();
        };
    }

    @Override
    public synchronized Optional<Holder> process(int p) {
        return Optional.ofNullable(processes.get(p));
    }

    @Override
    public synchronized int uid() {
        return uid;
    }

    // ---------------------------------------------------------------- network

    static String mac(byte[] mac) {
        if (mac == null) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (byte x : mac) {
            b.append(b.isEmpty() ? "" : ":").append(String.format("%02x", x & 0xff));
        }
        return b.toString();
    }

    static int parse(String dotted) {
        String[] p = dotted.split("\\.");
        return Integer.parseInt(p[0]) << 24 | Integer.parseInt(p[1]) << 16 | Integer.parseInt(p[2]) << 8
                | Integer.parseInt(p[3]);
    }

    static String dotted(int a) {
        return (a >>> 24) + "." + (a >>> 16 & 0xff) + "." + (a >>> 8 & 0xff) + "." + (a & 0xff);
    }

    static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    private synchronized void requireRoot(String op) {
        if (!root()) {
            throw err(op, SysErrno.EPERM);
        }
        if (failOn != null && op.startsWith(failOn)) {
            failOn = null;
            throw err(op, failErrno);
        }
    }

    @Override
    public synchronized List<Ipv4Address> ipv4Addresses() {
        listings++;
        List<Ipv4Address> out = new ArrayList<>();
        for (Iface i : ifaces.values()) {
            for (String a : i.addresses) {
                String[] p = a.split("/");
                out.add(new Ipv4Address(i.name, i.index, parse(p[0]), mask(Integer.parseInt(p[1]))));
            }
        }
        return out;
    }

    @Override
    public synchronized String indexToName(int index) {
        for (Iface i : ifaces.values()) {
            if (i.index == index) {
                return i.name;
            }
        }
        return null;
    }

    private synchronized int addressIndex(Iface i, int address) {
        for (int k = 0; k < i.addresses.size(); k++) {
            if (parse(i.addresses.get(k).split("/")[0]) == address) {
                return k;
            }
        }
        return -1;
    }

    @Override
    public synchronized void addAddress(String name, int address, int netmask) {
        String op = "SIOCAIFADDR " + name;
        Iface t = iface(name, "SIOCAIFADDR");
        requireRoot(op);
        for (Iface other : ifaces.values()) {
            if (other != t && addressIndex(other, address) >= 0) {
                throw err(op, SysErrno.EEXIST); // its loopback host route exists (in.c ifa_add_loopback_route)
            }
        }
        int prefix = Integer.numberOfLeadingZeros(~netmask);
        int old = addressIndex(t, address);
        if (old >= 0) {
            t.addresses.remove(old); // in_aifaddr_ioctl deletes the same address first, then adds it anew
        }
        calls.add("SIOCAIFADDR " + name + " " + dotted(address) + "/" + prefix);
        t.addresses.add(dotted(address) + "/" + prefix);
        addressMessage(t, NetRoute.RTM_NEWADDR);
    }

    @Override
    public synchronized void deleteAddress(String name, int address) {
        String op = "SIOCDIFADDR " + name;
        Iface t = iface(name, "SIOCDIFADDR");
        requireRoot(op);
        int k = addressIndex(t, address);
        if (k < 0) {
            throw err(op, EADDRNOTAVAIL);
        }
        calls.add("SIOCDIFADDR " + name + " " + dotted(address));
        t.addresses.remove(k);
        addressMessage(t, NetRoute.RTM_DELADDR);
    }

    @Override
    public synchronized void setMtu(String name, int mtu) {
        String op = "SIOCSIFMTU " + name;
        Iface t = iface(name, "SIOCSIFMTU");
        requireRoot(op);
        if (mtu < 72 || mtu > 65535) {
            throw err(op, SysErrno.EINVAL);
        }
        calls.add("SIOCSIFMTU " + name + " " + mtu);
        t.mtu = mtu;
        ifinfo(t);
    }

    @Override
    public synchronized void setLinkAddress(String name, byte[] lladdr) {
        String op = "SIOCSIFLLADDR " + name;
        Iface t = iface(name, "SIOCSIFLLADDR");
        requireRoot(op);
        if (t.mac == null || lladdr.length != t.mac.length) {
            throw err(op, SysErrno.EINVAL);
        }
        calls.add("SIOCSIFLLADDR " + name + " " + mac(lladdr));
        t.mac = lladdr.clone();
    }

    private synchronized Iface bridge(String name, String op) {
        Iface b = iface(name, op);
        if (b.type != IFT_BRIDGE) {
            throw err(op + " " + name, SysErrno.EINVAL); // the driver's ioctl does not know SIOC[GS]DRVSPEC
        }
        return b;
    }

    @Override
    public synchronized List<String> bridgeMembers(String bridge) {
        calls.add("BRDGGIFS " + bridge);
        return new ArrayList<>(bridge(bridge, "SIOCGDRVSPEC").members);
    }

    @Override
    public synchronized void addBridgeMember(String bridge, String member) {
        String op = "SIOCSDRVSPEC BRDGADD " + bridge + " " + member;
        Iface b = bridge(bridge, "SIOCSDRVSPEC");
        requireRoot(op);
        Iface m = ifaces.get(member);
        if (m == null) {
            throw err(op, SysErrno.ENOENT);
        }
        if (m == b) {
            throw err(op, SysErrno.EINVAL);
        }
        if (m.bridge != null) {
            throw err(op, m.bridge.equals(bridge) ? SysErrno.EEXIST : SysErrno.EBUSY);
        }
        if (b.members.isEmpty()) {
            b.mtu = m.mtu; // the first member defines the bridge's MTU
        } else {
            m.mtu = b.mtu; // later members are given it
        }
        calls.add("BRDGADD " + bridge + " " + member);
        b.members.add(member);
        m.bridge = bridge;
        ifinfo(m); // ifpromisc

    }

    @Override
    public synchronized void deleteBridgeMember(String bridge, String member) {
        String op = "SIOCSDRVSPEC BRDGDEL " + bridge + " " + member;
        Iface b = bridge(bridge, "SIOCSDRVSPEC");
        requireRoot(op);
        if (!b.members.remove(member)) {
            throw err(op, SysErrno.ENOENT);
        }
        calls.add("BRDGDEL " + bridge + " " + member);
        ifaces.get(member).bridge = null;
        ifinfo(ifaces.get(member)); // ifpromisc
    }

    /**
     * The table as the addresses make it (in.c: a prefix route out of the interface unless it is a /32, a loopback
     * host route through lo0 per address, 127.0.0.1 a plain host route of lo0), then the routes a test added; laid
     * out as FreeBSD 14 on amd64 dumps it.
     */
    @Override
    public synchronized byte[] routeDump() {
        calls.add("sysctl NET_RT_DUMP");
        FreeBsdRouteDump d = new FreeBsdRouteDump();
        Iface lo = ifaces.get("lo0");
        for (Iface i : ifaces.values()) {
            for (String a : i.addresses) {
                String[] p = a.split("/");
                int address = parse(p[0]);
                int prefix = Integer.parseInt(p[1]);
                if (prefix < 32 && i != lo) {
                    d.route(address & mask(prefix), prefix, FreeBsdRouteDump.RTF_UP | FreeBsdRouteDump.RTF_PINNED,
                            i.index, i.name, null, address);
                }
                int hostFlags = FreeBsdRouteDump.RTF_UP | FreeBsdRouteDump.RTF_HOST
                        | (i == lo ? 0 : FreeBsdRouteDump.RTF_STATIC | FreeBsdRouteDump.RTF_PINNED);
                d.route(address, 32, hostFlags, lo.index, lo.name, null, address);
            }
        }
        for (StaticRoute r : staticRoutes) {
            String[] p = r.cidr().split("/");
            Iface out = ifaces.get(r.ifName());
            d.route(parse(p[0]), Integer.parseInt(p[1]), r.flags(), out.index, out.name,
                    r.gateway() == null ? null : parse(r.gateway()), 0);
        }
        return d.bytes();
    }

    // ---------------------------------------------------------------- routing sockets

    /** Messages a routing socket's queue holds when no {@code SO_RCVBUF} is set. */
    static final int ROUTE_QUEUE = 4096;

    private final List<FakeRouteSocket> routeSockets = new ArrayList<>();

    /** The routing sockets open now. */
    synchronized int openRouteSockets() {
        return routeSockets.size();
    }

    @Override
    public synchronized RouteSocket routeSocket(int rcvbuf) {
        calls.add("socket PF_ROUTE");
        FakeRouteSocket r = new FakeRouteSocket(rcvbuf > 0 ? Math.max(1, rcvbuf / 256) : ROUTE_QUEUE);
        routeSockets.add(r);
        return r;
    }

    private synchronized void send(byte[] message) {
        for (FakeRouteSocket r : routeSockets) {
            r.deliver(message);
        }
    }

    private static byte[] bytes(Structure s) {
        s.write();
        return s.getPointer().getByteArray(0, s.size());
    }

    private void setFlagsOf(Iface t, int flags) {
        boolean changed = flags != t.flags;
        t.flags = flags;
        if (changed) {
            ifinfo(t);
        }
    }

    /** {@code rt_ifmsg}: an {@code RTM_IFINFO} with the flags and link state. */
    private void ifinfo(Iface t) {
        NetIf.IfMsghdr m = new NetIf.IfMsghdr();
        m.ifm_msglen = (short) m.size();
        m.ifm_version = (byte) NetRoute.RTM_VERSION;
        m.ifm_type = (byte) NetRoute.RTM_IFINFO;
        m.ifm_flags = t.flags;
        m.ifm_index = (short) t.index;
        m.ifm_data.ifi_type = (byte) t.type;
        m.ifm_data.ifi_link_state = (byte) (t.open() ? Ifaddrs.LINK_STATE_UP : 1 /* LINK_STATE_DOWN */);
        m.ifm_data.ifi_datalen = (short) NetIf.IfMsghdr.IF_DATA_SIZE;
        m.ifm_data.ifi_mtu = t.mtu;
        send(bytes(m));
    }

    /** {@code rt_ifannouncemsg}. */
    private void announce(Iface t, int what) {
        NetIf.IfAnnounceMsghdr m = new NetIf.IfAnnounceMsghdr();
        m.ifan_msglen = (short) m.size();
        m.ifan_version = (byte) NetRoute.RTM_VERSION;
        m.ifan_type = (byte) NetRoute.RTM_IFANNOUNCE;
        m.ifan_index = (short) t.index;
        m.setName(t.name);
        m.ifan_what = (short) what;
        send(bytes(m));
    }

    /** {@code rt_addrmsg}: the header; the sockaddrs that follow it are not read by the backend. */
    private void addressMessage(Iface t, int type) {
        NetIf.IfaMsghdr m = new NetIf.IfaMsghdr();
        m.ifam_msglen = (short) m.size();
        m.ifam_version = (byte) NetRoute.RTM_VERSION;
        m.ifam_type = (byte) type;
        m.ifam_index = (short) t.index;
        send(bytes(m));
    }

    /** One routing socket: a bounded queue; a full queue drops the message and reports ENOBUFS next. */
    private final class FakeRouteSocket implements RouteSocket {
        private final int capacity;
        private final java.util.ArrayDeque<byte[]> queue = new java.util.ArrayDeque<>();
        private boolean overflow;
        private boolean woken;
        private boolean closed;

        FakeRouteSocket(int capacity) {
            this.capacity = capacity;
        }

        synchronized void deliver(byte[] message) {
            if (closed) {
                return;
            }
            if (queue.size() >= capacity) {
                overflow = true;
            } else {
                queue.add(message);
            }
            notifyAll();
        }

        @Override
        public synchronized Messages read() {
            while (queue.isEmpty() && !overflow && !woken) {
                try {
                    wait(); // poll(2) on the socket and the wake-up pipe
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SysCallException("poll", 4 /* EINTR */, e);
                }
            }
            if (overflow) {
                overflow = false;
                queue.clear();
                return new Messages(List.of(), true);
            }
            if (queue.isEmpty()) {
                woken = false;
                return new Messages(List.of(), false);
            }
            List<byte[]> out = new ArrayList<>(queue);
            queue.clear();
            return new Messages(out, false);
        }

        @Override
        public synchronized void wakeup() {
            woken = true;
            notifyAll();
        }

        @Override
        public void close() {
            synchronized (FakeFreeBsdKernel.this) {
                routeSockets.remove(this);
            }
            synchronized (this) {
                closed = true;
            }
        }
    }
}
