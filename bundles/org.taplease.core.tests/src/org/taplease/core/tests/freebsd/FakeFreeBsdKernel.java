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
import org.taplease.core.internal.freebsd.jna.NetIf;
import org.taplease.core.internal.freebsd.jna.SysErrno;

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
 * Every call is logged in {@link #calls}.
 */
final class FakeFreeBsdKernel implements FreeBsdSys {

    static final int UID_UUCP = 66;
    static final int GID_DIALER = 68;
    /** The flags the VMIO ioctl cannot change (a subset of IFF_CANTCHANGE: those a tap has). */
    static final int CANTCHANGE = NetIf.IFF_BROADCAST | 0x40 /* DRV_RUNNING */ | 0x800 /* SIMPLEX */
            | NetIf.IFF_MULTICAST;
    static final int IFT_LOOP = 0x18;
    static final int IFT_PPP = 0x17;

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
        final List<String> addresses = new ArrayList<>();

        Iface(String name, int type, boolean hasDevice) {
            this.name = name;
            this.index = nextIndex++;
            this.type = type;
            this.hasDevice = hasDevice;
        }

        boolean open() {
            return openedBy != 0;
        }
    }

    final Map<String, Iface> ifaces = new LinkedHashMap<>();
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
    /** Runs once before the next open of a /dev/tapN (to model another process acting in between). */
    Runnable beforeNextOpen;

    FakeFreeBsdKernel() {
        ifaces.put("lo0", new Iface("lo0", IFT_LOOP, false));
        ifaces.put("em0", new Iface("em0", IFT_ETHER, false));
        ifaces.put("tun0", new Iface("tun0", IFT_PPP, true));
        processes.put(pid, new Holder(pid, 0, "java"));
    }

    boolean root() {
        return uid == 0;
    }

    /** Makes tapN as 'ifconfig tap create' would (not open). */
    Iface addTap(String name) {
        Iface t = new Iface(name, IFT_ETHER, true);
        ifaces.put(name, t);
        return t;
    }

    /** Another process ({@code command}, {@code pid}) opens the tap. */
    void holdByOther(String name, int otherPid, String command) {
        Iface t = ifaces.get(name);
        if (t.open()) {
            throw new IllegalStateException(name + " is already open");
        }
        t.openedBy = otherPid;
        processes.put(otherPid, new Holder(otherPid, 1001, command));
    }

    /** The process that opened the tap exits, having handed its descriptor to a child that keeps the tap open. */
    void openerExits(int otherPid) {
        processes.remove(otherPid);
    }

    /** That process closes the tap. */
    void releaseByOther(String name) {
        lastClose(ifaces.get(name));
    }

    int openFds() {
        return fds.size();
    }

    List<String> interfaceNames() {
        return new ArrayList<>(ifaces.keySet());
    }

    private SysCallException err(String op, int errno) {
        calls.add(op + " -> errno " + errno);
        return new SysCallException(op, errno, null);
    }

    private Iface iface(String name, String op) {
        Iface i = ifaces.get(name);
        if (i == null) {
            throw err(op + " " + name, SysErrno.ENXIO);
        }
        return i;
    }

    private Iface fd(int fd, String op) {
        Iface i = fds.get(fd);
        if (i == null) {
            throw err(op + " fd " + fd, 9 /* EBADF */);
        }
        return i;
    }

    @Override
    public List<Interface> interfaces() {
        listings++;
        List<Interface> out = new ArrayList<>();
        for (Iface i : ifaces.values()) {
            out.add(new Interface(i.name, i.index, i.type, i.type == IFT_ETHER ? String.format("58:9c:fc:00:00:%02x",
                    i.index) : null, 1500, i.flags, i.open(), new LinkStats(0, 0, 0, 0)));
        }
        return out;
    }

    @Override
    public int nameToIndex(String name) {
        Iface i = ifaces.get(name);
        return i == null ? 0 : i.index;
    }

    @Override
    public Optional<DevNode> devNode(String path) {
        if (path.equals("/dev/tap")) {
            return Optional.of(new DevNode(0, 0, 0600));
        }
        Iface i = ifaces.get(path.substring("/dev/".length()));
        return i == null || !i.hasDevice ? Optional.empty() : Optional.of(new DevNode(i.uid, i.gid, i.mode));
    }

    private boolean mayClone() {
        return (root() || userOpen == 1) && devfsCloning == 1;
    }

    @Override
    public int open(String path) {
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
        int fd = nextFd++;
        fds.put(fd, t);
        return fd;
    }

    @Override
    public void close(int fd) {
        calls.add("close " + fd);
        Iface t = fds.remove(fd);
        if (t != null) {
            lastClose(t);
        }
    }

    private void lastClose(Iface t) {
        t.openedBy = 0;
        t.vnetHdr = 0;
        if ((t.flags & NetIf.IFF_LINK0) == 0) {
            t.flags &= ~NetIf.IFF_UP;
            t.addresses.clear();
        }
    }

    @Override
    public String tapName(int fd) {
        return fd(fd, "TAPGIFNAME").name;
    }

    @Override
    public void setFlagsThroughFd(int fd, int flags) {
        Iface t = fd(fd, "VMIO_SIOCSIFFLAGS");
        calls.add("VMIO_SIOCSIFFLAGS " + t.name + " " + Integer.toHexString(flags));
        int f = flags & 0x0fff & ~CANTCHANGE | NetIf.IFF_UP;
        t.flags = f | (t.flags & CANTCHANGE);
    }

    @Override
    public void setVnetHdr(int fd, int length) {
        Iface t = fd(fd, "TAPSVNETHDR");
        if (length != 0 && length != 10 && length != 12) {
            throw err("TAPSVNETHDR", SysErrno.EINVAL);
        }
        t.vnetHdr = length;
    }

    @Override
    public int flags(String name) {
        return iface(name, "SIOCGIFFLAGS").flags;
    }

    @Override
    public void setFlags(String name, int flags) {
        Iface t = iface(name, "SIOCSIFFLAGS");
        if (!root()) {
            throw err("SIOCSIFFLAGS " + name, SysErrno.EPERM);
        }
        calls.add("SIOCSIFFLAGS " + name + " " + Integer.toHexString(flags));
        t.flags = flags & ~CANTCHANGE | (t.flags & CANTCHANGE);
    }

    @Override
    public String status(String name) {
        Iface t = iface(name, "SIOCGIFSTATUS");
        return t.open() ? "\tOpened by PID " + t.openedBy + "\n" : "";
    }

    @Override
    public int mediaStatus(String name) {
        Iface t = iface(name, "SIOCGIFMEDIA");
        if (!t.hasDevice || t.type != IFT_ETHER) {
            throw err("SIOCGIFMEDIA " + name, SysErrno.EINVAL);
        }
        return IfMedia.IFM_AVALID | (t.open() ? IfMedia.IFM_ACTIVE : 0);
    }

    @Override
    public String description(String name) {
        return iface(name, "SIOCGIFDESCR").description;
    }

    @Override
    public void setDescription(String name, String description) {
        Iface t = iface(name, "SIOCSIFDESCR");
        if (!root()) {
            throw err("SIOCSIFDESCR " + name, SysErrno.EPERM);
        }
        calls.add("SIOCSIFDESCR " + name + " " + description);
        t.description = description;
    }

    @Override
    public void destroy(String name) {
        Iface t = iface(name, "SIOCIFDESTROY");
        if (!root()) {
            throw err("SIOCIFDESTROY " + name, SysErrno.EPERM);
        }
        if (t.open()) {
            throw new IllegalStateException("SIOCIFDESTROY of open " + name + " would block until it is closed");
        }
        calls.add("SIOCIFDESTROY " + name);
        ifaces.remove(name);
    }

    @Override
    public void setOwnership(String path, int owner, int group, int mode) {
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
    public Optional<Integer> sysctlInt(String name) {
        return switch (name) {
            case "net.link.tap.user_open" -> Optional.of(userOpen);
            case "net.link.tap.devfs_cloning" -> Optional.of(devfsCloning);
            case "net.link.tap.up_on_open" -> Optional.of(0);
            default -> Optional.empty();
        };
    }

    @Override
    public Optional<Holder> process(int p) {
        return Optional.ofNullable(processes.get(p));
    }

    @Override
    public int uid() {
        return uid;
    }
}
