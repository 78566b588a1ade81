package org.taplease.core.internal.linux;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

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
import org.taplease.core.internal.HandoffLocks;
import org.taplease.core.internal.SysCallException;
import org.taplease.core.internal.TapAccess;
import org.taplease.core.internal.jna.Errno;
import org.taplease.core.internal.jna.Grp;
import org.taplease.core.internal.jna.IfTun;
import org.taplease.core.internal.jna.NetIf;
import org.taplease.core.internal.jna.Pwd;
import org.taplease.core.internal.jna.Unistd;

/**
 * The Linux backend. Inventory comes from one route-netlink dump (tun data, counters, carrier, alias) plus an
 * optional {@code /proc} holder scan; a lease is a {@code TUNSETIFF} trial attach on a fresh {@code /dev/net/tun}
 * descriptor, so the kernel arbitrates between competing allocators.
 */
public final class LinuxTapService implements TapService {

    /** The alias prefix that marks a tap as taplease's and names its pool. */
    public static final String LABEL_PREFIX = "taplease:pool=";
    /** Highest member number tried when creating. */
    private static final int MAX_INDEX = 65535;
    /** Largest pool provisioned in one call. */
    public static final int MAX_POOL_SIZE = 16384;

    private static final short ATTACH_FLAGS = (short) (IfTun.IFF_TAP | IfTun.IFF_NO_PI);

    private final HolderScanner holderScanner = new HolderScanner();
    private final HandoffLocks handoffs = HandoffLocks.standard();
    private final Map<String, Hint> hints = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public String backend() {
        return "linux";
    }

    // ---------------------------------------------------------------- inventory

    @Override
    public List<TapInfo> inventory(boolean withHolders) {
        List<Link> links = dump();
        List<TapInfo> taps = new ArrayList<>();
        for (Link l : links) {
            if (l.isTap()) {
                taps.add(toInfo(l));
            }
        }
        taps.sort(Comparator.comparing(TapInfo::name, TapNames::compare));
        return withHolders ? addHolders(taps) : taps;
    }

    @Override
    public Optional<TapInfo> tap(String name, boolean withHolders) {
        TapNames.requireValidInterface(name);
        Link l = getLink(name);
        if (l == null || !l.isTap()) {
            return Optional.empty();
        }
        TapInfo info = toInfo(l);
        return Optional.of(withHolders ? addHolders(List.of(info)).get(0) : info);
    }

    private List<TapInfo> addHolders(List<TapInfo> taps) {
        Set<String> attached = new HashSet<>();
        for (TapInfo t : taps) {
            if (t.attached()) {
                attached.add(t.name());
            }
        }
        Map<String, List<Holder>> found = holderScanner.scan(attached);
        List<TapInfo> out = new ArrayList<>(taps.size());
        for (TapInfo t : taps) {
            out.add(t.withHolders(found.getOrDefault(t.name(), List.of())));
        }
        return out;
    }

    static TapInfo toInfo(Link l) {
        Link.Tun t = l.tun();
        return new TapInfo(l.name(), l.index(), l.macString(), l.mtu(), l.adminUp(), l.carrier(), l.operStateName(),
                t.persist(), t.multiQueue(), t.vnetHdr(), t.owner(), t.group(), poolOf(l.alias()), l.alias(),
                l.attached(), t.numQueues(), l.stats(), l.carrierChanges(), List.of(), false);
    }

    /** The pool named by a taplease label, or null. */
    public static String poolOf(String alias) {
        if (alias == null || !alias.startsWith(LABEL_PREFIX)) {
            return null;
        }
        String rest = alias.substring(LABEL_PREFIX.length()).trim();
        int sp = rest.indexOf(' ');
        return sp < 0 ? rest : rest.substring(0, sp);
    }


    // ---------------------------------------------------------------- lease

    @Override
    public TapLease lease(LeaseRequest request) {
        if (request.isNamed()) {
            return attachByName(TapNames.requireValidInterface(request.name()), request.vnetHdr());
        }
        String pool = TapNames.requireValidPool(request.pool() == null ? LeaseRequest.DEFAULT_POOL : request.pool());
        if (request.preferred() != null) {
            TapNames.requireValidInterface(request.preferred());
        }
        if (request.allowCreate()) {
            TapNames.requireValidTemplate(request.template(), pool);
        }
        // fast paths without a dump: the preferred tap, then the one this service released last in this pool
        Set<String> tried = new HashSet<>();
        if (request.preferred() != null) {
            TapLease l = tryByName(request.preferred(), request.vnetHdr(), 0, null, tried);
            if (l != null) {
                return l;
            }
        }
        Hint hint = hints.get(pool);
        if (hint != null && !tried.contains(hint.name())) {
            TapLease l = tryByName(hint.name(), request.vnetHdr(), hint.ifindex(), pool, tried);
            if (l != null) {
                return l;
            }
            hints.remove(pool, hint);
        }
        List<Link> links = dump(false);
        List<Link> candidates = new ArrayList<>();
        for (Link l : links) {
            if (l.isTap() && pool.equals(poolOf(l.alias())) && !l.tun().multiQueue()) {
                candidates.add(l);
            }
        }
        // kernel hints order the candidates; the trial attach decides
        candidates.sort(Comparator.comparing(Link::attached).thenComparing(Link::name, TapNames::compare));
        TapException permission = null;
        for (Link l : candidates) {
            if (tried.contains(l.name())) {
                continue; // the fast path found it taken a moment ago
            }
            try {
                return attachExisting(l, request.vnetHdr());
            } catch (TapException e) {
                switch (e.reason()) {
                case BUSY, NOT_FOUND, NOT_A_TAP, MULTI_QUEUE -> {
                    // taken, vanished or changed since the dump: try the next
                }
                case PERMISSION -> {
                    if (e.operation() != null && e.operation().startsWith("open")) {
                        throw e; // cannot open /dev/net/tun at all: no candidate will do
                    }
                    if (permission == null) {
                        permission = e;
                    }
                }
                default -> throw e;
                }
            }
        }
        if (request.allowCreate()) {
            Integer[] og = commonOwnerGroup(candidates);
            return create(pool, request.template(), og[0], og[1], request.vnetHdr(), names(links));
        }
        if (permission != null) {
            throw permission;
        }
        throw exhausted(pool, candidates.size());
    }

    private TapException exhausted(String pool, int members) {
        if (members == 0) {
            return new TapException(Reason.POOL_EXHAUSTED, "pool " + pool, "pool has no taps",
                    "create it once as root: sudo taplease pool create --name " + pool + " --count 4 --owner $USER"
                            + " (or lease with --create as root)");
        }
        return new TapException(Reason.POOL_EXHAUSTED, "pool " + pool,
                "all " + members + " taps of the pool are held",
                "wait for one to be released, see holders with 'taplease list', or grow the pool: sudo taplease pool"
                        + " create --name " + pool + " --count " + (members + 4));
    }

    private static Integer[] commonOwnerGroup(List<Link> members) {
        Integer owner = null;
        Integer group = null;
        boolean first = true;
        for (Link l : members) {
            if (first) {
                owner = l.tun().owner();
                group = l.tun().group();
                first = false;
            } else {
                if (owner != null && !owner.equals(l.tun().owner())) {
                    owner = null;
                }
                if (group != null && !group.equals(l.tun().group())) {
                    group = null;
                }
            }
        }
        return new Integer[] { owner, group };
    }

    /**
     * Checks that {@code l} (as listed, possibly stale) can be leased exclusively, then attaches it. Public for tests
     * that replay races with a stale listing.
     */
    public TapLease attachExisting(Link l, boolean vnetHdr) {
        requireLeasable(l);
        return attach(l.name(), l.index(), poolOf(l.alias()), true, vnetHdr);
    }

    /**
     * Attaches {@code name} without listing first: the kernel's answer is the check ({@code EINVAL} for a device
     * that is not a single-queue tap), and only a failure is explained by looking the link up.
     */
    private TapLease attachByName(String name, boolean vnetHdr) {
        int index = NetIf.if_nametoindex(name);
        if (index == 0) {
            throw notFound(name);
        }
        return attach(name, index, null, false, vnetHdr);
    }

    /**
     * A fast-path attempt on one tap: the lease, or null if it is taken, gone, not a tap, not allowed, or (when
     * {@code expectedIndex} is not 0) no longer the device it was.
     */
    private TapLease tryByName(String name, boolean vnetHdr, int expectedIndex, String knownPool, Set<String> tried) {
        tried.add(name);
        try {
            int index = NetIf.if_nametoindex(name);
            if (index == 0 || expectedIndex != 0 && index != expectedIndex) {
                return null;
            }
            return attach(name, index, knownPool, knownPool != null, vnetHdr);
        } catch (TapException e) {
            return switch (e.reason()) {
            case BUSY, NOT_FOUND, NOT_A_TAP, MULTI_QUEUE, PERMISSION -> null;
            default -> throw e;
            };
        }
    }

    /** Remembers the tap a pool lease released, to try it first next time (only a hint: the kernel decides). */
    void released(String pool, String name, int ifindex) {
        hints.put(pool, new Hint(name, ifindex));
    }

    /** The last tap released from a pool by this service. */
    private record Hint(String name, int ifindex) {
    }

    /**
     * The attach itself: open, {@code TUNSETIFF}, check that a persistent tap was attached (not a transient one
     * created because the name vanished), reset per-lease state. Every failure path closes the descriptor.
     */
    private LinuxTapLease attach(String name, int index, String pool, boolean poolKnown, boolean vnetHdr) {
        handoffs.requireNotBlocked(name, uid -> mayAttach(name, uid));
        int fd = openTun();
        boolean ok = false;
        try {
            short flags = (short) (ATTACH_FLAGS | (vnetHdr ? IfTun.IFF_VNET_HDR : 0));
            try {
                TunFd.setIff(fd, name, flags);
            } catch (SysCallException e) {
                throw attachFailure(name, e);
            }
            short got = TunFd.getIffFlags(fd);
            if ((got & IfTun.IFF_PERSIST) == 0) {
                // the tap vanished between lookup and attach, and TUNSETIFF created a transient one: closing the
                // descriptor destroys it again
                throw new TapException(Reason.NOT_FOUND, name, "the tap vanished before it could be attached",
                        "list taps again with 'taplease list'");
            }
            // per-lease state a previous user may have left: offloads and vnet header size
            TunFd.setOffload(fd, 0);
            TunFd.setVnetHdrSize(fd, IfTun.DEFAULT_VNET_HDR_SZ);
            ok = true;
            return new LinuxTapLease(this, fd, name, index, pool, poolKnown, false);
        } catch (SysCallException e) {
            throw system(name, e);
        } finally {
            if (!ok) {
                TunFd.close(fd);
            }
        }
    }

    /** Whether {@code uid} may attach tap {@code name} (asked only when a hand-over lock on it is held). */
    private static boolean mayAttach(String name, int uid) {
        if (uid == 0) {
            return true;
        }
        Link l = getLink(name);
        return l != null && l.tun() != null && TapAccess.mayAttach(uid, l.tun().owner(), l.tun().group());
    }

    /** Refuses non-tun devices, tun (L3) devices and multi-queue taps, each with its reason. */
    private static void requireLeasable(Link l) {
        String name = l.name();
        if (!l.isTunDriver()) {
            throw new TapException(Reason.NOT_A_TAP, name,
                    "not a tap: a " + (l.kind() == null ? describeKindless(l) : l.kind()) + " device",
                    "lease a tap; 'taplease list' shows them");
        }
        if (!l.isTap()) {
            throw new TapException(Reason.NOT_A_TAP, name, "not a tap: a tun (layer 3) device",
                    "emulators need a tap (layer 2); lease a tap instead");
        }
        if (l.tun().multiQueue()) {
            throw new TapException(Reason.MULTI_QUEUE, name,
                    "multi-queue tap: it accepts more attachers, so it cannot be leased exclusively",
                    "use a single-queue tap (taplease pool create makes them)");
        }
    }

    private static String describeKindless(Link l) {
        return "lo".equals(l.name()) || (l.flags() & 0x8) != 0 ? "loopback" : "non-tun";
    }

    private TapException attachFailure(String name, SysCallException e) {
        int errno = e.errno();
        if (errno == Errno.EBUSY) {
            List<Holder> h = holderScanner.scan(Set.of(name)).getOrDefault(name, List.of());
            String who = h.isEmpty() ? "another process (not visible to you)"
                    : String.join(", ", h.stream().map(Holder::describe).toList());
            return new TapException(Reason.BUSY, name, "busy, held by " + who,
                    "lease another tap (e.g. any free one of its pool), or stop the holder", errno,
                    Errno.message(errno), e.operation(), e);
        }
        if (errno == Errno.EPERM || errno == Errno.EACCES) {
            Link now = getLink(name);
            if (now == null) {
                return notFound(name);
            }
            return new TapException(Reason.PERMISSION, name, "not allowed to attach: " + ownership(now),
                    PERMISSION_FIX, errno, Errno.message(errno), e.operation(), e);
        }
        if (errno == Errno.EINVAL) {
            Link now = getLink(name);
            if (now == null) {
                return notFound(name);
            }
            try {
                requireLeasable(now); // not a single-queue tap (or no longer one)
            } catch (TapException why) {
                return why;
            }
        }
        return system(name, e);
    }

    private static String ownership(Link l) {
        Integer o = l.tun().owner();
        Integer g = l.tun().group();
        StringBuilder b = new StringBuilder("the tap belongs to ");
        if (o != null) {
            b.append("user ").append(userName(o));
        }
        if (g != null) {
            b.append(o != null ? " and " : "").append("group ").append(groupName(g));
        }
        if (o == null && g == null) {
            return "creating or attaching needs CAP_NET_ADMIN here";
        }
        b.append("; you are uid ").append(Unistd.geteuid());
        return b.toString();
    }

    private static final String PERMISSION_FIX = "lease from a pool owned by your user or group, provisioned once by"
            + " an admin: sudo taplease pool create --name POOL --count 4 --owner $USER";

    static String userName(int uid) {
        String n = Pwd.nameOf(uid);
        return n == null ? "uid " + uid : n + " (uid " + uid + ")";
    }

    static String groupName(int gid) {
        String n = Grp.nameOf(gid);
        return n == null ? "gid " + gid : n + " (gid " + gid + ")";
    }

    private static TapException notFound(String name) {
        return new TapException(Reason.NOT_FOUND, name, "no such interface",
                "check the name with 'taplease list' (taps are per network namespace)");
    }

    private static TapException system(String device, SysCallException e) {
        return new TapException(Reason.SYSTEM, device, "system call failed", null, e.errno(),
                Errno.message(e.errno()), e.operation(), e);
    }

    /** Opens /dev/net/tun, telling the two permission gates and a missing device apart. */
    private static int openTun() {
        try {
            return TunFd.open();
        } catch (SysCallException e) {
            throw openFailure(e);
        }
    }

    private static TapException openFailure(SysCallException e) {
        int errno = e.errno();
        if (TunFd.isMissingDevice(errno)) {
            return new TapException(Reason.NO_TUN_DEVICE, TunFd.TUN_PATH, "the tun/tap device node is missing",
                    "load the driver (sudo modprobe tun); in a container create the node: mknod /dev/net/tun c 10 200",
                    errno, Errno.message(errno), e.operation(), e);
        }
        if (errno == Errno.EACCES || errno == Errno.EPERM) {
            return new TapException(Reason.PERMISSION, TunFd.TUN_PATH, "you may not open the tun/tap device node",
                    "let users open it: sudo chmod 0666 " + TunFd.TUN_PATH + " (or a udev rule: KERNEL==\"tun\","
                            + " MODE=\"0666\"); each tap's owner/group still limits who may attach it",
                    errno, Errno.message(errno), e.operation(), e);
        }
        return system(TunFd.TUN_PATH, e);
    }

    // ---------------------------------------------------------------- create

    /**
     * Creates a persistent tap in {@code pool} named from {@code template}, owned by {@code owner}/{@code group},
     * labelled and up, and returns it attached. Race-free against other creators through IFF_TUN_EXCL.
     */
    private LinuxTapLease create(String pool, String template, Integer owner, Integer group, boolean vnetHdr,
            Set<String> used) {
        for (int n = 0; n <= MAX_INDEX; n++) {
            String name = TapNames.expand(template, pool, n);
            if (used.contains(name)) {
                continue;
            }
            TapNames.requireValidInterface(name);
            used.add(name); // made now, or taken by someone else meanwhile
            LinuxTapLease lease = tryCreate(name, pool, owner, group, vnetHdr);
            if (lease != null) {
                return lease;
            }
        }
        throw new TapException(Reason.POOL_EXHAUSTED, "pool " + pool, "no unused name left for template " + template,
                "use another template");
    }

    /** Creates tap {@code name}; returns null if the name got taken meanwhile. */
    private LinuxTapLease tryCreate(String name, String pool, Integer owner, Integer group, boolean vnetHdr) {
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
                    throw new TapException(Reason.PERMISSION, name, "creating taps needs CAP_NET_ADMIN",
                            "provision a pool once as root (sudo taplease pool create --name " + pool
                                    + " --count 4 --owner $USER), then lease without privileges",
                            e.errno(), Errno.message(e.errno()), e.operation(), e);
                }
                throw e;
            }
            created = true; // transient until PERSIST: closing the fd destroys it
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
                nl.setLink(index, Boolean.TRUE, LABEL_PREFIX + pool);
            }
            ok = true;
            return new LinuxTapLease(this, fd, name, index, pool, true, true);
        } catch (SysCallException e) {
            throw system(name, e);
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

    // ---------------------------------------------------------------- pools

    @Override
    public PoolReport provisionPool(PoolSpec spec) {
        String pool = TapNames.requireValidPool(spec.name());
        String template = TapNames.requireValidTemplate(
                spec.template() == null ? LeaseRequest.DEFAULT_TEMPLATE : spec.template(), pool);
        if (spec.count() < 1 || spec.count() > MAX_POOL_SIZE) {
            throw new TapException(Reason.INVALID_REQUEST, "pool " + pool,
                    "count " + spec.count() + " out of range", "give a count from 1 to " + MAX_POOL_SIZE);
        }
        if (spec.owner() != null && spec.owner() < 0 || spec.group() != null && spec.group() < 0) {
            throw new TapException(Reason.INVALID_REQUEST, "pool " + pool, "owner and group must be >= 0", null);
        }
        List<Link> links = dump();
        List<String> existing = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Link l : links) {
            if (l.isTap() && pool.equals(poolOf(l.alias()))) {
                existing.add(l.name());
                if (spec.owner() != null && !spec.owner().equals(l.tun().owner())
                        || spec.group() != null && !spec.group().equals(l.tun().group())) {
                    notes.add(l.name() + " keeps its owner " + (l.tun().owner() == null ? "(none)" : userName(l.tun().owner()))
                            + " and group " + (l.tun().group() == null ? "(none)" : groupName(l.tun().group())));
                }
            }
        }
        existing.sort(TapNames::compare);
        List<String> created = new ArrayList<>();
        Set<String> used = names(links);
        try {
            while (existing.size() + created.size() < spec.count()) {
                LinuxTapLease made = create(pool, template, spec.owner(), spec.group(), false, used);
                made.close();
                created.add(made.name());
            }
        } catch (TapException e) {
            for (String name : created) {
                deleteOwnFree(name);
            }
            throw e;
        }
        return new PoolReport(pool, created, existing, notes);
    }

    @Override
    public List<PoolInfo> pools() {
        Map<String, List<Link>> byPool = new TreeMap<>();
        for (Link l : dump()) {
            String p = l.isTap() ? poolOf(l.alias()) : null;
            if (p != null) {
                byPool.computeIfAbsent(p, k -> new ArrayList<>()).add(l);
            }
        }
        List<PoolInfo> out = new ArrayList<>();
        for (Map.Entry<String, List<Link>> e : byPool.entrySet()) {
            List<Link> members = e.getValue();
            members.sort(Comparator.comparing(Link::name, TapNames::compare));
            int free = (int) members.stream().filter(l -> !l.attached()).count();
            Integer[] og = commonOwnerGroup(members);
            out.add(new PoolInfo(e.getKey(), members.stream().map(Link::name).toList(), free, og[0], og[1]));
        }
        return out;
    }

    @Override
    public PoolRemoval removePool(String pool) {
        TapNames.requireValidPool(pool);
        List<String> deleted = new ArrayList<>();
        Map<String, List<Holder>> kept = new LinkedHashMap<>();
        List<Link> members = new ArrayList<>();
        for (Link l : dump()) {
            if (l.isTap() && pool.equals(poolOf(l.alias()))) {
                members.add(l);
            }
        }
        if (members.isEmpty()) {
            throw new TapException(Reason.NOT_FOUND, "pool " + pool, "no such pool",
                    "'taplease pool list' shows the pools of this network namespace");
        }
        members.sort(Comparator.comparing(Link::name, TapNames::compare));
        for (Link l : members) {
            try {
                deleteAttached(l);
                deleted.add(l.name());
            } catch (TapException e) {
                if (e.reason() != Reason.BUSY) {
                    throw e;
                }
                kept.put(l.name(), List.of());
            }
        }
        if (!kept.isEmpty()) {
            Map<String, List<Holder>> h = holderScanner.scan(kept.keySet());
            kept.replaceAll((k, v) -> h.getOrDefault(k, List.of()));
        }
        List<PoolRemoval.Kept> keptList = new ArrayList<>();
        kept.forEach((k, v) -> keptList.add(new PoolRemoval.Kept(k, v)));
        return new PoolRemoval(pool, deleted, keptList);
    }

    @Override
    public void deleteTap(String name) {
        TapNames.requireValidInterface(name);
        Link l = getLink(name);
        if (l == null) {
            throw notFound(name);
        }
        if (!l.isTap() || poolOf(l.alias()) == null) {
            throw new TapException(Reason.PERMISSION, name,
                    "not a taplease tap (no '" + LABEL_PREFIX + "' label): taplease deletes only taps it created",
                    "if it is yours, delete it with: sudo ip tuntap del dev " + name + " mode tap");
        }
        deleteAttached(l);
    }

    /** Attaches {@code l} (so nobody holds it), clears IFF_PERSIST and closes: the kernel destroys it. */
    private void deleteAttached(Link l) {
        try (TapLease lease = attachExisting(l, false)) {
            int fd = lease.fd();
            try {
                TunFd.setPersist(fd, false);
            } catch (SysCallException e) {
                if (e.errno() == Errno.EPERM) {
                    throw new TapException(Reason.PERMISSION, l.name(), "deleting taps needs CAP_NET_ADMIN",
                            "run as root: sudo taplease pool delete --name " + poolOf(l.alias()), e.errno(),
                            Errno.message(e.errno()), e.operation(), e);
                }
                throw system(l.name(), e);
            }
        }
    }

    private void deleteOwnFree(String name) {
        Link l = getLink(name);
        if (l != null && l.isTap() && poolOf(l.alias()) != null) {
            try {
                deleteAttached(l);
            } catch (TapException ignored) {
                // best effort while reporting the original failure
            }
        }
    }

    // ---------------------------------------------------------------- netlink

    private static Set<String> names(List<Link> links) {
        Set<String> names = new HashSet<>();
        for (Link l : links) {
            names.add(l.name());
        }
        return names;
    }

    private static List<Link> dump() {
        return dump(true);
    }

    /** All links; without {@code stats} the kernel leaves the counters out. */
    private static List<Link> dump(boolean stats) {
        try (RtNetlink nl = RtNetlink.open()) {
            return nl.dumpLinks(stats);
        } catch (SysCallException e) {
            throw system("netlink", e);
        }
    }

    static Link getLink(String name) {
        try (RtNetlink nl = RtNetlink.open()) {
            return nl.getLink(name);
        } catch (SysCallException e) {
            throw system(name, e);
        }
    }
}
