package org.taplease.core.internal.freebsd;

import java.util.ArrayList;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.taplease.core.Accounts;
import org.taplease.core.Holder;
import org.taplease.core.LeaseRequest;
import org.taplease.core.PoolSpec;
import org.taplease.core.TapInfo;
import org.taplease.core.internal.SysCallException;
import org.taplease.core.internal.TapAccess;
import org.taplease.core.internal.engine.KernelException;
import org.taplease.core.internal.engine.KernelException.Failure;
import org.taplease.core.internal.engine.KernelLink;
import org.taplease.core.internal.engine.KernelLink.Kind;
import org.taplease.core.internal.engine.TapKernel;
import org.taplease.core.internal.freebsd.jna.IfMedia;
import org.taplease.core.internal.freebsd.jna.IfTap;
import org.taplease.core.internal.freebsd.jna.NetIf;
import org.taplease.core.internal.freebsd.jna.NetRoute;
import org.taplease.core.internal.freebsd.jna.NetinetIn;
import org.taplease.core.internal.freebsd.jna.SysErrno;

import com.sun.jna.Memory;
import com.sun.jna.Native;

/**
 * FreeBSD's system calls for the lease engine: "give me a free one" on the kernel whose {@code /dev/tap} was once
 * proposed to do it.
 * <p>
 * A tap is free when no descriptor has its {@code /dev/tapN} open; {@code open(2)} of an open tap fails with EBUSY
 * (if_tuntap.c {@code tunopen}), so the trial attach is an exclusive open, arbitrated by the kernel like Linux's
 * {@code TUNSETIFF}. Links are the interface list plus, per tap, {@code SIOCGIFMEDIA} (IFM_ACTIVE while open) and the
 * description (the pool label); the holder comes from {@code SIOCGIFSTATUS} ("Opened by PID N").
 * <p>
 * Two FreeBSD traps are handled here. (1) Opening a missing {@code /dev/tapN} may <em>create</em> tapN (devfs
 * cloning, for root or with {@code net.link.tap.user_open}): an attach opens only a node that exists, and if the
 * interface vanished in between, the open that re-created it is detected (another ifindex) and the accidental tap
 * destroyed. (2) A closed tap goes down and loses its addresses unless IFF_LINK0 is set: a pool made with
 * {@code keepAddresses} gets IFF_LINK0. On attach the tap is brought up through its own descriptor the way bhyve does
 * ({@code VMIO_SIOCSIFFLAGS}, no privilege needed), keeping its other flags.
 * <p>
 * All system calls go through {@link FreeBsdSys}, so this is tested on Linux against a model of the driver. It has
 * not run on a FreeBSD kernel in this project's CI (docs/freebsd.md).
 */
public final class FreeBsdKernel implements TapKernel {

    /** The cloning device: each open makes a new tap. */
    static final String CLONE_DEVICE = "/dev/tap";
    /** The command shown for a holder whose opener has exited (the tap is held by a process it handed it to). */
    public static final String EXITED_OPENER = "[opener-exited]";
    /** {@link KernelLink#driver()} of an if_bridge. */
    static final String BRIDGE = "bridge";
    /** {@code UID_UUCP} (sys/conf.h): the owner if_tuntap.c gives a new tap's device node. */
    static final int UID_UUCP = 66;
    /** {@code GID_DIALER} (sys/conf.h): the group if_tuntap.c gives a new tap's device node. */
    static final int GID_DIALER = 68;
    private static final Pattern OPENED_BY = Pattern.compile("Opened by PID (\\d+)");

    private final FreeBsdSys sys;

    public FreeBsdKernel(FreeBsdSys sys) {
        this.sys = sys;
    }

    @Override
    public String backend() {
        return "freebsd";
    }

    static String devPath(String name) {
        return "/dev/" + name;
    }

    // ---------------------------------------------------------------- links

    /**
     * The interface list, each with its bridge: the members of every if_bridge ({@code IFT_BRIDGE}) come from one
     * {@code BRDGGIFS} per bridge, once per listing.
     */
    @Override
    public List<KernelLink> links(boolean stats) {
        List<FreeBsdSys.Interface> all = interfaces();
        Map<String, Integer> masters = masters(all);
        List<KernelLink> out = new ArrayList<>();
        for (FreeBsdSys.Interface i : all) {
            KernelLink l = describe(i, masters);
            if (l != null) {
                out.add(l);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- notifications

    /** System property: the routing socket's receive buffer in bytes (tests provoke an overflow with a tiny one). */
    static final String RCVBUF_PROPERTY = "taplease.watch.rcvbuf";

    /**
     * A routing socket: {@code RTM_IFANNOUNCE} (a tap arrives or departs), {@code RTM_IFINFO} (flags or link state
     * changed: a tap's link goes up when it is opened and down when it is closed, if_tuntap.c), and
     * {@code RTM_NEWADDR}/{@code RTM_DELADDR}. The messages carry the ifindex and flags only, so each changed
     * interface is listed again ({@link #link}) for the state the engine diffs. A description (label) change sends no
     * message of its own: it shows with the tap's next notification.
     */
    @Override
    public LinkMonitor monitor() {
        FreeBsdSys.RouteSocket rs;
        try {
            rs = sys.routeSocket(Integer.getInteger(RCVBUF_PROPERTY, 0));
        } catch (SysCallException e) {
            throw failure(Failure.SYSTEM, "routing socket", e);
        }
        return new LinkMonitor() {
            @Override
            public Batch next() {
                FreeBsdSys.Messages m;
                try {
                    m = rs.read();
                } catch (SysCallException e) {
                    throw failure(Failure.SYSTEM, "routing socket", e);
                }
                if (m.overflow()) {
                    return new Batch(List.of(), true);
                }
                List<Change> out = new ArrayList<>();
                for (byte[] msg : m.messages()) {
                    Change c = change(msg);
                    if (c != null) {
                        out.add(c);
                    }
                }
                return new Batch(out, false);
            }

            @Override
            public void wakeup() {
                rs.wakeup();
            }

            @Override
            public void close() {
                rs.close();
            }
        };
    }

    /** The change one routing message announces, or null for a message that is not about interfaces. */
    private Change change(byte[] msg) {
        if (msg.length < 4) {
            return null;
        }
        try (Memory mem = new Memory(Math.max(msg.length, new NetIf.IfMsghdr().size()))) {
            mem.clear();
            mem.write(0, msg, 0, msg.length);
            NetIf.RtMsgHead head = new NetIf.RtMsgHead(mem);
            if ((head.version & 0xff) != NetRoute.RTM_VERSION) {
                return null;
            }
            switch (head.type & 0xff) {
            case NetRoute.RTM_IFINFO -> {
                int index = new NetIf.IfMsghdr(mem).ifm_index & 0xffff;
                return current(index, sys.indexToName(index));
            }
            case NetRoute.RTM_IFANNOUNCE -> {
                NetIf.IfAnnounceMsghdr a = new NetIf.IfAnnounceMsghdr(mem);
                int index = a.ifan_index & 0xffff;
                return a.ifan_what == NetIf.IFAN_DEPARTURE ? Change.gone(index) : current(index, a.name());
            }
            case NetRoute.RTM_NEWADDR, NetRoute.RTM_DELADDR -> {
                return Change.addresses(new NetIf.IfaMsghdr(mem).ifam_index & 0xffff);
            }
            default -> {
                return null;
            }
            }
        }
    }

    /** Interface {@code index} as listed now, or gone if it no longer exists under that index. */
    private Change current(int index, String name) {
        KernelLink l = name == null ? null : link(name);
        return l == null || l.index() != index ? Change.gone(index) : Change.link(l);
    }

    @Override
    public KernelLink link(String name) {
        List<FreeBsdSys.Interface> all = interfaces();
        for (FreeBsdSys.Interface i : all) {
            if (i.name().equals(name)) {
                return describe(i, masters(all));
            }
        }
        return null;
    }

    /**
     * Member name to the ifindex of its bridge, from {@code BRDGGIFS} on each interface of type {@code IFT_BRIDGE}
     * (an if_bridge clone, whatever its name). A bridge destroyed meanwhile (ENXIO) or that refuses the request is
     * listed without members.
     */
    private Map<String, Integer> masters(List<FreeBsdSys.Interface> all) {
        Map<String, Integer> out = new HashMap<>();
        for (FreeBsdSys.Interface i : all) {
            if (i.type() != FreeBsdSys.IFT_BRIDGE) {
                continue;
            }
            try {
                for (String member : sys.bridgeMembers(i.name())) {
                    out.put(member, i.index());
                }
            } catch (SysCallException e) {
                if (e.errno() != SysErrno.ENXIO && e.errno() != SysErrno.EINVAL) {
                    throw failure(Failure.SYSTEM, i.name(), e);
                }
            }
        }
        return out;
    }

    private List<FreeBsdSys.Interface> interfaces() {
        try {
            return sys.interfaces();
        } catch (SysCallException e) {
            throw failure(Failure.SYSTEM, "getifaddrs", e);
        }
    }

    @Override
    public int index(String name) {
        return sys.nameToIndex(name);
    }

    /**
     * A tap is an Ethernet interface with its own {@code /dev} node (a tun is not Ethernet); null if it vanished
     * while being read.
     */
    private KernelLink describe(FreeBsdSys.Interface i, Map<String, Integer> masters) {
        int master = masters.getOrDefault(i.name(), 0);
        if (i.type() == FreeBsdSys.IFT_BRIDGE) {
            return KernelLink.other(Kind.OTHER, "a bridge", i.name(), i.index(), i.mtu(), master, BRIDGE);
        }
        Optional<FreeBsdSys.DevNode> node = sys.devNode(devPath(i.name()));
        if (i.type() != FreeBsdSys.IFT_ETHER) {
            return KernelLink.other(node.isPresent() ? Kind.TUN : Kind.OTHER,
                    node.isPresent() ? "tun (layer 3)" : "a non-Ethernet interface", i.name(), i.index(), i.mtu(),
                    master, node.isPresent() ? "tun" : null);
        }
        if (node.isEmpty()) {
            return KernelLink.other(Kind.OTHER, "an Ethernet interface without a tap device node", i.name(), i.index(),
                    i.mtu(), master, null);
        }
        try {
            String description = sys.description(i.name());
            boolean attached = (sys.mediaStatus(i.name()) & IfMedia.IFM_ACTIVE) != 0;
            FreeBsdSys.DevNode n = node.get();
            // the driver's uucp:dialer is no owner and no group (as -1 is on Linux): see setOwnership
            TapInfo info = new TapInfo(i.name(), i.index(), i.mac(), i.mtu(), (i.flags() & NetIf.IFF_UP) != 0,
                    attached, i.linkUp() ? "up" : "down", true, false, false, n.uid() == UID_UUCP ? null : n.uid(),
                    n.gid() == GID_DIALER ? null : n.gid(), null,
                    description.isEmpty() ? null : description, attached, attached ? 1 : 0, i.stats(), 0, List.of(),
                    false);
            return new KernelLink(Kind.TAP, "tap", info, master, "tap");
        } catch (SysCallException e) {
            if (e.errno() == SysErrno.ENXIO || e.errno() == SysErrno.ENOENT) {
                return null; // destroyed meanwhile
            }
            throw failure(Failure.SYSTEM, i.name(), e);
        }
    }

    // ---------------------------------------------------------------- attach

    /**
     * The exclusive open of {@code /dev/NAME}, only if that node exists (so devfs cloning cannot create the tap);
     * then the interface must still be the one listed (same ifindex, same name), else the accidental tap is
     * destroyed. Finally it is brought up through its descriptor unless IFF_LINK0 keeps it up, and the vnet header
     * is set.
     */
    @Override
    public int attach(String name, int index, boolean vnetHdr, boolean listedAsTap) {
        String path = devPath(name);
        if (!listedAsTap) {
            // only a listed tap's own node is opened: a tun's node would attach a layer 3 device, and a missing
            // node could be created by devfs cloning
            FreeBsdSys.Interface listed = null;
            for (FreeBsdSys.Interface i : interfaces()) {
                if (i.name().equals(name)) {
                    listed = i;
                    break;
                }
            }
            if (listed == null || listed.index() != index) {
                throw new KernelException(Failure.GONE, name, null, 0, null, null, null, null);
            }
            if (listed.type() != FreeBsdSys.IFT_ETHER || sys.devNode(path).isEmpty()) {
                throw new KernelException(Failure.NOT_A_TAP, name, null, 0, null, null, null, null);
            }
        }
        int fd;
        try {
            fd = sys.open(path);
        } catch (SysCallException e) {
            int errno = e.errno();
            if (errno == SysErrno.EBUSY) {
                throw new KernelException(Failure.BUSY, name, "open", errno, e.strerror(), null, null, e);
            }
            if (errno == SysErrno.EACCES || errno == SysErrno.EPERM) {
                throw new KernelException(Failure.DENIED, name, "open", errno, e.strerror(), ownership(path),
                        "lease from a pool provisioned for your user or group (sudo taplease pool create --name P"
                                + " --count N --owner $USER), or give the node to you: a devfs.rules line \"add path '"
                                + name + "' mode 0660 group GROUP\"", e);
            }
            throw new KernelException(errno == SysErrno.ENOENT || errno == SysErrno.ENXIO ? Failure.GONE
                    : Failure.SYSTEM, name, "open", errno, e.strerror(), null, null, e);
        }
        boolean ok = false;
        try {
            int now = sys.nameToIndex(name);
            String opened = sys.tapName(fd);
            if (now != index || !name.equals(opened)) {
                // the listed tap is gone and our open cloned a new one (or another tap took the name): undo it
                sys.close(fd);
                fd = -1;
                if (now != 0 && now != index && name.equals(opened)) {
                    destroyQuietly(name);
                }
                throw new KernelException(Failure.GONE, name, null, 0, null, null, null, null);
            }
            int flags = sys.flags(name);
            if ((flags & NetIf.IFF_UP) == 0 && (flags & NetIf.IFF_LINK0) == 0) {
                // VMIO_SIOCSIFFLAGS clears IFF_LINK0, so a tap that keeps its addresses is left as it is
                sys.setFlagsThroughFd(fd, flags | NetIf.IFF_UP);
            }
            sys.setVnetHdr(fd, vnetHdr ? IfTap.VNET_HDR_LEN : 0);
            ok = true;
            return fd;
        } catch (SysCallException e) {
            throw failure(Failure.SYSTEM, name, e);
        } finally {
            if (!ok && fd >= 0) {
                sys.close(fd);
            }
        }
    }

    @Override
    public void close(int fd) {
        sys.close(fd);
    }

    // ---------------------------------------------------------------- create and destroy

    @Override
    public boolean namesNewTaps() {
        return true;
    }

    /**
     * A new tap by cloning {@code /dev/tap} (which needs root, or {@code net.link.tap.user_open=1}, and
     * {@code net.link.tap.devfs_cloning=1}): labelled, owned by {@code owner}/{@code group} (device node, until
     * reboot), IFF_LINK0 if {@code keepAddresses}. Returned open.
     */
    @Override
    public Created create(String name, String label, Integer owner, Integer group, boolean keepAddresses,
            boolean vnetHdr) {
        if (sys.sysctlInt("net.link.tap.devfs_cloning").orElse(1) == 0) {
            throw new KernelException(Failure.CANNOT_CREATE, CLONE_DEVICE, null, 0, null,
                    "creating taps by opening /dev/tap is disabled (net.link.tap.devfs_cloning=0)",
                    "create them as root with 'ifconfig tap create' and label them 'ifconfig tapN description "
                            + label + "', or set net.link.tap.devfs_cloning=1 (taplease does not change it)", null);
        }
        int fd;
        try {
            fd = sys.open(CLONE_DEVICE);
        } catch (SysCallException e) {
            if (e.errno() == SysErrno.ENOENT || e.errno() == SysErrno.EACCES || e.errno() == SysErrno.EPERM
                    || e.errno() == SysErrno.ENXIO) {
                throw new KernelException(Failure.NOT_PRIVILEGED, CLONE_DEVICE, "open", e.errno(), e.strerror(), "root",
                        null, e);
            }
            throw failure(Failure.SYSTEM, CLONE_DEVICE, e);
        }
        String made = null;
        try {
            made = sys.tapName(fd);
            sys.setDescription(made, label);
            if (owner != null || group != null) {
                FreeBsdSys.DevNode n = sys.devNode(devPath(made)).orElseThrow(
                        () -> new SysCallException("stat " + CLONE_DEVICE, SysErrno.ENOENT, null));
                sys.setOwnership(devPath(made), owner == null ? n.uid() : owner, group == null ? n.gid() : group,
                        0660);
            }
            if (keepAddresses) {
                sys.setFlags(made, sys.flags(made) | NetIf.IFF_LINK0 | NetIf.IFF_UP);
            }
            int index = sys.nameToIndex(made);
            if (index == 0) {
                throw new SysCallException("if_nametoindex " + made, SysErrno.ENXIO, null);
            }
            sys.setVnetHdr(fd, vnetHdr ? IfTap.VNET_HDR_LEN : 0);
            return new Created(fd, made, index);
        } catch (SysCallException e) {
            sys.close(fd);
            if (made != null) {
                destroyQuietly(made);
            }
            boolean denied = e.errno() == SysErrno.EPERM || e.errno() == SysErrno.EACCES;
            throw new KernelException(denied ? Failure.NOT_PRIVILEGED : Failure.SYSTEM, made != null ? made
                    : CLONE_DEVICE, e.operation(), e.errno(), e.strerror(), denied ? "root" : null, null, e);
        }
    }

    @Override
    public boolean destroyLeavesWindow() {
        return true; // the descriptor is closed first: SIOCIFDESTROY of an open tap waits for it
    }

    @Override
    public void destroy(int fd, String name) {
        sys.close(fd);
        try {
            sys.destroy(name);
        } catch (SysCallException e) {
            boolean denied = e.errno() == SysErrno.EPERM || e.errno() == SysErrno.EACCES;
            throw new KernelException(denied ? Failure.NOT_PRIVILEGED : Failure.SYSTEM, name, "SIOCIFDESTROY",
                    e.errno(), e.strerror(), denied ? "root" : null, null, e);
        }
    }

    private void destroyQuietly(String name) {
        try {
            sys.destroy(name);
        } catch (SysCallException ignored) {
            // best effort: the tap is left for 'ifconfig NAME destroy'
        }
    }

    // ---------------------------------------------------------------- who

    /** The process the kernel names in {@code SIOCGIFSTATUS} ("Opened by PID N"), with its uid and command. */
    @Override
    public Map<String, List<Holder>> holders(Set<String> names) {
        Map<String, List<Holder>> out = new HashMap<>();
        for (String name : names) {
            String status;
            try {
                status = sys.status(name);
            } catch (SysCallException e) {
                continue; // gone meanwhile
            }
            Matcher m = OPENED_BY.matcher(status);
            if (m.find()) {
                int pid = Integer.parseInt(m.group(1));
                // the kernel names the process that opened the tap; after a hand-over (taplease run) that opener may
                // have exited while a child it passed the descriptor to holds the tap
                out.put(name, List.of(sys.process(pid).orElse(new Holder(pid, -1, EXITED_OPENER))));
            }
        }
        return out;
    }

    /** The file permission rule of the tap's device node, see {@link TapAccess#mayOpenNode}. */
    @Override
    public boolean mayAttach(int uid, KernelLink link) {
        return uid == 0 || sys.devNode(devPath(link.name()))
                .map(n -> TapAccess.mayOpenNode(uid, n.uid(), n.gid(), n.mode())).orElse(false);
    }

    @Override
    public int uid() {
        return sys.uid();
    }

    /**
     * The tap sysctls (reported, never changed), that FreeBSD names cloned taps itself, and the devfs.rules lines
     * that keep the device ownership across reboots (devfs resets chown at boot).
     */
    @Override
    public List<String> provisionNotes(PoolSpec spec, List<String> created) {
        List<String> notes = new ArrayList<>(sysctlNotes());
        if (spec.template() != null && !LeaseRequest.DEFAULT_TEMPLATE.equals(spec.template())) {
            notes.add("FreeBSD names cloned taps tapN itself; the template " + spec.template() + " is not used");
        }
        if (!created.isEmpty() && (spec.owner() != null || spec.group() != null)) {
            notes.add(devfsRules(created, spec.owner(), spec.group()));
        }
        return notes;
    }

    private List<String> sysctlNotes() {
        Optional<Integer> userOpen = sys.sysctlInt("net.link.tap.user_open");
        Optional<Integer> cloning = sys.sysctlInt("net.link.tap.devfs_cloning");
        Optional<Integer> upOnOpen = sys.sysctlInt("net.link.tap.up_on_open");
        return List.of("net.link.tap.user_open=" + userOpen.map(String::valueOf).orElse("(absent)")
                + " (1 lets any user create taps by opening /dev/tap; taplease pools do not need it)",
                "net.link.tap.devfs_cloning=" + cloning.map(String::valueOf).orElse("(absent)")
                        + " (1 lets an open of /dev/tap or a missing /dev/tapN create a tap; taplease never opens a"
                        + " tap node that does not exist)",
                "net.link.tap.up_on_open=" + upOnOpen.map(String::valueOf).orElse("(absent)")
                        + " (taplease brings a leased tap up itself)");
    }

    static String devfsRules(List<String> taps, Integer owner, Integer group) {
        StringBuilder b = new StringBuilder("device ownership lasts until reboot; to keep it, add to /etc/devfs.rules:"
                + " [taplease=10]");
        for (String t : taps) {
            b.append(" | add path '").append(t).append("' mode 0660");
            if (owner != null) {
                b.append(" user ").append(Accounts.user(owner));
            }
            if (group != null) {
                b.append(" group ").append(Accounts.group(group));
            }
        }
        b.append(" ; then set devfs_system_ruleset=\"taplease\" in /etc/rc.conf and run 'service devfs restart'");
        return b.toString();
    }

    // ---------------------------------------------------------------- errors

    private String ownership(String path) {
        return sys.devNode(path).map(n -> path + " is " + Accounts.user(n.uid()) + ":" + Accounts.group(n.gid())
                + " mode " + String.format("%04o", n.mode() & 07777) + "; you are " + Accounts.user(sys.uid())
                + " (uid " + sys.uid() + ")").orElse("no device node");
    }

    private static KernelException failure(Failure f, String device, SysCallException e) {
        return new KernelException(f, device, e.operation(), e.errno(), e.strerror(), null, null, e);
    }

    // ---------------------------------------------------------------- network

    @Override
    public String name(int index) {
        return sys.indexToName(index);
    }

    /** The {@code AF_INET} entries of {@code getifaddrs}, the prefix from the netmask's leading ones. */
    @Override
    public List<Address> addresses() {
        List<Address> out = new ArrayList<>();
        for (FreeBsdSys.Ipv4Address a : ipv4Addresses()) {
            out.add(new Address(a.index(), a.address(), NetinetIn.prefix(a.netmask())));
        }
        return out;
    }

    private List<FreeBsdSys.Ipv4Address> ipv4Addresses() {
        try {
            return sys.ipv4Addresses();
        } catch (SysCallException e) {
            throw failure(Failure.SYSTEM, "getifaddrs", e);
        }
    }

    /**
     * The IPv4 unicast routes of the caller's FIB ({@code NET_RT_DUMP}), as Linux's main table has them: without
     * broadcast and multicast routes, and without the loopback host route FreeBSD adds for every local address (a
     * {@code RTF_HOST} route to an address of this host; Linux keeps those in its local table). Blackhole and reject
     * routes go out of no interface (oif 0).
     */
    @Override
    public List<Route> routes() {
        byte[] dump;
        try {
            dump = sys.routeDump();
        } catch (SysCallException e) {
            throw failure(Failure.SYSTEM, "sysctl net.route", e);
        }
        Set<Integer> local = new HashSet<>();
        for (FreeBsdSys.Ipv4Address a : ipv4Addresses()) {
            local.add(a.address());
        }
        List<Route> out = new ArrayList<>();
        for (NetRoute.Entry e : NetRoute.parse(dump, Native.LONG_SIZE, ByteOrder.nativeOrder())) {
            int f = e.flags();
            if ((f & (NetRoute.RTF_BROADCAST | NetRoute.RTF_MULTICAST)) != 0
                    || (f & NetRoute.RTF_HOST) != 0 && local.contains(e.destination())) {
                continue;
            }
            int prefix = (f & NetRoute.RTF_HOST) != 0 ? 32 : NetinetIn.prefix(e.netmask());
            int oif = (f & (NetRoute.RTF_BLACKHOLE | NetRoute.RTF_REJECT)) != 0 ? 0 : e.index();
            out.add(new Route(oif, e.destination() & NetinetIn.netmask(prefix), prefix));
        }
        return out;
    }

    /**
     * {@code SIOCAIFADDR}: the kernel adds the prefix route (and the local host route) itself. A tap loses its
     * addresses at its last close unless it has IFF_LINK0 (if_tuntap.c {@code tundtor}), and every lease ends with a
     * close: so that the address lasts as it does on Linux, a tap without IFF_LINK0 gets it (the address stays
     * when it is removed again).
     */
    @Override
    public void addAddress(String name, int index, int address, int prefix) {
        change(name, index, "SIOCAIFADDR", () -> {
            sys.addAddress(name, address, NetinetIn.netmask(prefix));
            if (sys.devNode(devPath(name)).isPresent()) {
                int flags = sys.flags(name);
                // a tap, not a tun (point-to-point, loses its addresses at close whatever its flags)
                if ((flags & NetIf.IFF_BROADCAST) != 0 && (flags & NetIf.IFF_LINK0) == 0) {
                    sys.setFlags(name, flags | NetIf.IFF_LINK0);
                }
            }
        });
    }

    @Override
    public void removeAddress(String name, int index, int address, int prefix) {
        change(name, index, "SIOCDIFADDR", () -> sys.deleteAddress(name, address));
    }

    @Override
    public void setMtu(String name, int index, int mtu) {
        change(name, index, "SIOCSIFMTU", () -> sys.setMtu(name, mtu));
    }

    @Override
    public void setMac(String name, int index, byte[] mac) {
        if (mac.length != 6) {
            throw new IllegalArgumentException("a MAC address has 6 bytes, not " + mac.length);
        }
        change(name, index, "SIOCSIFLLADDR", () -> sys.setLinkAddress(name, mac.clone()));
    }

    /**
     * ifconfig's {@code deletem} and {@code addm}: {@code BRDGDEL} on bridge {@code from}, then {@code BRDGADD} on
     * bridge {@code to}. The bridges are named by their ifindex; one that is gone fails with GONE.
     */
    @Override
    public void setMaster(String name, int index, int from, int to) {
        if (from == to) {
            return;
        }
        if (from != 0) {
            String bridge = bridgeName(from);
            change(name, index, "BRDGDEL", () -> sys.deleteBridgeMember(bridge, name));
        }
        if (to != 0) {
            String bridge = bridgeName(to);
            change(name, index, "BRDGADD", () -> sys.addBridgeMember(bridge, name));
        }
    }

    private String bridgeName(int index) {
        String bridge = sys.indexToName(index);
        if (bridge == null) {
            throw new KernelException(Failure.GONE, "ifindex " + index, null, 0, null, "the bridge is gone", null,
                    null);
        }
        return bridge;
    }

    /**
     * A tap's owner and group on FreeBSD are its device node's: {@code chown}/{@code chmod} of {@code /dev/NAME}
     * (devfs keeps it until the node goes or a reboot). -1 gives the node back to the driver's uucp:dialer, which
     * {@link #links} reports as no owner and no group; the mode is
     * 0660 while an owner or group is given (as {@link #create} sets it), 0600 (the driver's) when both are the
     * driver's. {@code fd} must be the tap's open descriptor ({@code TAPGIFNAME} says which tap it is).
     */
    @Override
    public void setOwnership(int fd, String name, Integer owner, Integer group) {
        String path = devPath(name);
        try {
            String opened = sys.tapName(fd);
            if (!name.equals(opened)) {
                throw new KernelException(Failure.GONE, name, null, 0, null, "the descriptor is " + opened + "'s",
                        null, null);
            }
            FreeBsdSys.DevNode n = sys.devNode(path).orElseThrow(
                    () -> new SysCallException("stat " + path, SysErrno.ENOENT, null));
            int uid = owner == null ? n.uid() : owner == -1 ? UID_UUCP : owner;
            int gid = group == null ? n.gid() : group == -1 ? GID_DIALER : group;
            int mode = uid == UID_UUCP && gid == GID_DIALER ? 0600 : 0660;
            if (uid == n.uid() && gid == n.gid() && mode == (n.mode() & 07777)) {
                return;
            }
            sys.setOwnership(path, uid, gid, mode);
        } catch (SysCallException e) {
            throw changeFailure(name, e);
        }
    }

    /** Runs a change of interface {@code name}, first checking that it still has the listed {@code index}. */
    private void change(String name, int index, String operation, Runnable call) {
        if (sys.nameToIndex(name) != index) {
            throw new KernelException(Failure.GONE, name, operation, 0, null, null, null, null);
        }
        try {
            call.run();
        } catch (SysCallException e) {
            throw changeFailure(name, e);
        }
    }

    private static KernelException changeFailure(String name, SysCallException e) {
        boolean denied = e.errno() == SysErrno.EPERM || e.errno() == SysErrno.EACCES;
        Failure f = denied ? Failure.NOT_PRIVILEGED : e.errno() == SysErrno.ENXIO ? Failure.GONE : Failure.SYSTEM;
        return new KernelException(f, name, e.operation(), e.errno(), e.strerror(), denied ? "root" : null, null, e);
    }

    /** The description ({@code SIOCSIFDESCR}), as {@link #create} sets it. */
    @Override
    public void setLabel(String name, int index, String label) {
        try {
            sys.setDescription(name, label);
        } catch (SysCallException e) {
            throw new KernelException(e.errno() == SysErrno.EPERM ? Failure.NOT_PRIVILEGED : Failure.SYSTEM, name,
                    e.operation(), e.errno(), e.strerror(), "root", null, e);
        }
    }
}
