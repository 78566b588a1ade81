package org.taplease.core.internal.freebsd;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.taplease.core.Holder;
import org.taplease.core.LeaseRequest;
import org.taplease.core.PoolInfo;
import org.taplease.core.PoolRemoval;
import org.taplease.core.PoolReport;
import org.taplease.core.PoolSpec;
import org.taplease.core.TapException;
import org.taplease.core.TapException.Reason;
import org.taplease.core.TapInfo;
import org.taplease.core.TapLease;
import org.taplease.core.TapNames;
import org.taplease.core.TapService;
import org.taplease.core.Accounts;
import org.taplease.core.internal.HandoffLocks;
import org.taplease.core.internal.SysCallException;
import org.taplease.core.internal.TapAccess;
import org.taplease.core.internal.freebsd.jna.IfMedia;
import org.taplease.core.internal.freebsd.jna.IfTap;
import org.taplease.core.internal.freebsd.jna.NetIf;
import org.taplease.core.internal.freebsd.jna.SysErrno;

/**
 * The FreeBSD backend: "give me a free one" on the kernel whose {@code /dev/tap} was once proposed to do it.
 * <p>
 * A tap is free when no descriptor has its {@code /dev/tapN} open; {@code open(2)} of an open tap fails with EBUSY
 * (if_tuntap.c {@code tunopen}), so a lease is an exclusive open, arbitrated by the kernel like Linux's trial attach.
 * The inventory is the interface list plus, per tap, {@code SIOCGIFSTATUS} ("Opened by PID N", the holder) and
 * {@code SIOCGIFMEDIA} (IFM_ACTIVE while open). Pools are taps whose description is {@code taplease:pool=NAME}.
 * <p>
 * Two FreeBSD traps are handled here. (1) Opening a missing {@code /dev/tapN} may <em>create</em> tapN (devfs
 * cloning, for root or with {@code net.link.tap.user_open}): a lease opens a tap only after the interface list showed
 * it, and if the interface vanished in between, the open that re-created it is detected (another ifindex) and the
 * accidental tap destroyed. (2) A closed tap goes down and loses its addresses unless IFF_LINK0 is set: a pool made with
 * {@code keepAddresses} gets IFF_LINK0. On lease the tap is brought up through its own descriptor the way bhyve does
 * ({@code VMIO_SIOCSIFFLAGS}, no privilege needed), keeping its other flags.
 * <p>
 * All system calls go through {@link FreeBsdSys}, so the decisions are tested on Linux against a model of the driver.
 * This backend has not run on a FreeBSD kernel in this project's CI (docs/freebsd.md).
 */
public final class FreeBsdTapService implements TapService {

    /** The description prefix that marks a pool member (the same label as Linux's ifalias). */
    public static final String LABEL_PREFIX = "taplease:pool=";
    /** The cloning device: each open makes a new tap. */
    static final String CLONE_DEVICE = "/dev/tap";
    /** The command shown for a holder whose opener has exited (the tap is held by a process it handed it to). */
    public static final String EXITED_OPENER = "[opener-exited]";
    private static final Pattern OPENED_BY = Pattern.compile("Opened by PID (\\d+)");
    private static final int MAX_POOL_SIZE = 4096;

    private final FreeBsdSys sys;
    private final HandoffLocks handoffs;
    private final Map<String, String> lastReleased = new java.util.concurrent.ConcurrentHashMap<>();

    public FreeBsdTapService(FreeBsdSys sys, HandoffLocks handoffs) {
        this.sys = sys;
        this.handoffs = handoffs;
    }

    @Override
    public String backend() {
        return "freebsd";
    }

    // ---------------------------------------------------------------- inventory

    /** Whether {@code i} is a tap: an Ethernet interface with its own {@code /dev} node (a tun is not Ethernet). */
    private boolean isTap(FreeBsdSys.Interface i) {
        return i.type() == FreeBsdSys.IFT_ETHER && sys.devNode(devPath(i.name())).isPresent();
    }

    static String devPath(String name) {
        return "/dev/" + name;
    }

    /** The pool of a description, or null. */
    public static String poolOf(String description) {
        if (description == null || !description.startsWith(LABEL_PREFIX)) {
            return null;
        }
        String p = description.substring(LABEL_PREFIX.length()).trim();
        return p.isEmpty() ? null : p;
    }

    /** A tap as listed: the interface entry and its state, from one interface listing. */
    private record Listed(FreeBsdSys.Interface iface, TapInfo info) {
    }

    private List<Listed> list(boolean withHolders) {
        List<Listed> out = new ArrayList<>();
        for (FreeBsdSys.Interface i : sys.interfaces()) {
            if (isTap(i)) {
                TapInfo t = describe(i, withHolders);
                if (t != null) {
                    out.add(new Listed(i, t));
                }
            }
        }
        out.sort(Comparator.comparing(l -> l.info().name(), TapNames::compare));
        return out;
    }

    @Override
    public List<TapInfo> inventory(boolean withHolders) {
        return list(withHolders).stream().map(Listed::info).toList();
    }

    @Override
    public Optional<TapInfo> tap(String name, boolean withHolders) {
        TapNames.requireValidInterface(name);
        for (FreeBsdSys.Interface i : sys.interfaces()) {
            if (i.name().equals(name)) {
                return isTap(i) ? Optional.ofNullable(describe(i, withHolders)) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** One tap's state; null if it vanished while being read. */
    private TapInfo describe(FreeBsdSys.Interface i, boolean withHolders) {
        try {
            String description = sys.description(i.name());
            int media = sys.mediaStatus(i.name());
            boolean attached = (media & IfMedia.IFM_ACTIVE) != 0;
            List<Holder> holders = List.of();
            if (withHolders && attached) {
                holders = holderOf(i.name()).map(List::of).orElse(List.of());
            }
            FreeBsdSys.DevNode node = sys.devNode(devPath(i.name())).orElse(null);
            return new TapInfo(i.name(), i.index(), i.mac(), i.mtu(), (i.flags() & NetIf.IFF_UP) != 0, attached,
                    i.linkUp() ? "up" : "down", true, false, false, node == null ? null : node.uid(),
                    node == null ? null : node.gid(), poolOf(description), description, attached, attached ? 1 : 0,
                    i.stats(), 0, holders, withHolders);
        } catch (SysCallException e) {
            if (e.errno() == SysErrno.ENXIO || e.errno() == SysErrno.ENOENT) {
                return null; // destroyed meanwhile
            }
            throw system(i.name(), e);
        }
    }

    /** The process the kernel names in {@code SIOCGIFSTATUS} ("Opened by PID N"), with its uid and command. */
    Optional<Holder> holderOf(String name) {
        Matcher m = OPENED_BY.matcher(sys.status(name));
        if (!m.find()) {
            return Optional.empty();
        }
        int pid = Integer.parseInt(m.group(1));
        // the kernel names the process that opened the tap; after a hand-over (taplease run) that opener may have
        // exited while a child it passed the descriptor to holds the tap
        return Optional.of(sys.process(pid).orElse(new Holder(pid, -1, EXITED_OPENER)));
    }

    // ---------------------------------------------------------------- leasing

    @Override
    public TapLease lease(LeaseRequest request) {
        if (request.isNamed()) {
            return leaseNamed(TapNames.requireValidInterface(request.name()), request.vnetHdr());
        }
        return leaseFromPool(request);
    }

    private TapLease leaseNamed(String name, boolean vnetHdr) {
        FreeBsdSys.Interface i = find(name);
        if (i == null) {
            // never open /dev/NAME for a name the kernel does not list: devfs cloning would create it
            throw new TapException(Reason.NOT_FOUND, name, "no such interface",
                    "check the name with 'taplease list'; taplease never creates a tap by opening its name");
        }
        if (!isTap(i)) {
            throw i.type() == FreeBsdSys.IFT_ETHER
                    ? new TapException(Reason.NOT_A_TAP, name, "not a tap: an Ethernet interface without a tap device",
                            "lease a tap; 'taplease list' shows them")
                    : new TapException(Reason.NOT_A_TAP, name, "not a tap: a tun (layer 3) or other device",
                            "emulators need a tap (layer 2); lease a tap instead");
        }
        handoffs.requireNotBlocked(name, uid -> mayOpen(name, uid));
        String pool = poolOf(safeDescription(name));
        int fd = attach(i, true);
        return finish(fd, i, pool, false, vnetHdr);
    }

    private TapLease leaseFromPool(LeaseRequest r) {
        String pool = TapNames.requireValidPool(r.pool() == null ? LeaseRequest.DEFAULT_POOL : r.pool());
        List<Listed> members = new ArrayList<>();
        for (Listed l : list(false)) {
            if (pool.equals(l.info().pool())) {
                members.add(l);
            }
        }
        String hint = r.preferred() != null ? r.preferred() : lastReleased.get(pool);
        members.sort(Comparator.<Listed, Boolean>comparing(l -> !l.info().name().equals(hint))
                .thenComparing(l -> l.info().attached()));
        for (Listed l : members) {
            if (l.info().attached() || handoffs.blocks(l.info().name(), uid -> mayOpen(l.info().name(), uid))) {
                continue;
            }
            int fd = attach(l.iface(), false);
            if (fd >= 0) {
                return finish(fd, l.iface(), pool, false, r.vnetHdr());
            }
        }
        if (r.allowCreate()) {
            Created c = create(pool, null, null, false);
            return finish(c.fd, c.iface, pool, true, r.vnetHdr());
        }
        if (members.isEmpty()) {
            throw new TapException(Reason.POOL_EXHAUSTED, "pool " + pool, "pool has no taps",
                    "create it once as root: sudo taplease pool create --name " + pool + " --count 4 --owner $USER");
        }
        throw new TapException(Reason.POOL_EXHAUSTED, "pool " + pool,
                "all " + members.size() + " taps of the pool are held",
                "wait for one to be released, see holders with 'taplease list', or grow the pool: sudo taplease pool "
                        + "create --name " + pool + " --count " + (members.size() + 1));
    }

    /** Whether {@code uid} may open tap {@code name}'s device node (asked only when a hand-over lock on it is held). */
    private boolean mayOpen(String name, int uid) {
        return uid == 0 || sys.devNode(devPath(name))
                .map(n -> TapAccess.mayOpenNode(uid, n.uid(), n.gid(), n.mode())).orElse(false);
    }

    private FreeBsdSys.Interface find(String name) {
        for (FreeBsdSys.Interface i : sys.interfaces()) {
            if (i.name().equals(name)) {
                return i;
            }
        }
        return null;
    }

    /**
     * The exclusive open of {@code /dev/NAME}: the descriptor, or -1 if the tap is busy and {@code strict} is false.
     * After the open, the interface must still be the one listed (same ifindex): if it vanished and the open re-created
     * it through devfs cloning, the accidental tap is destroyed and the lease refused.
     */
    private int attach(FreeBsdSys.Interface i, boolean strict) {
        String name = i.name();
        int fd;
        try {
            fd = sys.open(devPath(name));
        } catch (SysCallException e) {
            if (e.errno() == SysErrno.EBUSY) {
                if (!strict) {
                    return -1;
                }
                String who = holderOf(name).map(Holder::describe).orElse("another process");
                throw new TapException(Reason.BUSY, name, "busy, held by " + who,
                        "lease another tap (e.g. any free one of its pool), or stop the holder", e.errno(),
                        strerror(e), "open", e);
            }
            if (e.errno() == SysErrno.EACCES || e.errno() == SysErrno.EPERM) {
                throw new TapException(Reason.PERMISSION, name, "not allowed to open " + devPath(name) + ": "
                        + ownership(name), devfsFix(name), e.errno(), strerror(e), "open", e);
            }
            if (e.errno() == SysErrno.ENOENT || e.errno() == SysErrno.ENXIO) {
                if (!strict) {
                    return -1;
                }
                throw new TapException(Reason.NOT_FOUND, name, "the tap vanished before it could be opened",
                        "retry; 'taplease list' shows the taps", e.errno(), strerror(e), "open", e);
            }
            throw system(name, e);
        }
        try {
            int now = sys.nameToIndex(name);
            String opened = sys.tapName(fd);
            if (now != i.index() || !name.equals(opened)) {
                // the listed tap is gone and our open cloned a new one (or another tap took the name): undo it
                sys.close(fd);
                fd = -1;
                if (now != 0 && now != i.index() && name.equals(opened)) {
                    destroyQuietly(name);
                }
                if (!strict) {
                    return -1;
                }
                throw new TapException(Reason.NOT_FOUND, name, "the tap vanished before it could be opened",
                        "retry; 'taplease list' shows the taps");
            }
            return fd;
        } catch (SysCallException e) {
            sys.close(fd);
            throw system(name, e);
        }
    }

    /**
     * Brings the leased tap up through its descriptor as bhyve does, and sets the vnet header. A tap with IFF_LINK0
     * stays up across closes; {@code VMIO_SIOCSIFFLAGS} would clear that flag, so such a tap is left as it is.
     */
    private TapLease finish(int fd, FreeBsdSys.Interface i, String pool, boolean created, boolean vnetHdr) {
        try {
            int flags = sys.flags(i.name());
            if ((flags & NetIf.IFF_UP) == 0 && (flags & NetIf.IFF_LINK0) == 0) {
                sys.setFlagsThroughFd(fd, flags | NetIf.IFF_UP);
            }
            sys.setVnetHdr(fd, vnetHdr ? IfTap.VNET_HDR_LEN : 0);
        } catch (SysCallException e) {
            sys.close(fd);
            throw system(i.name(), e);
        }
        return new FreeBsdTapLease(this, fd, i.name(), i.index(), pool, created);
    }

    void released(String pool, String name) {
        if (pool != null) {
            lastReleased.put(pool, name);
        }
    }

    FreeBsdSys sys() {
        return sys;
    }

    // ---------------------------------------------------------------- creating

    private record Created(int fd, FreeBsdSys.Interface iface) {
    }

    /**
     * A new tap by cloning {@code /dev/tap} (which needs root, or {@code net.link.tap.user_open=1}, and
     * {@code net.link.tap.devfs_cloning=1}): labelled for {@code pool}, owned by {@code owner}/{@code group} (device
     * node, until reboot), IFF_LINK0 if {@code keepAddresses}. Returns it open.
     */
    private Created create(String pool, Integer owner, Integer group, boolean keepAddresses) {
        if (sys.sysctlInt("net.link.tap.devfs_cloning").orElse(1) == 0) {
            throw new TapException(Reason.PERMISSION, CLONE_DEVICE,
                    "creating taps by opening /dev/tap is disabled (net.link.tap.devfs_cloning=0)",
                    "create them as root with 'ifconfig tap create' and label them 'ifconfig tapN description "
                            + LABEL_PREFIX + pool + "', or set net.link.tap.devfs_cloning=1 (taplease does not change it)");
        }
        int fd;
        try {
            fd = sys.open(CLONE_DEVICE);
        } catch (SysCallException e) {
            if (e.errno() == SysErrno.ENOENT || e.errno() == SysErrno.EACCES || e.errno() == SysErrno.EPERM
                    || e.errno() == SysErrno.ENXIO) {
                throw new TapException(Reason.PERMISSION, CLONE_DEVICE, "creating taps needs root",
                        "run as root: sudo taplease pool create --name " + pool + " --count N --owner $USER",
                        e.errno(), strerror(e), "open", e);
            }
            throw system(CLONE_DEVICE, e);
        }
        String name = null;
        try {
            name = sys.tapName(fd);
            sys.setDescription(name, LABEL_PREFIX + pool);
            if (owner != null || group != null) {
                FreeBsdSys.DevNode n = sys.devNode(devPath(name)).orElseThrow();
                sys.setOwnership(devPath(name), owner == null ? n.uid() : owner, group == null ? n.gid() : group,
                        0660);
            }
            if (keepAddresses) {
                sys.setFlags(name, sys.flags(name) | NetIf.IFF_LINK0 | NetIf.IFF_UP);
            }
            FreeBsdSys.Interface i = find(name);
            if (i == null) {
                throw new SysCallException("if_nametoindex " + name, SysErrno.ENXIO, null);
            }
            return new Created(fd, i);
        } catch (SysCallException | java.util.NoSuchElementException e) {
            sys.close(fd);
            if (name != null) {
                destroyQuietly(name);
            }
            if (e instanceof SysCallException s && (s.errno() == SysErrno.EPERM || s.errno() == SysErrno.EACCES)) {
                throw new TapException(Reason.PERMISSION, name, "labelling a pool tap needs root",
                        "run as root: sudo taplease pool create --name " + pool + " --count N --owner $USER",
                        s.errno(), strerror(s), s.operation(), s);
            }
            throw e instanceof SysCallException s ? system(name, s)
                    : new TapException(Reason.SYSTEM, name, "the new tap has no device node", null);
        }
    }

    private void destroyQuietly(String name) {
        try {
            sys.destroy(name);
        } catch (SysCallException ignored) {
            // best effort: the tap is left for 'ifconfig NAME destroy'
        }
    }

    // ---------------------------------------------------------------- pools

    @Override
    public PoolReport provisionPool(PoolSpec spec) {
        String pool = TapNames.requireValidPool(spec.name());
        if (spec.count() < 1 || spec.count() > MAX_POOL_SIZE) {
            throw new TapException(Reason.INVALID_REQUEST, "pool " + pool, "count " + spec.count() + " out of range",
                    "give a count from 1 to " + MAX_POOL_SIZE);
        }
        if (spec.owner() != null && spec.owner() < 0 || spec.group() != null && spec.group() < 0) {
            throw new TapException(Reason.INVALID_REQUEST, "pool " + pool, "owner and group must be >= 0", null);
        }
        List<String> existing = new ArrayList<>();
        for (TapInfo t : inventory(false)) {
            if (pool.equals(t.pool())) {
                existing.add(t.name());
            }
        }
        List<String> created = new ArrayList<>();
        try {
            while (existing.size() + created.size() < spec.count()) {
                Created c = create(pool, spec.owner(), spec.group(), spec.keepAddresses());
                sys.close(c.fd);
                created.add(c.iface.name());
            }
        } catch (TapException e) {
            for (String name : created) {
                destroyQuietly(name);
            }
            throw e;
        }
        List<String> notes = new ArrayList<>(platformNotes());
        if (spec.template() != null && !LeaseRequest.DEFAULT_TEMPLATE.equals(spec.template())) {
            notes.add("FreeBSD names cloned taps tapN itself; the template " + spec.template() + " is not used");
        }
        if (!created.isEmpty() && (spec.owner() != null || spec.group() != null)) {
            notes.add(devfsRules(created, spec.owner(), spec.group()));
        }
        return new PoolReport(pool, created, existing, notes);
    }

    /** What an administrator should know about the tap sysctls; reported, never changed. */
    public List<String> platformNotes() {
        List<String> notes = new ArrayList<>();
        Optional<Integer> userOpen = sys.sysctlInt("net.link.tap.user_open");
        Optional<Integer> cloning = sys.sysctlInt("net.link.tap.devfs_cloning");
        Optional<Integer> upOnOpen = sys.sysctlInt("net.link.tap.up_on_open");
        notes.add("net.link.tap.user_open=" + userOpen.map(String::valueOf).orElse("(absent)")
                + " (1 lets any user create taps by opening /dev/tap; taplease pools do not need it)");
        notes.add("net.link.tap.devfs_cloning=" + cloning.map(String::valueOf).orElse("(absent)")
                + " (1 lets an open of /dev/tap or a missing /dev/tapN create a tap; taplease never opens a tap it"
                + " did not list first)");
        notes.add("net.link.tap.up_on_open=" + upOnOpen.map(String::valueOf).orElse("(absent)")
                + " (taplease brings a leased tap up itself)");
        return notes;
    }

    /** devfs.rules lines that keep the pool's device ownership across reboots (devfs resets chown at boot). */
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

    @Override
    public List<PoolInfo> pools() {
        Map<String, List<TapInfo>> byPool = new TreeMap<>();
        for (TapInfo t : inventory(false)) {
            if (t.pool() != null) {
                byPool.computeIfAbsent(t.pool(), k -> new ArrayList<>()).add(t);
            }
        }
        List<PoolInfo> out = new ArrayList<>();
        for (Map.Entry<String, List<TapInfo>> e : byPool.entrySet()) {
            List<TapInfo> ts = e.getValue();
            int free = (int) ts.stream().filter(t -> !t.attached()).count();
            Integer owner = common(ts.stream().map(TapInfo::owner).toList());
            Integer group = common(ts.stream().map(TapInfo::group).toList());
            out.add(new PoolInfo(e.getKey(), ts.stream().map(TapInfo::name).toList(), free, owner, group));
        }
        return out;
    }

    private static Integer common(List<Integer> values) {
        Integer first = values.isEmpty() ? null : values.get(0);
        return values.stream().allMatch(v -> v != null && v.equals(first)) ? first : null;
    }

    @Override
    public PoolRemoval removePool(String pool) {
        TapNames.requireValidPool(pool);
        List<TapInfo> members = inventory(true).stream().filter(t -> pool.equals(t.pool())).toList();
        if (members.isEmpty()) {
            throw new TapException(Reason.NOT_FOUND, "pool " + pool, "no such pool", "'taplease pool list' shows them");
        }
        List<String> deleted = new ArrayList<>();
        List<PoolRemoval.Kept> kept = new ArrayList<>();
        for (TapInfo t : members) {
            if (destroyIfFree(t.name())) {
                deleted.add(t.name());
            } else {
                kept.add(new PoolRemoval.Kept(t.name(), holderOf(t.name()).map(List::of).orElse(List.of())));
            }
        }
        return new PoolRemoval(pool, deleted, kept);
    }

    @Override
    public void deleteTap(String name) {
        TapNames.requireValidInterface(name);
        FreeBsdSys.Interface i = find(name);
        if (i == null || !isTap(i)) {
            throw new TapException(Reason.NOT_FOUND, name, "no such tap", "check the name with 'taplease list'");
        }
        if (poolOf(safeDescription(name)) == null) {
            throw new TapException(Reason.PERMISSION, name, "not a taplease tap (no " + LABEL_PREFIX + " label)",
                    "taplease deletes only the taps of its pools; 'ifconfig " + name + " destroy' deletes any");
        }
        if (!destroyIfFree(name)) {
            String who = holderOf(name).map(Holder::describe).orElse("another process");
            throw new TapException(Reason.BUSY, name, "busy, held by " + who, "stop the holder first");
        }
    }

    /**
     * Destroys a labelled tap if nobody holds it: the exclusive open proves it free (EBUSY if not), the handoff lock
     * keeps taplease's allocators off it between that open's close and the destroy.
     */
    private boolean destroyIfFree(String name) {
        FreeBsdSys.Interface i = find(name);
        if (i == null) {
            return true;
        }
        try (HandoffLocks.Handoff lock = handoffs.take(name)) {
            int fd = attach(i, false);
            if (fd < 0) {
                return false;
            }
            sys.close(fd);
            try {
                sys.destroy(name);
            } catch (SysCallException e) {
                if (e.errno() == SysErrno.EPERM || e.errno() == SysErrno.EACCES) {
                    throw new TapException(Reason.PERMISSION, name, "deleting taps needs root",
                            "run as root: sudo taplease pool delete --name " + poolOf(safeDescription(name)),
                            e.errno(), strerror(e), "SIOCIFDESTROY", e);
                }
                throw system(name, e);
            }
            return true;
        } catch (TapException e) {
            if (e.reason() == Reason.BUSY) {
                return false;
            }
            throw e;
        }
    }

    // ---------------------------------------------------------------- errors

    private String safeDescription(String name) {
        try {
            return sys.description(name);
        } catch (SysCallException e) {
            return "";
        }
    }

    private String ownership(String name) {
        return sys.devNode(devPath(name)).map(n -> devPath(name) + " is " + Accounts.user(n.uid()) + ":"
                + Accounts.group(n.gid()) + " mode " + String.format("%04o", n.mode() & 07777) + "; you are "
                + Accounts.user(sys.uid()) + " (uid " + sys.uid() + ")").orElse("no device node");
    }

    private static String devfsFix(String name) {
        return "lease from a pool provisioned for your user or group (sudo taplease pool create --name P --count N"
                + " --owner $USER), or give the node to you: a devfs.rules line \"add path '" + name
                + "' mode 0660 group GROUP\"";
    }

    private static String strerror(SysCallException e) {
        String m = e.getMessage();
        int colon = m.indexOf(": ");
        int paren = m.lastIndexOf(" (errno");
        return colon >= 0 && paren > colon ? m.substring(colon + 2, paren) : m;
    }

    private static TapException system(String device, SysCallException e) {
        return new TapException(Reason.SYSTEM, device, "system call failed", null, e.errno(), strerror(e),
                e.operation(), e);
    }
}
