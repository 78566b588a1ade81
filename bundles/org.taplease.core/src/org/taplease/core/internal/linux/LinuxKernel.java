package org.taplease.core.internal.linux;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.taplease.core.Holder;
import org.taplease.core.PoolSpec;
import org.taplease.core.TapInfo;
import org.taplease.core.internal.SysCallException;
import org.taplease.core.internal.TapAccess;
import org.taplease.core.internal.engine.KernelException;
import org.taplease.core.internal.engine.KernelException.Failure;
import org.taplease.core.internal.engine.KernelLink;
import org.taplease.core.internal.engine.KernelLink.Kind;
import org.taplease.core.internal.engine.TapKernel;
import org.taplease.core.internal.jna.Errno;
import org.taplease.core.internal.jna.IfTun;
import org.taplease.core.internal.jna.NetIf;
import org.taplease.core.internal.jna.Unistd;

import com.sun.jna.Native;

/**
 * Linux's system calls for the lease engine. Links come from route netlink (one dump: tun data, counters, carrier,
 * alias, bridge, driver); a trial attach is {@code TUNSETIFF} on a fresh {@code /dev/net/tun} descriptor, so the
 * kernel arbitrates between competing allocators under the rtnl lock; holders come from a {@code /proc} scan. The
 * network of a pool (addresses, routes, MTU, MAC, bridge) is route netlink too, one socket per call; owner and group
 * are the tun ioctls on the attached descriptor.
 */
public final class LinuxKernel implements TapKernel {

    private static final short ATTACH_FLAGS = (short) (IfTun.IFF_TAP | IfTun.IFF_NO_PI);

    @Override
    public String backend() {
        return "linux";
    }

    // ---------------------------------------------------------------- links

    @Override
    public List<KernelLink> links(boolean stats) {
        List<Link> links;
        try (RtNetlink nl = RtNetlink.open()) {
            links = nl.dumpLinks(stats);
        } catch (SysCallException e) {
            throw failure(Failure.SYSTEM, "netlink", e);
        }
        List<KernelLink> out = new ArrayList<>(links.size());
        for (Link l : links) {
            out.add(toKernelLink(l));
        }
        return out;
    }

    @Override
    public KernelLink link(String name) {
        Link l = getLink(name);
        return l == null ? null : toKernelLink(l);
    }

    /** One link by name over netlink, or null. */
    static Link getLink(String name) {
        try (RtNetlink nl = RtNetlink.open()) {
            return nl.getLink(name);
        } catch (SysCallException e) {
            throw failure(Failure.SYSTEM, name, e);
        }
    }

    @Override
    public int index(String name) {
        return NetIf.if_nametoindex(name);
    }

    static KernelLink toKernelLink(Link l) {
        if (!l.isTunDriver()) {
            String what = l.kind() != null ? l.kind()
                    : "lo".equals(l.name()) || (l.flags() & 0x8) != 0 ? "loopback" : "non-tun";
            return KernelLink.other(Kind.OTHER, "a " + what + " device", l.name(), l.index(), l.mtu(), l.master(),
                    l.kind());
        }
        if (!l.isTap()) {
            return KernelLink.other(Kind.TUN, "tun (layer 3)", l.name(), l.index(), l.mtu(), l.master(), l.kind());
        }
        Link.Tun t = l.tun();
        TapInfo info = new TapInfo(l.name(), l.index(), l.macString(), l.mtu(), l.adminUp(), l.carrier(),
                l.operStateName(), t.persist(), t.multiQueue(), t.vnetHdr(), t.owner(), t.group(), null, l.alias(),
                l.attached(), t.numQueues(), l.stats(), l.carrierChanges(), List.of(), false);
        return new KernelLink(t.multiQueue() ? Kind.MULTI_QUEUE_TAP : Kind.TAP, "tap", info, l.master(), l.kind());
    }

    // ---------------------------------------------------------------- notifications

    /** A route-netlink socket on the link and IPv4 address groups ({@link RtMonitor}). */
    @Override
    public LinkMonitor monitor() {
        try {
            return RtMonitor.open();
        } catch (SysCallException e) {
            throw failure(Failure.SYSTEM, "netlink", e);
        }
    }

    // ---------------------------------------------------------------- attach

    /**
     * Open, {@code TUNSETIFF}, check that a persistent tap was attached (not a transient one that TUNSETIFF created
     * because the name vanished: closing destroys it again), reset the per-lease state a previous holder may have
     * left (offloads, vnet header size). The ifindex is not re-read: {@code TUNSETIFF} goes by name, and its EINVAL
     * is the check that {@code name} is a single-queue tap, so {@code listedAsTap} changes nothing here.
     */
    @Override
    public int attach(String name, int index, boolean vnetHdr, boolean listedAsTap) {
        int fd = openTun();
        boolean ok = false;
        try {
            try {
                TunFd.setIff(fd, name, (short) (ATTACH_FLAGS | (vnetHdr ? IfTun.IFF_VNET_HDR : 0)));
            } catch (SysCallException e) {
                throw attachFailure(name, e);
            }
            if ((TunFd.getIffFlags(fd) & IfTun.IFF_PERSIST) == 0) {
                throw new KernelException(Failure.GONE, name, null, 0, null, null, null, null);
            }
            TunFd.setOffload(fd, 0);
            TunFd.setVnetHdrSize(fd, IfTun.DEFAULT_VNET_HDR_SZ);
            ok = true;
            return fd;
        } catch (SysCallException e) {
            throw failure(Failure.SYSTEM, name, e);
        } finally {
            if (!ok) {
                TunFd.close(fd);
            }
        }
    }

    private static KernelException attachFailure(String name, SysCallException e) {
        int errno = e.errno();
        Failure f;
        if (errno == Errno.EBUSY) {
            f = Failure.BUSY;
        } else if (errno == Errno.EPERM || errno == Errno.EACCES) {
            f = NetIf.if_nametoindex(name) == 0 ? Failure.GONE : Failure.DENIED;
        } else if (errno == Errno.EINVAL) {
            // not a single-queue tap (a tun, a multi-queue tap, another driver), or the name vanished
            f = NetIf.if_nametoindex(name) == 0 ? Failure.GONE : Failure.NOT_A_TAP;
        } else {
            f = Failure.SYSTEM;
        }
        return failure(f, name, e);
    }

    /** Opens /dev/net/tun, telling a missing node and the two permission gates apart. */
    private static int openTun() {
        try {
            return TunFd.open();
        } catch (SysCallException e) {
            int errno = e.errno();
            if (TunFd.isMissingDevice(errno)) {
                throw new KernelException(Failure.NO_DEVICE, TunFd.TUN_PATH, e.operation(), errno,
                        e.strerror(), null, "load the driver (sudo modprobe tun); in a container create the"
                                + " node: mknod /dev/net/tun c 10 200", e);
            }
            if (errno == Errno.EACCES || errno == Errno.EPERM) {
                throw new KernelException(Failure.DEVICE_DENIED, TunFd.TUN_PATH, e.operation(), errno,
                        e.strerror(), null, "let users open it: sudo chmod 0666 " + TunFd.TUN_PATH
                                + " (or a udev rule: KERNEL==\"tun\", MODE=\"0666\"); each tap's owner/group still"
                                + " limits who may attach it", e);
            }
            throw failure(Failure.SYSTEM, TunFd.TUN_PATH, e);
        }
    }

    @Override
    public void close(int fd) {
        TunFd.close(fd);
    }

    // ---------------------------------------------------------------- create and destroy

    @Override
    public boolean namesNewTaps() {
        return false;
    }

    /** Race-free against other creators: {@code IFF_TUN_EXCL} refuses a name that exists. */
    @Override
    public Created create(String name, String label, Integer owner, Integer group, boolean keepAddresses,
            boolean vnetHdr) {
        int fd = openTun();
        boolean ok = false;
        boolean created = false;
        try {
            short flags = (short) (ATTACH_FLAGS | IfTun.IFF_TUN_EXCL | (vnetHdr ? IfTun.IFF_VNET_HDR : 0));
            try {
                TunFd.setIff(fd, name, flags);
            } catch (SysCallException e) {
                if (e.errno() == Errno.EBUSY || e.errno() == Errno.EEXIST) {
                    return null;
                }
                if (e.errno() == Errno.EPERM) {
                    throw new KernelException(Failure.NOT_PRIVILEGED, name, e.operation(), e.errno(),
                            e.strerror(), "CAP_NET_ADMIN", null, e);
                }
                throw e;
            }
            created = true; // transient until IFF_PERSIST: closing the descriptor destroys it
            TunFd.setPersist(fd, true);
            if (owner != null) {
                TunFd.setOwner(fd, owner);
            }
            if (group != null) {
                TunFd.setGroup(fd, group);
            }
            int index;
            try (RtNetlink nl = RtNetlink.open()) {
                Link l = nl.getLink(name);
                if (l == null) {
                    throw new SysCallException("RTM_GETLINK " + name, Errno.ENODEV, null);
                }
                index = l.index();
                nl.setLink(index, Boolean.TRUE, label); // up, and labelled: taps keep their addresses while free
            }
            ok = true;
            return new Created(fd, name, index);
        } catch (SysCallException e) {
            throw failure(e.errno() == Errno.EPERM ? Failure.NOT_PRIVILEGED : Failure.SYSTEM, name, e);
        } finally {
            if (!ok) {
                if (created) {
                    try {
                        TunFd.setPersist(fd, false);
                    } catch (SysCallException ignored) {
                        // closing below still destroys a transient tap
                    }
                }
                TunFd.close(fd);
            }
        }
    }

    @Override
    public boolean destroyLeavesWindow() {
        return false; // the tap goes with the last close of the descriptor that cleared IFF_PERSIST
    }

    /** Clears IFF_PERSIST through the attached descriptor and closes it: the kernel destroys the tap. */
    @Override
    public void destroy(int fd, String name) {
        try {
            TunFd.setPersist(fd, false);
        } catch (SysCallException e) {
            throw failure(e.errno() == Errno.EPERM ? Failure.NOT_PRIVILEGED : Failure.SYSTEM, name, e,
                    "CAP_NET_ADMIN");
        } finally {
            TunFd.close(fd);
        }
    }

    // ---------------------------------------------------------------- who

    @Override
    public Map<String, List<Holder>> holders(Set<String> names) {
        return new HolderScanner().scan(names);
    }

    /** The tun driver's rule ({@code tun_not_capable}), see {@link TapAccess#mayAttach}. */
    @Override
    public boolean mayAttach(int uid, KernelLink link) {
        return TapAccess.mayAttach(uid, link.owner(), link.group());
    }

    @Override
    public int uid() {
        return Unistd.geteuid();
    }

    @Override
    public List<String> provisionNotes(PoolSpec spec, List<String> created) {
        return List.of();
    }

    private static KernelException failure(Failure f, String device, SysCallException e) {
        return failure(f, device, e, null);
    }

    private static KernelException failure(Failure f, String device, SysCallException e, String detail) {
        return new KernelException(f, device, e.operation(), e.errno(), e.strerror(), detail, null, e);
    }

    // ---------------------------------------------------------------- network

    /** {@code if_indextoname(3)}: its {@code SIOCGIFNAME} answers for the caller's namespace, like netlink. */
    @Override
    public String name(int index) {
        byte[] buf = new byte[NetIf.IF_NAMESIZE];
        if (NetIf.if_indextoname(index, buf) == null) {
            int errno = Native.getLastError();
            if (errno == Errno.ENXIO || errno == Errno.ENODEV) {
                return null;
            }
            throw failure(Failure.SYSTEM, "ifindex " + index, new SysCallException("if_indextoname", errno, null));
        }
        int n = 0;
        while (n < buf.length && buf[n] != 0) {
            n++;
        }
        return new String(buf, 0, n, StandardCharsets.UTF_8);
    }

    /** One {@code RTM_GETADDR} dump: needs no privilege, and is the caller's namespace whoever mounted /sys. */
    @Override
    public List<Address> addresses() {
        try (RtNetlink nl = RtNetlink.open()) {
            return nl.dumpAddresses();
        } catch (SysCallException e) {
            throw failure(Failure.SYSTEM, "netlink", e);
        }
    }

    /**
     * One {@code RTM_GETROUTE} dump, keeping the main table's unicast routes: what {@code ip route} shows, and where
     * the kernel puts the prefix route of an address it adds (local and broadcast routes live in table local).
     */
    @Override
    public List<Route> routes() {
        try (RtNetlink nl = RtNetlink.open()) {
            return nl.dumpRoutes();
        } catch (SysCallException e) {
            throw failure(Failure.SYSTEM, "netlink", e);
        }
    }

    /**
     * {@code RTM_NEWADDR} with {@code NLM_F_EXCL}: an address already on the link is EEXIST (SYSTEM), not silently
     * kept, since the engine checks {@link #addresses()} first and a duplicate means someone else added it meanwhile.
     * The kernel adds the prefix route to the main table itself.
     */
    @Override
    public void addAddress(String name, int index, int address, int prefix) {
        try (RtNetlink nl = RtNetlink.open()) {
            nl.addAddress(index, address, prefix);
        } catch (SysCallException e) {
            throw changeFailure(name, e);
        }
    }

    /**
     * {@code RTM_DELADDR}; the kernel removes the prefix route with the address, and with a link's last IPv4 address
     * every route through the link ({@code fib_disable_ip}).
     */
    @Override
    public void removeAddress(String name, int index, int address, int prefix) {
        try (RtNetlink nl = RtNetlink.open()) {
            nl.removeAddress(index, address, prefix);
        } catch (SysCallException e) {
            throw changeFailure(name, e);
        }
    }

    /** {@code RTM_SETLINK} with {@code IFLA_MTU}; a tap takes 68 to 65521 (EINVAL outside). */
    @Override
    public void setMtu(String name, int index, int mtu) {
        try (RtNetlink nl = RtNetlink.open()) {
            nl.setMtu(index, mtu);
        } catch (SysCallException e) {
            throw changeFailure(name, e);
        }
    }

    /** {@code RTM_SETLINK} with {@code IFLA_ADDRESS}: a tap takes any unicast MAC, also while up. */
    @Override
    public void setMac(String name, int index, byte[] mac) {
        try (RtNetlink nl = RtNetlink.open()) {
            nl.setMac(index, mac);
        } catch (SysCallException e) {
            throw changeFailure(name, e);
        }
    }

    /**
     * {@code RTM_SETLINK} with {@code IFLA_MASTER = to}: the kernel itself detaches the link from its current bridge
     * before it joins {@code to} ({@code do_set_master}), and 0 only leaves, so {@code from} is not needed here (the
     * FreeBSD kernel must remove the member from {@code from} itself).
     */
    @Override
    public void setMaster(String name, int index, int from, int to) {
        try (RtNetlink nl = RtNetlink.open()) {
            nl.setMaster(index, to);
        } catch (SysCallException e) {
            throw changeFailure(name, e);
        }
    }

    /**
     * {@code TUNSETOWNER}/{@code TUNSETGROUP} on the attached descriptor. The tun driver cannot unset either once
     * set: it refuses -1 ({@code make_kuid} gives an invalid id) with EINVAL, which is SYSTEM with that errno and a
     * detail saying so; -1 for one that is unset already changes nothing and makes no call.
     */
    @Override
    public void setOwnership(int fd, String name, Integer owner, Integer group) {
        boolean clearOwner = owner != null && owner == -1;
        boolean clearGroup = group != null && group == -1;
        Link.Tun now = null;
        if (clearOwner || clearGroup) {
            Link l = getLink(name);
            now = l == null ? null : l.tun();
        }
        try {
            if (owner != null && !(clearOwner && now != null && now.owner() == null)) {
                TunFd.setOwner(fd, owner);
            }
            if (group != null && !(clearGroup && now != null && now.group() == null)) {
                TunFd.setGroup(fd, group);
            }
        } catch (SysCallException e) {
            if (e.errno() == Errno.EINVAL && (clearOwner || clearGroup)) {
                throw failure(Failure.SYSTEM, name, e, "the tun driver cannot unset an owner or group once set"
                        + " (it refuses -1); delete and recreate the tap");
            }
            throw changeFailure(name, e);
        }
    }

    /** A failed change to a link: EPERM is NOT_PRIVILEGED (CAP_NET_ADMIN), ENODEV GONE, the rest SYSTEM. */
    private static KernelException changeFailure(String name, SysCallException e) {
        if (e.errno() == Errno.EPERM) {
            return failure(Failure.NOT_PRIVILEGED, name, e, "CAP_NET_ADMIN");
        }
        return failure(e.errno() == Errno.ENODEV ? Failure.GONE : Failure.SYSTEM, name, e);
    }

    /** The alias over {@code RTM_SETLINK}, as {@link #create} sets it. */
    @Override
    public void setLabel(String name, int index, String label) {
        try (RtNetlink nl = RtNetlink.open()) {
            nl.setLink(index, null, label);
        } catch (SysCallException e) {
            throw failure(e.errno() == Errno.EPERM ? Failure.NOT_PRIVILEGED : e.errno() == Errno.ENODEV
                    ? Failure.GONE : Failure.SYSTEM, name, e, "CAP_NET_ADMIN");
        }
    }
}
