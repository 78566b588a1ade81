package org.taplease.core.internal.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;

import org.taplease.core.ApplyReport;
import org.taplease.core.Checkup;
import org.taplease.core.Holder;
import org.taplease.core.LeaseRequest;
import org.taplease.core.NameHandoff;
import org.taplease.core.PoolInfo;
import org.taplease.core.PoolRemoval;
import org.taplease.core.PoolReport;
import org.taplease.core.PoolSpec;
import org.taplease.core.TapException;
import org.taplease.core.TapException.Reason;
import org.taplease.core.TapInfo;
import org.taplease.core.TapLease;
import org.taplease.core.TapNames;
import org.taplease.core.TapNetwork;
import org.taplease.core.TapListener;
import org.taplease.core.TapService;
import org.taplease.core.TapWatch;
import org.taplease.core.internal.HandoffLocks;
import org.taplease.core.internal.LeaseHints;
import org.taplease.core.internal.engine.KernelException.Failure;
import org.taplease.core.internal.engine.KernelLink.Kind;
import org.taplease.core.internal.jna.Grp;
import org.taplease.core.internal.jna.Pwd;

/**
 * The lease engine: every policy of taplease, written once for every kernel. Validation, candidate order and
 * hints (in memory, and shared with this user's other processes through {@link LeaseHints}), the trial attach as the
 * only test of "free", busy/exhausted/permission errors with their fixes, provisioning with rollback, labels, removal
 * and hand-over by name. The kernel below ({@link TapKernel}) only makes system calls.
 * <p>
 * Holders are named only where a message needs them (a named lease that is busy, a delete of a held tap, a pool
 * removal that keeps held taps), never while looking for a free candidate. Thread-safe.
 */
public class LeaseEngine implements TapService {

    /** Largest pool provisioned in one call. */
    public static final int MAX_POOL_SIZE = 4096;
    /** Highest member number tried when creating from a template. */
    static final int MAX_INDEX = 65535;
    /** How many taps the "grow the pool" hint adds. */
    static final int GROW_BY = 4;
    private static final long HANDOFF_POLL_NANOS = 10_000_000L;

    private static final String PERMISSION_FIX = "lease from a pool owned by your user or group, provisioned once by"
            + " an admin: sudo taplease pool create --name POOL --count 4 --owner $USER";

    private final TapKernel kernel;
    private final HandoffLocks handoffs;
    /** Per pool, the tap this engine released last: tried first next time (only a hint: the kernel decides). */
    private final Map<String, Hint> hints = new ConcurrentHashMap<>();
    /** What the taps this user's processes released last, per pool, for a fresh process: see {@link LeaseHints}. */
    private final LeaseHints shared;
    /** Per pool, the first entry of the shared hints as this engine last read or wrote them. */
    private final Map<String, Hint> sharedHeads = new ConcurrentHashMap<>();

    public LeaseEngine(TapKernel kernel, HandoffLocks handoffs) {
        this(kernel, handoffs, LeaseHints.standard());
    }

    public LeaseEngine(TapKernel kernel, HandoffLocks handoffs, LeaseHints shared) {
        this.kernel = kernel;
        this.handoffs = handoffs;
        this.shared = shared;
    }

    private record Hint(String name, int ifindex) {
        /**
         * Whether this is the hint of tap {@code name} with {@code ifindex}. Compared field by field: a record's own
         * {@code equals} is linked through {@code ObjectMethods} at its first call, which costs a fresh
         * {@code taplease run} about 15 ms as it returns its lease.
         */
        boolean is(String name, int ifindex) {
            return this.ifindex == ifindex && this.name.equals(name);
        }
    }

    TapKernel kernel() {
        return kernel;
    }

    @Override
    public String backend() {
        return kernel.backend();
    }

    // ---------------------------------------------------------------- inventory

    @Override
    public List<TapInfo> inventory(boolean withHolders) {
        List<KernelLink> all = links(true);
        List<KernelLink> taps = new ArrayList<>();
        Map<Integer, String> names = new HashMap<>();
        for (KernelLink l : all) {
            names.put(l.index(), l.name());
            if (l.kind() == Kind.TAP || l.kind() == Kind.MULTI_QUEUE_TAP) {
                taps.add(l);
            }
        }
        Map<Integer, Integer> ports = ports(all);
        Map<Integer, List<TapKernel.Address>> addresses = taps.isEmpty() ? Map.of() : byIndex(kernelAddresses());
        List<TapInfo> out = new ArrayList<>(taps.size());
        for (KernelLink l : taps) {
            out.add(info(l, network(l, addresses.getOrDefault(l.index(), List.of()), names::get,
                    i -> ports.getOrDefault(i, 0))));
        }
        out.sort(Comparator.comparing(TapInfo::name, TapNames::compare));
        return withHolders ? withHolders(out) : out;
    }

    @Override
    public Optional<TapInfo> tap(String name, boolean withHolders) {
        TapNames.requireValidInterface(name);
        KernelLink l = link(name);
        if (l == null || l.kind() != Kind.TAP && l.kind() != Kind.MULTI_QUEUE_TAP) {
            return Optional.empty();
        }
        TapInfo info = info(l, network(l));
        return Optional.of(withHolders ? withHolders(List.of(info)).get(0) : info);
    }

    /** The network of tap {@code l}: its addresses and bridge (with its ports, one listing more) from the kernel, now. */
    private TapNetwork network(KernelLink l) {
        Map<Integer, Integer> ports = l.master() == 0 ? Map.of() : ports(links(false));
        return network(l, byIndex(kernelAddresses()).getOrDefault(l.index(), List.of()), kernel::name,
                i -> ports.getOrDefault(i, 0));
    }

    /** Per bridge (ifindex), how many of {@code links} are its ports: from each link's master, for every kernel. */
    static Map<Integer, Integer> ports(List<KernelLink> links) {
        Map<Integer, Integer> out = new HashMap<>();
        for (KernelLink l : links) {
            if (l.master() != 0) {
                out.merge(l.master(), 1, Integer::sum);
            }
        }
        return out;
    }

    /** The network of tap {@code name} if it is still the interface {@code ifindex}, else {@link TapNetwork#NONE}. */
    TapNetwork networkOf(String name, int ifindex) {
        KernelLink l = link(name);
        return l != null && l.index() == ifindex ? network(l) : TapNetwork.NONE;
    }

    /**
     * The network a tap carries, from its IPv4 addresses (a /30 or /31 first: a routed pool's member block, whose
     * other usable address is the guest's) and its bridge.
     */
    static TapNetwork network(KernelLink l, List<TapKernel.Address> addresses, IntFunction<String> nameOf,
            IntUnaryOperator portsOf) {
        TapKernel.Address best = null;
        for (TapKernel.Address a : addresses) {
            if (best == null || Ipv4.guestOf(best.address(), best.prefix()) == null
                    && Ipv4.guestOf(a.address(), a.prefix()) != null) {
                best = a;
            }
        }
        String host = best == null ? null : Ipv4.format(best.address());
        Integer guest = best == null ? null : Ipv4.guestOf(best.address(), best.prefix());
        String bridge = l.master() == 0 ? null : nameOf.apply(l.master());
        return new TapNetwork(host, guest == null ? null : Ipv4.format(guest), best == null ? 0 : best.prefix(), bridge,
                Macs.guestOf(l.mac()), l.mtu(), l.master() == 0 ? 0 : portsOf.applyAsInt(l.master()));
    }

    static Map<Integer, List<TapKernel.Address>> byIndex(List<TapKernel.Address> addresses) {
        Map<Integer, List<TapKernel.Address>> out = new HashMap<>();
        for (TapKernel.Address a : addresses) {
            out.computeIfAbsent(a.index(), k -> new ArrayList<>()).add(a);
        }
        return out;
    }

    /** A tap as the API shows it: its pool from its label, its link state ({@link #operState}), {@code n}. */
    TapInfo info(KernelLink l, TapNetwork n) {
        TapInfo t = l.info();
        return new TapInfo(t.name(), t.ifindex(), t.mac(), t.mtu(), t.adminUp(), t.carrier(),
                operState(t.adminUp(), t.carrier(), kernel.attachBringsUp()), t.persistent(), t.multiQueue(),
                t.vnetHdr(), t.owner(), t.group(), Labels.poolOf(t.alias()), t.alias(), t.attached(),
                t.attachedQueues(), t.stats(), t.carrierChanges(), List.of(), false, n);
    }

    /**
     * A tap's link state as {@link TapInfo#operState()} reports it, from the two flags the kernel changes at once
     * (IFF_UP, and the carrier that follows attachment): {@code down} (administratively down: nothing flows even when
     * attached; {@code ip link set dev NAME up}, or {@code ifconfig NAME up} on FreeBSD), {@code no-carrier} (up,
     * nobody attached: ready for a holder; also a free tap that is down where the attach brings it up,
     * {@code attachBringsUp}, as on FreeBSD, whose last close takes a tap down) or {@code up} (up and attached). Not
     * the kernel's RFC 2863 operstate: Linux computes that later, in its link-watch work, and from history (a tap held
     * since it was made reads {@code unknown}, one attached again {@code up}; one just released {@code unknown} until
     * the work runs, then {@code down}), so two identical taps could read differently.
     */
    static String operState(boolean adminUp, boolean carrier, boolean attachBringsUp) {
        if (!carrier) {
            return adminUp || attachBringsUp ? "no-carrier" : "down";
        }
        return adminUp ? "up" : "down";
    }

    private List<TapInfo> withHolders(List<TapInfo> taps) {
        Set<String> attached = new HashSet<>();
        for (TapInfo t : taps) {
            if (t.attached()) {
                attached.add(t.name());
            }
        }
        Map<String, List<Holder>> found = attached.isEmpty() ? Map.of() : kernel.holders(attached);
        List<TapInfo> out = new ArrayList<>(taps.size());
        for (TapInfo t : taps) {
            out.add(t.withHolders(found.getOrDefault(t.name(), List.of())));
        }
        return out;
    }

    /** The pool of tap {@code name} if it is still the interface {@code ifindex}, else null. */
    String poolOf(String name, int ifindex) {
        KernelLink l = link(name);
        return l != null && l.index() == ifindex ? Labels.poolOf(l.label()) : null;
    }

    // ---------------------------------------------------------------- doctor

    @Override
    public Checkup checkup() {
        return new Doctor(this, kernel, handoffs).run();
    }

    /** What {@code applyPools(declared)} would change; changes nothing. */
    List<String> pendingPools(List<PoolSpec> declared) {
        return new PoolApply(this).pending(declared);
    }

    // ---------------------------------------------------------------- watch

    @Override
    public TapWatch watch(TapListener listener) {
        return TapWatcher.start(this, kernel, listener);
    }

    // ---------------------------------------------------------------- lease

    @Override
    public TapLease lease(LeaseRequest request) {
        if (request.isNamed()) {
            return leaseNamed(TapNames.requireValidInterface(request.name()), request.vnetHdr());
        }
        String pool = TapNames.requireValidPool(request.pool() == null ? LeaseRequest.DEFAULT_POOL : request.pool());
        String preferred = request.preferred();
        if (preferred != null) {
            TapNames.requireValidInterface(preferred);
        }
        if (request.allowCreate() && !kernel.namesNewTaps()) {
            TapNames.requireValidTemplate(request.template(), pool);
        }
        Set<String> tried = new HashSet<>();
        // fast paths: the preferred tap if it belongs to the pool, then the one this engine released last in it
        if (preferred != null) {
            KernelLink l = link(preferred);
            if (l != null && l.isTap() && pool.equals(Labels.poolOf(l.label()))) {
                TapLease lease = tryAttach(l.name(), l.index(), pool, request.vnetHdr(), tried, l, true);
                if (lease != null) {
                    return lease;
                }
            }
        }
        Hint hint = hints.get(pool);
        if (hint != null && !tried.contains(hint.name())) {
            // the same ifindex means the same device, released from this pool by this engine
            if (kernel.index(hint.name()) == hint.ifindex()) {
                TapLease lease = tryAttach(hint.name(), hint.ifindex(), pool, request.vnetHdr(), tried, null,
                        true);
                if (lease != null) {
                    return lease;
                }
            }
            hints.remove(pool, hint);
        }
        TapLease fromShared = leaseShared(pool, request.vnetHdr(), tried);
        if (fromShared != null) {
            return fromShared;
        }
        List<KernelLink> links = links(false);
        List<KernelLink> members = members(links, pool);
        // what the kernel reports orders the candidates (unattached first, each group by name); only the trial attach
        // decides
        members.sort(Comparator.comparing(KernelLink::attached));
        TapException permission = null;
        for (KernelLink l : members) {
            if (tried.contains(l.name())) {
                continue; // a fast path found it taken a moment ago
            }
            try {
                TapLease lease = tryAttach(l.name(), l.index(), pool, request.vnetHdr(), tried, l, false);
                if (lease != null) {
                    return lease;
                }
            } catch (TapException e) {
                if (e.reason() != Reason.PERMISSION) {
                    throw e;
                }
                if (permission == null) {
                    permission = e;
                }
            }
        }
        if (request.allowCreate()) {
            return create(pool, request.template(), commonOwner(members), commonGroup(members), false,
                    request.vnetHdr(), names(links), members);
        }
        if (permission != null) {
            throw permission;
        }
        throw members.isEmpty() ? noSuchPool(pool) : exhausted(pool, members.size());
    }

    /**
     * The cold fast path: the taps this user's processes released last in {@code pool} (a fresh process has no
     * in-process hint). Each entry is only a hint: it is tried only if one link lookup shows it is still a
     * single-queue tap labelled as a member of {@code pool} with the ifindex it had when it was released, and the
     * kernel does not report it attached; then the trial attach decides. Null if none of them is free: the caller
     * lists every link.
     */
    private TapLease leaseShared(String pool, boolean vnetHdr, Set<String> tried) {
        List<LeaseHints.Entry> entries = shared.read(pool);
        if (entries.isEmpty()) {
            return null;
        }
        sharedHeads.put(pool, new Hint(entries.get(0).name(), entries.get(0).ifindex()));
        for (LeaseHints.Entry e : entries) {
            if (tried.contains(e.name())) {
                continue;
            }
            KernelLink l = link(e.name());
            if (l == null || !l.isTap() || l.index() != e.ifindex() || !pool.equals(Labels.poolOf(l.label()))
                    || l.attached()) {
                continue;
            }
            TapLease lease = tryAttach(l.name(), l.index(), pool, vnetHdr, tried, l, true);
            if (lease != null) {
                return lease;
            }
        }
        return null;
    }

    /**
     * One candidate: the lease, or null if the tap is taken (by a descriptor or a hand-over), gone or no longer a
     * tap. A tap the caller may not attach is PERMISSION for a candidate of the listing (so that an exhausted pool can
     * say why); on a fast path ({@code fastPath}) it is null and left for the listing to try and report. A device node
     * that cannot be opened at all is thrown at once.
     */
    private TapLease tryAttach(String name, int index, String pool, boolean vnetHdr, Set<String> tried,
            KernelLink listed, boolean fastPath) {
        tried.add(name);
        if (handoffBlocks(name, listed)) {
            return null;
        }
        try {
            int fd = kernel.attach(name, index, vnetHdr, listed != null);
            return new EngineLease(this, fd, name, index, pool, true, false);
        } catch (KernelException e) {
            return switch (e.failure()) {
            case BUSY, GONE, NOT_A_TAP -> null;
            case DENIED -> {
                if (fastPath) {
                    tried.remove(name); // not taken: the listing tries it again and says why it is refused
                    yield null;
                }
                throw denied(name, e, listed);
            }
            default -> throw explain(name, e);
            };
        }
    }

    private TapLease leaseNamed(String name, boolean vnetHdr) {
        int index = kernel.index(name);
        if (index == 0) {
            throw notFound(name);
        }
        handoffs.requireNotBlocked(name, mayAttach(name, null));
        try {
            int fd = kernel.attach(name, index, vnetHdr, false);
            return new EngineLease(this, fd, name, index, null, false, false);
        } catch (KernelException e) {
            throw explain(name, e);
        }
    }

    /**
     * Whether a hand-over by name keeps taplease's allocators off {@code name}: only a hand-over by a user who may
     * attach the tap counts (root, its owner, a member of its group), so nobody else can block it.
     */
    private boolean handoffBlocks(String name, KernelLink listed) {
        return handoffs.blocks(name, mayAttach(name, listed));
    }

    /** Who may attach tap {@code name}; its owner and group are looked up only when asked. */
    private IntPredicate mayAttach(String name, KernelLink listed) {
        return uid -> {
            if (uid == 0) {
                return true;
            }
            KernelLink l = listed != null ? listed : link(name);
            if (l == null) {
                return false;
            }
            return kernel.mayAttach(uid, l);
        };
    }

    /**
     * Remembers the tap a pool lease released, to try it first next time: in this engine, and first in the shared
     * hints that fresh processes read (rewritten only when it is not already their first entry as far as this engine
     * knows, so a warm lease of the same tap again and again writes nothing).
     */
    void released(String pool, String name, int ifindex) {
        Hint h = new Hint(name, ifindex);
        hints.put(pool, h);
        Hint head = sharedHeads.get(pool);
        if (head != null && head.is(name, ifindex)) {
            return;
        }
        List<LeaseHints.Entry> entries = new ArrayList<>();
        entries.add(new LeaseHints.Entry(name, ifindex));
        for (LeaseHints.Entry e : shared.read(pool)) {
            if (!e.name().equals(name) && entries.size() < LeaseHints.MAX) {
                entries.add(e);
            }
        }
        shared.write(pool, entries);
        sharedHeads.put(pool, h);
    }

    // ---------------------------------------------------------------- hand-over by name

    @Override
    public NameHandoff handOverByName(LeaseRequest request) {
        HandoffLocks.Handoff lock;
        String name;
        String pool;
        try (TapLease lease = lease(request)) {
            name = lease.name();
            pool = lease.pool();
            lock = handoffs.take(name);
        } // the lease ends here; the hand-over lock keeps taplease's allocators off the tap
        return new Handoff(lock, name, pool);
    }

    private final class Handoff implements NameHandoff {
        private final HandoffLocks.Handoff lock;
        private final String name;
        private final String pool;
        private TapNetwork network;

        Handoff(HandoffLocks.Handoff lock, String name, String pool) {
            this.lock = lock;
            this.name = name;
            this.pool = pool;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String pool() {
            return pool;
        }

        @Override
        public synchronized TapNetwork network() {
            if (network == null) {
                KernelLink l = link(name);
                network = l == null ? TapNetwork.NONE : LeaseEngine.this.network(l);
            }
            return network;
        }

        @Override
        public boolean awaitOpened(Process process, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            try {
                while (true) {
                    if (attached()) {
                        return true;
                    }
                    if (!process.isAlive() || System.nanoTime() - deadline >= 0) {
                        return attached();
                    }
                    try {
                        // the process may exit at any moment: the wait returns then, not at the next poll
                        process.waitFor(HANDOFF_POLL_NANOS, java.util.concurrent.TimeUnit.NANOSECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return attached();
                    }
                }
            } finally {
                close();
            }
        }

        private boolean attached() {
            KernelLink l = link(name);
            return l != null && l.attached();
        }

        @Override
        public void close() {
            lock.close();
        }
    }

    // ---------------------------------------------------------------- create

    /**
     * Creates a persistent tap in {@code pool}, named from {@code template} unless the kernel names taps itself,
     * attachable by {@code owner}/{@code group}, labelled with the lowest member number no member has, up, and
     * returns it attached. Race-free against other creators: the kernel refuses a name that exists.
     */
    private EngineLease create(String pool, String template, Integer owner, Integer group, boolean keepAddresses,
            boolean vnetHdr, Set<String> used, List<KernelLink> members) {
        Set<Integer> numbers = new HashSet<>();
        for (KernelLink m : members) {
            numbers.add(Labels.memberOf(m.label()));
        }
        for (int n = 0; n <= MAX_INDEX; n++) {
            if (numbers.contains(n)) {
                continue;
            }
            String name = null;
            if (!kernel.namesNewTaps()) {
                name = TapNames.expand(template, pool, n);
                if (used.contains(name)) {
                    continue;
                }
                TapNames.requireValidInterface(name);
                used.add(name); // made now, or taken by someone else meanwhile
            }
            TapKernel.Created c = createOne(name, Labels.of(pool, n), pool, owner, group, keepAddresses, vnetHdr);
            if (c != null) {
                try {
                    kernel.setMac(c.name(), c.index(), Macs.member(pool, n)); // as a declared pool's member n has
                } catch (KernelException e) {
                    kernel.destroy(c.fd(), c.name());
                    throw explain(c.name(), e);
                }
                return new EngineLease(this, c.fd(), c.name(), c.index(), pool, true, true);
            }
            if (kernel.namesNewTaps()) {
                throw new TapException(Reason.SYSTEM, "pool " + pool, "the kernel made no new tap", null);
            }
        }
        throw new TapException(Reason.POOL_EXHAUSTED, "pool " + pool, "no unused name left for template " + template,
                "use another template");
    }

    /**
     * Creates member {@code n} of {@code pool} named {@code name} (null: the kernel names it), attached; the caller
     * closes it.
     */
    EngineLease createMember(String name, String pool, int n, Integer owner, Integer group, boolean keepAddresses) {
        TapKernel.Created c = createOne(name, Labels.of(pool, n), pool, owner, group, keepAddresses, false);
        if (c == null) {
            throw new TapException(Reason.BUSY, name != null ? name : "pool " + pool, "the name was taken by another"
                    + " interface a moment ago", "run the command again; if it persists, free the name");
        }
        return new EngineLease(this, c.fd(), c.name(), c.index(), pool, true, true);
    }

    private TapKernel.Created createOne(String name, String label, String pool, Integer owner, Integer group,
            boolean keepAddresses, boolean vnetHdr) {
        try {
            return kernel.create(name, label, owner, group, keepAddresses, vnetHdr);
        } catch (KernelException e) {
            String device = e.device() != null ? e.device() : name;
            throw switch (e.failure()) {
            case NOT_PRIVILEGED -> fail(Reason.PERMISSION, device, "creating taps needs "
                    + (e.detail() != null ? e.detail() : "privileges"), e.fix() != null ? e.fix()
                            : "provision a pool once as root (sudo taplease pool create --name " + pool
                                    + " --count 4 --owner $USER), then lease without privileges", e);
            case CANNOT_CREATE -> fail(Reason.PERMISSION, device, e.detail(), e.fix(), e);
            default -> explain(device, e);
            };
        }
    }

    // ---------------------------------------------------------------- pools

    @Override
    public PoolReport provisionPool(PoolSpec spec) {
        ApplyReport.Pool r = new PoolApply(this).apply(List.of(spec), false, false).pools().get(0);
        List<String> existing = new ArrayList<>();
        for (KernelLink l : members(links(false), r.pool())) {
            if (!r.created().contains(l.name())) {
                existing.add(l.name());
            }
        }
        List<String> notes = new ArrayList<>(r.changed());
        notes.addAll(r.notes());
        notes.addAll(kernel.provisionNotes(spec, r.created()));
        prepareShared(notes);
        return new PoolReport(r.pool(), r.created(), existing, notes);
    }

    @Override
    public ApplyReport applyPools(List<PoolSpec> declared) {
        ApplyReport report = new PoolApply(this).apply(declared, true, true);
        if (!report.unchanged()) {
            List<String> notes = new ArrayList<>();
            prepareShared(notes);
            if (!notes.isEmpty() && !report.pools().isEmpty()) {
                List<ApplyReport.Pool> pools = new ArrayList<>(report.pools());
                ApplyReport.Pool first = pools.get(0);
                List<String> n = new ArrayList<>(first.notes());
                n.addAll(notes);
                pools.set(0, new ApplyReport.Pool(first.pool(), first.created(), first.changed(), first.removed(),
                        first.kept(), n));
                report = new ApplyReport(pools);
            }
        }
        return report;
    }

    /** Members' users may hand taps over by name: root makes the shared directory. */
    private void prepareShared(List<String> notes) {
        try {
            handoffs.prepareShared();
        } catch (TapException e) {
            notes.add("hand-overs by name will not work until this is fixed: " + e.getMessage());
        }
    }

    @Override
    public List<PoolInfo> pools() {
        List<KernelLink> all = links(false);
        Map<String, List<KernelLink>> byPool = new TreeMap<>();
        Map<Integer, String> names = new HashMap<>();
        for (KernelLink l : all) {
            names.put(l.index(), l.name());
            String p = l.isTap() ? Labels.poolOf(l.label()) : null;
            if (p != null) {
                byPool.computeIfAbsent(p, k -> new ArrayList<>()).add(l);
            }
        }
        Map<Integer, List<TapKernel.Address>> addresses = byPool.isEmpty() ? Map.of() : byIndex(kernelAddresses());
        List<PoolInfo> out = new ArrayList<>();
        for (Map.Entry<String, List<KernelLink>> e : byPool.entrySet()) {
            List<KernelLink> members = e.getValue();
            members.sort(Comparator.comparing(KernelLink::name, TapNames::compare));
            int free = (int) members.stream().filter(l -> !l.attached()).count();
            Integer master = common(members.stream().map(l -> l.master() == 0 ? null : l.master()).toList());
            Integer mtu = common(members.stream().map(l -> (Integer) l.mtu()).toList());
            int routed = 0;
            for (KernelLink l : members) {
                if (network(l, addresses.getOrDefault(l.index(), List.of()), i -> null, i -> 0).routed()) {
                    routed++;
                }
            }
            out.add(new PoolInfo(e.getKey(), members.stream().map(KernelLink::name).toList(), free,
                    commonOwner(members), commonGroup(members), master == null ? null : names.get(master), mtu,
                    routed));
        }
        return out;
    }

    @Override
    public PoolRemoval removePool(String pool) {
        TapNames.requireValidPool(pool);
        List<KernelLink> members = members(links(false), pool);
        if (members.isEmpty()) {
            throw noSuchPool(pool);
        }
        return removeFree(pool, members);
    }

    /**
     * Destroys the free ones of {@code members} (labelled taps of {@code pool}); the held ones are kept and named with
     * their holders.
     */
    PoolRemoval removeFree(String pool, List<KernelLink> members) {
        List<String> deleted = new ArrayList<>();
        Map<String, List<Holder>> kept = new LinkedHashMap<>();
        for (KernelLink l : members) {
            if (destroyIfFree(l)) {
                deleted.add(l.name());
            } else {
                kept.put(l.name(), List.of());
            }
        }
        if (!kept.isEmpty()) {
            Map<String, List<Holder>> h = kernel.holders(kept.keySet());
            kept.replaceAll((k, v) -> h.getOrDefault(k, List.of()));
        }
        List<PoolRemoval.Kept> keptList = new ArrayList<>();
        kept.forEach((k, v) -> keptList.add(new PoolRemoval.Kept(k, v)));
        return new PoolRemoval(pool, deleted, keptList);
    }

    @Override
    public void deleteTap(String name) {
        TapNames.requireValidInterface(name);
        KernelLink l = link(name);
        if (l == null) {
            throw notFound(name);
        }
        if (!l.isTap() || Labels.poolOf(l.label()) == null) {
            throw new TapException(Reason.PERMISSION, name,
                    "not a taplease tap (no '" + Labels.PREFIX + "' label): taplease deletes only taps it created",
                    "if it is yours, delete it with the system's tools (Linux: sudo ip tuntap del dev " + name
                            + " mode tap; FreeBSD: ifconfig " + name + " destroy)");
        }
        if (!destroyIfFree(l)) {
            throw busy(name, null);
        }
    }

    /**
     * Destroys a labelled tap if nobody holds it: the trial attach proves it free; a kernel that closes before it
     * destroys gets a hand-over lock around the moment in between, so taplease's allocators keep off.
     *
     * @return false if the tap is held (by a descriptor or a hand-over)
     */
    boolean destroyIfFree(KernelLink l) {
        String name = l.name();
        if (handoffBlocks(name, l)) {
            return false;
        }
        HandoffLocks.Handoff window = null;
        try {
            if (kernel.destroyLeavesWindow()) {
                window = handoffs.take(name);
            }
            int fd;
            try {
                fd = kernel.attach(name, l.index(), false, true);
            } catch (KernelException e) {
                return switch (e.failure()) {
                case BUSY -> false;
                case GONE -> true;
                default -> throw explain(name, e);
                };
            }
            try {
                kernel.destroy(fd, name);
            } catch (KernelException e) {
                if (e.failure() == Failure.NOT_PRIVILEGED) {
                    throw fail(Reason.PERMISSION, name, "deleting taps needs " + (e.detail() != null ? e.detail()
                            : "privileges"), "run as root: sudo taplease pool delete --name "
                                    + Labels.poolOf(l.label()), e);
                }
                throw explain(name, e);
            }
            return true;
        } catch (TapException e) {
            if (e.reason() == Reason.BUSY) {
                return false; // another hand-over of the tap is in progress
            }
            throw e;
        } finally {
            if (window != null) {
                window.close();
            }
        }
    }

    void deleteQuietly(String name) {
        KernelLink l = link(name);
        if (l != null && l.isTap() && Labels.poolOf(l.label()) != null) {
            try {
                destroyIfFree(l);
            } catch (TapException ignored) {
                // best effort while reporting the original failure
            }
        }
    }

    static List<KernelLink> members(List<KernelLink> links, String pool) {
        List<KernelLink> out = new ArrayList<>();
        for (KernelLink l : links) {
            if (l.isTap() && pool.equals(Labels.poolOf(l.label()))) {
                out.add(l);
            }
        }
        out.sort(Comparator.comparing(KernelLink::name, TapNames::compare));
        return out;
    }

    private static Integer commonOwner(List<KernelLink> members) {
        return common(members.stream().map(KernelLink::owner).toList());
    }

    private static Integer commonGroup(List<KernelLink> members) {
        return common(members.stream().map(KernelLink::group).toList());
    }

    /** The value every member has, or null if they differ, some have none, or there are no members. */
    private static Integer common(List<Integer> values) {
        Integer first = values.isEmpty() ? null : values.get(0);
        return first != null && values.stream().allMatch(first::equals) ? first : null;
    }

    private static Set<String> names(List<KernelLink> links) {
        Set<String> names = new HashSet<>();
        for (KernelLink l : links) {
            names.add(l.name());
        }
        return names;
    }

    // ---------------------------------------------------------------- kernel calls

    /** Every link without counters, for the pool code. */
    List<KernelLink> kernelLinks() {
        return links(false);
    }

    List<TapKernel.Address> kernelAddresses() {
        try {
            return kernel.addresses();
        } catch (KernelException e) {
            throw explain(e.device(), e);
        }
    }

    List<TapKernel.Route> kernelRoutes() {
        try {
            return kernel.routes();
        } catch (KernelException e) {
            throw explain(e.device(), e);
        }
    }

    /** A kernel failure in the user's terms. */
    TapException explainKernel(KernelException e) {
        return explain(e.device(), e);
    }

    private List<KernelLink> links(boolean stats) {
        try {
            return kernel.links(stats);
        } catch (KernelException e) {
            throw explain(e.device(), e);
        }
    }

    private KernelLink link(String name) {
        try {
            return kernel.link(name);
        } catch (KernelException e) {
            throw explain(name, e);
        }
    }

    // ---------------------------------------------------------------- errors: the user's words, written once

    /** A kernel failure for tap {@code name}, in the user's terms, with the cause and the fix. */
    private TapException explain(String name, KernelException e) {
        return switch (e.failure()) {
        case BUSY -> busy(name, e);
        case GONE -> fail(Reason.NOT_FOUND, name, "the tap vanished before it could be attached", listFix(), e);
        case NOT_A_TAP -> notATap(name, e);
        case DENIED -> denied(name, e, null);
        case NO_DEVICE -> fail(Reason.NO_TUN_DEVICE, e.device(), "the tun/tap device node is missing", e.fix(), e);
        case DEVICE_DENIED -> fail(Reason.PERMISSION, e.device(), "you may not open the tun/tap device node", e.fix(),
                e);
        case NOT_PRIVILEGED -> fail(Reason.PERMISSION, e.device() != null ? e.device() : name,
                "this needs " + (e.detail() != null ? e.detail() : "privileges"), e.fix(), e);
        case CANNOT_CREATE -> fail(Reason.PERMISSION, e.device(), e.detail(), e.fix(), e);
        case SYSTEM -> fail(Reason.SYSTEM, e.device() != null ? e.device() : name, "system call failed", e.fix(), e);
        };
    }

    private static TapException fail(Reason reason, String device, String summary, String fix, KernelException e) {
        return new TapException(reason, device, summary, fix, e.errno(), e.strerror(), e.operation(), e);
    }

    private static String listFix() {
        return "check the name with 'taplease list' (taps are per network namespace); taplease never creates a tap"
                + " by opening its name";
    }

    private static TapException notFound(String name) {
        return new TapException(Reason.NOT_FOUND, name, "no such interface", listFix());
    }

    /** Held: named by its holders, looked up now because the message needs them. */
    private TapException busy(String name, KernelException e) {
        List<Holder> h = kernel.holders(Set.of(name)).getOrDefault(name, List.of());
        String who = h.isEmpty() ? "another process (not visible to you)"
                : String.join(", ", h.stream().map(Holder::describe).toList());
        String summary = "busy, held by " + who;
        String fix = "lease another tap (e.g. any free one of its pool), or stop the holder";
        return e == null ? new TapException(Reason.BUSY, name, summary, fix) : fail(Reason.BUSY, name, summary, fix, e);
    }

    /** Not a single-queue tap: says what it is instead, from a fresh look at the interface. */
    private TapException notATap(String name, KernelException e) {
        KernelLink now = link(name);
        if (now == null) {
            return notFound(name);
        }
        return switch (now.kind()) {
        case TAP -> fail(Reason.SYSTEM, name, "the kernel refused to attach the tap", null, e);
        case MULTI_QUEUE_TAP -> fail(Reason.MULTI_QUEUE, name,
                "multi-queue tap: it accepts more attachers, so it cannot be leased exclusively",
                "use a single-queue tap (taplease pool create makes them)", e);
        case TUN -> fail(Reason.NOT_A_TAP, name, "not a tap: a tun (layer 3) device",
                "emulators need a tap (layer 2); lease a tap instead", e);
        case OTHER -> fail(Reason.NOT_A_TAP, name, "not a tap: " + now.kindName(),
                "lease a tap; 'taplease list' shows them", e);
        };
    }

    /** Not allowed to attach: who the tap belongs to and who the caller is (the kernel may say it better). */
    private TapException denied(String name, KernelException e, KernelLink listed) {
        KernelLink l = listed != null ? listed : link(name);
        if (l == null) {
            return fail(Reason.NOT_FOUND, name, "no such interface", listFix(), e);
        }
        String why = e.detail() != null ? e.detail() : ownership(l);
        return fail(Reason.PERMISSION, name, "not allowed to attach: " + why,
                e.fix() != null ? e.fix() : PERMISSION_FIX, e);
    }

    private String ownership(KernelLink l) {
        Integer o = l.owner();
        Integer g = l.group();
        if (o == null && g == null) {
            return "creating or attaching needs CAP_NET_ADMIN here";
        }
        StringBuilder b = new StringBuilder("the tap belongs to ");
        if (o != null) {
            b.append("user ").append(userName(o));
        }
        if (g != null) {
            b.append(o != null ? " and " : "").append("group ").append(groupName(g));
        }
        return b.append("; you are uid ").append(kernel.uid()).toString();
    }

    private static TapException noSuchPool(String pool) {
        return new TapException(Reason.NOT_FOUND, "pool " + pool, "no such pool: no tap carries its label here",
                "create it once as root: sudo taplease pool create --name " + pool + " --count 4 --owner $USER"
                        + " (or lease with --create as root); 'taplease pool list' shows the pools of this network"
                        + " namespace");
    }

    private static TapException exhausted(String pool, int members) {
        return new TapException(Reason.POOL_EXHAUSTED, "pool " + pool, members == 1 ? "its only tap is held"
                : "all " + members + " taps of the pool are held",
                "wait for one to be released, see holders with 'taplease list', or grow the pool: sudo taplease pool"
                        + " create --name " + pool + " --count " + (members + GROW_BY));
    }

    static String userName(int uid) {
        String n = Pwd.nameOf(uid);
        return n == null ? "uid " + uid : n + " (uid " + uid + ")";
    }

    static String groupName(int gid) {
        String n = Grp.nameOf(gid);
        return n == null ? "gid " + gid : n + " (gid " + gid + ")";
    }
}
