package org.taplease.core.internal.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.taplease.core.ApplyReport;
import org.taplease.core.LeaseRequest;
import org.taplease.core.PoolNetwork;
import org.taplease.core.PoolRemoval;
import org.taplease.core.PoolSpec;
import org.taplease.core.TapException;
import org.taplease.core.TapException.Reason;
import org.taplease.core.TapNames;
import org.taplease.core.internal.engine.Ipv4.Cidr;

/**
 * Makes the system match declared pools, once for every kernel: checks every declaration against the kernel's state
 * before anything changes, plans the changes (missing members, label, MAC, MTU, bridge, address, owner/group,
 * surplus), makes them with an undo log, and undoes them all if one fails. Surplus members are deleted last (that is
 * the one step not undone). Touches only interfaces with taplease's label. One instance per call.
 */
public final class PoolApply {

    /** Smallest and largest MTU a member may be given. */
    static final int MIN_MTU = 68;
    static final int MAX_MTU = 65535;

    private final LeaseEngine engine;
    private final TapKernel kernel;
    /** What the change being made is, for the message if the kernel refuses it ("set MTU 9000 on vm0"). */
    private String doing;
    /** What to do about it if the kernel refuses it, or null. */
    private String doingFix;
    /** Undo steps of the changes made so far, in the order made. */
    private final List<Undo> undo = new ArrayList<>();

    @FunctionalInterface
    private interface Undo {
        void run();
    }

    PoolApply(LeaseEngine engine) {
        this.engine = engine;
        this.kernel = engine.kernel();
    }

    /** A declaration checked for what needs no kernel. */
    public record Checked(PoolSpec spec, String pool, String template, Cidr subnet, int memberPrefix) {
        PoolNetwork network() {
            return spec.network();
        }
    }

    // ---------------------------------------------------------------- checks without the kernel

    /** Checks one declaration for what needs no kernel: names, count, template, network syntax and sizes. */
    public static Checked check(PoolSpec spec, boolean kernelNamesTaps) {
        String pool = TapNames.requireValidPool(spec.name());
        String template = spec.template() == null ? LeaseRequest.DEFAULT_TEMPLATE : spec.template();
        if (!kernelNamesTaps) {
            TapNames.requireValidTemplate(template, pool);
        }
        if (spec.count() < 1 || spec.count() > LeaseEngine.MAX_POOL_SIZE) {
            throw new TapException(Reason.INVALID_REQUEST, "pool " + pool, "count " + spec.count() + " out of range",
                    "give a count from 1 to " + LeaseEngine.MAX_POOL_SIZE);
        }
        if (spec.owner() != null && spec.owner() < 0 || spec.group() != null && spec.group() < 0) {
            throw new TapException(Reason.INVALID_REQUEST, "pool " + pool, "owner and group must be >= 0", null);
        }
        PoolNetwork net = spec.network() == null ? PoolNetwork.NONE : spec.network();
        if (net.subnet() != null && net.bridge() != null) {
            throw new TapException(Reason.INVALID_REQUEST, "pool " + pool,
                    "a pool is routed (subnet " + net.subnet() + ") or bridged (bridge " + net.bridge()
                            + "), not both",
                    "give either --subnet or --bridge");
        }
        if (net.mtu() != null && (net.mtu() < MIN_MTU || net.mtu() > MAX_MTU)) {
            throw new TapException(Reason.INVALID_REQUEST, "pool " + pool, "MTU " + net.mtu() + " out of range",
                    "give an MTU from " + MIN_MTU + " to " + MAX_MTU + " (1500 is Ethernet's)");
        }
        if (net.bridge() != null) {
            TapNames.requireValidInterface(net.bridge());
        }
        Cidr subnet = null;
        int memberPrefix = net.memberPrefix();
        if (net.subnet() != null) {
            if (memberPrefix != 30 && memberPrefix != 31) {
                throw new TapException(Reason.INVALID_REQUEST, "pool " + pool,
                        "member block /" + memberPrefix + " not supported",
                        "give 30 (host, guest, network and broadcast address) or 31 (host and guest only)");
            }
            try {
                subnet = Ipv4.parseCidr(net.subnet(), "subnet");
            } catch (TapException e) {
                throw new TapException(Reason.INVALID_REQUEST, "pool " + pool, e.summary(), e.fix());
            }
            long blocks = subnet.blocks(memberPrefix);
            if (blocks < spec.count()) {
                int need = memberPrefix - (32 - Integer.numberOfLeadingZeros(spec.count() - 1));
                throw new TapException(Reason.INVALID_REQUEST, "pool " + pool,
                        "subnet " + subnet + " is too small: it holds " + blocks + " member block"
                                + (blocks == 1 ? "" : "s") + " of /" + memberPrefix + ", the pool needs "
                                + spec.count(),
                        "give a /" + need + " or larger (e.g. " + Ipv4.block(subnet.address(), need) + "), or fewer"
                                + " members");
            }
        }
        return new Checked(spec, pool, template, subnet, memberPrefix);
    }

    /** Checks declarations against each other: one declaration per pool, no two subnets overlap. */
    static void checkTogether(List<Checked> all) {
        Map<String, Checked> byName = new HashMap<>();
        for (Checked c : all) {
            if (byName.put(c.pool(), c) != null) {
                throw new TapException(Reason.INVALID_REQUEST, "pool " + c.pool(), "pool " + c.pool()
                        + " is declared twice", "keep one declaration per pool");
            }
        }
        for (int i = 0; i < all.size(); i++) {
            for (int j = i + 1; j < all.size(); j++) {
                Checked a = all.get(i);
                Checked b = all.get(j);
                if (a.subnet() != null && b.subnet() != null && a.subnet().overlaps(b.subnet())) {
                    throw new TapException(Reason.INVALID_REQUEST, "pool " + b.pool(),
                            "subnet " + b.subnet() + " overlaps subnet " + a.subnet() + " of pool " + a.pool(),
                            "give each routed pool a subnet of its own");
                }
            }
        }
    }

    // ---------------------------------------------------------------- apply

    /**
     * Applies {@code specs}.
     *
     * @param removeSurplus delete free members beyond a pool's count ({@code pool apply}); otherwise they stay
     *        ({@code pool create} tops up)
     * @param restoreOwnership set each member's owner/group to the declared ones (none declared: none); otherwise a
     *        member keeps its own and a note says so
     */
    ApplyReport apply(List<PoolSpec> specs, boolean removeSurplus, boolean restoreOwnership) {
        List<Plan> plans = plans(specs, removeSurplus, restoreOwnership);

        // 2. the changes, undone together if one fails
        try {
            for (Plan p : plans) {
                for (Step s : p.steps) {
                    s.run();
                }
            }
        } catch (TapException | KernelException e) {
            int made = undo.size();
            List<String> failedUndo = rollback();
            TapException t = e instanceof TapException te ? te : engine.explainKernel((KernelException) e);
            String summary = (doing == null ? "" : "could not " + doing + ": ") + t.summary()
                    + (made == 0 ? "" : failedUndo.isEmpty()
                    ? " (the " + made + " change" + (made == 1 ? "" : "s") + " made before it were undone: nothing"
                            + " changed)"
                    : " (undoing the changes made before it failed for: " + String.join("; ", failedUndo) + ")");
            String fix = t.fix() != null ? t.fix() : doingFix;
            throw new TapException(t.reason(), t.device(), summary, fix, t.errno(), t.strerror(), t.operation(), e);
        }

        // 3. surplus members, last
        List<ApplyReport.Pool> out = new ArrayList<>();
        for (Plan p : plans) {
            PoolRemoval r = engine.removeFree(p.checked.pool(), p.surplus);
            out.add(new ApplyReport.Pool(p.checked.pool(), p.created, p.changed, r.deleted(), r.kept(), p.notes));
        }
        return new ApplyReport(out);
    }

    /**
     * What {@code applyPools(specs)} would change, without changing anything: every check, then the plan (members to
     * create, changes to existing ones, free surplus to delete). Empty if the system matches the declarations.
     *
     * @throws TapException as {@link #apply} for a declaration that cannot be applied
     */
    List<String> pending(List<PoolSpec> specs) {
        List<String> out = new ArrayList<>();
        for (Plan p : plans(specs, true, true)) {
            out.addAll(p.missing);
            out.addAll(p.changed);
            out.addAll(p.ownership);
            for (KernelLink l : p.surplus) {
                out.add(l.name() + ": surplus, deleted if free");
            }
        }
        return out;
    }

    /** Checks every declaration and plans each pool; changes nothing. */
    private List<Plan> plans(List<PoolSpec> specs, boolean removeSurplus, boolean restoreOwnership) {
        List<Checked> checked = new ArrayList<>();
        for (PoolSpec s : specs) {
            checked.add(check(s, kernel.namesNewTaps()));
        }
        checkTogether(checked);

        List<KernelLink> links = engine.kernelLinks();
        Map<Integer, KernelLink> byIndex = new HashMap<>();
        Map<String, KernelLink> byName = new HashMap<>();
        for (KernelLink l : links) {
            byIndex.put(l.index(), l);
            byName.put(l.name(), l);
        }
        boolean routed = checked.stream().anyMatch(c -> c.subnet() != null);
        List<TapKernel.Address> addresses = routed ? engine.kernelAddresses() : List.of();
        List<TapKernel.Route> routes = routed ? engine.kernelRoutes() : List.of();

        // 1. every check against the kernel's state, for every pool, before anything changes
        List<Plan> plans = new ArrayList<>();
        for (Checked c : checked) {
            List<KernelLink> members = LeaseEngine.members(links, c.pool());
            KernelLink bridge = c.network().bridge() == null ? null : requireBridge(c, byName);
            if (c.subnet() != null) {
                requireNoOverlap(c, members, addresses, routes, byIndex);
            }
            plans.add(plan(c, members, bridge, byName, addresses, removeSurplus, restoreOwnership));
        }
        return plans;
    }

    /** Undoes every change made so far, newest first; returns what could not be undone. */
    private List<String> rollback() {
        List<String> failed = new ArrayList<>();
        for (int i = undo.size() - 1; i >= 0; i--) {
            try {
                undo.get(i).run();
            } catch (RuntimeException e) {
                failed.add(e.getMessage());
            }
        }
        undo.clear();
        return failed;
    }

    private KernelLink requireBridge(Checked c, Map<String, KernelLink> byName) {
        String br = c.network().bridge();
        KernelLink l = byName.get(br);
        if (l == null) {
            throw new TapException(Reason.INVALID_REQUEST, br, "no such bridge (pool " + c.pool() + " names it)",
                    "create the bridge first in your network configuration (Linux: ip link add " + br
                            + " type bridge; FreeBSD: ifconfig bridge create); taplease never creates, changes or"
                            + " deletes bridges");
        }
        if (!l.isBridge()) {
            throw new TapException(Reason.INVALID_REQUEST, br, "not a bridge but " + describe(l) + " (pool "
                    + c.pool() + " names it)", "name an existing bridge (Linux: 'ip link show type bridge' lists them; FreeBSD: 'ifconfig -g bridge')");
        }
        return l;
    }

    private static String describe(KernelLink l) {
        return switch (l.kind()) {
        case TAP, MULTI_QUEUE_TAP -> "a tap";
        case TUN -> "a tun device";
        case OTHER -> l.kindName();
        };
    }

    /** A routed pool's subnet must not overlap an address or route of any interface but its own members. */
    private static void requireNoOverlap(Checked c, List<KernelLink> members, List<TapKernel.Address> addresses,
            List<TapKernel.Route> routes, Map<Integer, KernelLink> byIndex) {
        Set<Integer> own = new HashSet<>();
        for (KernelLink m : members) {
            own.add(m.index());
        }
        String fix = "choose a subnet that no interface and no route uses (Linux: 'ip -4 addr' and 'ip -4 route' show"
                + " them; FreeBSD: 'ifconfig' and 'netstat -rn -f inet')";
        for (TapKernel.Address a : addresses) {
            if (!own.contains(a.index()) && Ipv4.block(a.address(), a.prefix()).overlaps(c.subnet())) {
                throw new TapException(Reason.INVALID_REQUEST, "pool " + c.pool(), "subnet " + c.subnet()
                        + " overlaps address " + Ipv4.format(a.address()) + "/" + a.prefix() + " on "
                        + nameOf(a.index(), byIndex), fix);
            }
        }
        for (TapKernel.Route r : routes) {
            if (r.prefix() > 0 && !own.contains(r.oif())
                    && Ipv4.block(r.destination(), r.prefix()).overlaps(c.subnet())) {
                throw new TapException(Reason.INVALID_REQUEST, "pool " + c.pool(), "subnet " + c.subnet()
                        + " overlaps route " + Ipv4.block(r.destination(), r.prefix()) + (r.oif() == 0 ? ""
                                : " on " + nameOf(r.oif(), byIndex)), fix);
            }
        }
    }

    private static String nameOf(int index, Map<Integer, KernelLink> byIndex) {
        KernelLink l = byIndex.get(index);
        return l == null ? "interface " + index : l.name();
    }

    // ---------------------------------------------------------------- plan

    /** One change: made by {@link #run}, which also records how to undo it. */
    @FunctionalInterface
    private interface Step {
        void run();
    }

    private static final class Plan {
        final Checked checked;
        final List<Step> steps = new ArrayList<>();
        final List<String> created = new ArrayList<>();
        final List<String> changed = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        final List<KernelLink> surplus = new ArrayList<>();
        /** Owner/group changes planned (made by a step only if the member is free then). */
        final List<String> ownership = new ArrayList<>();
        /** Members to create (planned; {@link #created} lists what a run made). */
        final List<String> missing = new ArrayList<>();

        Plan(Checked checked) {
            this.checked = checked;
        }
    }

    private Plan plan(Checked c, List<KernelLink> members, KernelLink bridge, Map<String, KernelLink> byName,
            List<TapKernel.Address> addresses, boolean removeSurplus, boolean restoreOwnership) {
        Plan p = new Plan(c);
        int count = c.spec().count();
        // member numbers: from the label, else from the name under the template; duplicates and numbers beyond the
        // count are surplus
        Map<Integer, KernelLink> byNumber = new TreeMap<>();
        List<KernelLink> unnumbered = new ArrayList<>();
        for (KernelLink m : members) {
            int n = Labels.memberOf(m.label());
            if (n < 0 && !kernel.namesNewTaps()) {
                n = numberFromName(m.name(), c.template(), c.pool());
            }
            if (n < 0 || byNumber.containsKey(n)) {
                unnumbered.add(m);
            } else {
                byNumber.put(n, m);
            }
        }
        for (KernelLink m : unnumbered) {
            int free = -1;
            for (int n = 0; n < count; n++) {
                if (!byNumber.containsKey(n)) {
                    free = n;
                    break;
                }
            }
            if (free < 0) {
                p.surplus.add(m);
            } else {
                byNumber.put(free, m);
            }
        }
        for (Map.Entry<Integer, KernelLink> e : byNumber.entrySet()) {
            if (e.getKey() >= count) {
                p.surplus.add(e.getValue());
            }
        }
        if (!removeSurplus) {
            p.surplus.clear();
        }
        Map<Integer, List<TapKernel.Address>> addrs = new HashMap<>();
        for (TapKernel.Address a : addresses) {
            addrs.computeIfAbsent(a.index(), k -> new ArrayList<>()).add(a);
        }
        Set<String> names = new HashSet<>(byName.keySet());
        for (int n = 0; n < count; n++) {
            KernelLink m = byNumber.get(n);
            if (m != null) {
                planExisting(p, m, n, bridge, addrs.getOrDefault(m.index(), List.of()), restoreOwnership);
            } else {
                planCreate(p, n, bridge, byName, names);
            }
        }
        return p;
    }

    /** The number {@code name} has under {@code template}, or -1. */
    static int numberFromName(String name, String template, String pool) {
        String t = template.replace("{pool}", pool);
        int at = t.indexOf("%d");
        if (at < 0) {
            return -1;
        }
        String before = t.substring(0, at);
        String after = t.substring(at + 2);
        if (name.length() <= before.length() + after.length() || !name.startsWith(before) || !name.endsWith(after)) {
            return -1;
        }
        String digits = name.substring(before.length(), name.length() - after.length());
        if (digits.length() > 5 || !digits.chars().allMatch(ch -> ch >= '0' && ch <= '9')
                || digits.length() > 1 && digits.charAt(0) == '0') {
            return -1;
        }
        return Integer.parseInt(digits);
    }

    private void planExisting(Plan p, KernelLink m, int n, KernelLink bridge, List<TapKernel.Address> current,
            boolean restoreOwnership) {
        Checked c = p.checked;
        String name = m.name();
        int index = m.index();
        String label = Labels.of(c.pool(), n);
        if (!label.equals(m.label())) {
            String old = m.label();
            p.changed.add(name + ": label " + label);
            p.steps.add(() -> {
                doing("set the label of " + name, null);
                kernel.setLabel(name, index, label);
                undo.add(() -> kernel.setLabel(name, index, old == null ? "" : old));
            });
        }
        byte[] mac = Macs.member(c.pool(), n);
        byte[] oldMac = Macs.parse(m.mac());
        if (!Arrays.equals(mac, oldMac)) {
            p.changed.add(name + ": MAC " + Macs.format(mac));
            p.steps.add(() -> {
                doing("set MAC " + Macs.format(mac) + " on " + name, null);
                kernel.setMac(name, index, mac);
                if (oldMac != null) {
                    undo.add(() -> kernel.setMac(name, index, oldMac));
                }
            });
        }
        int master = bridge != null ? bridge.index() : c.subnet() != null ? 0 : m.master();
        if (master != m.master()) {
            int from = m.master();
            p.changed.add(name + (master == 0 ? ": leaves its bridge" : ": joins bridge " + bridge.name()));
            p.steps.add(() -> {
                doing(master == 0 ? "take " + name + " off its bridge" : "add " + name + " to bridge " + bridge.name(),
                        BRIDGE_FIX);
                kernel.setMaster(name, index, from, master);
                undo.add(() -> kernel.setMaster(name, index, master, from));
            });
        }
        Integer mtu = c.network().mtu();
        if (mtu != null && mtu != m.mtu()) {
            int oldMtu = m.mtu();
            p.changed.add(name + ": MTU " + mtu);
            p.steps.add(() -> {
                doing("set MTU " + mtu + " on " + name, mtuFix(name));
                kernel.setMtu(name, index, mtu);
                undo.add(() -> kernel.setMtu(name, index, oldMtu));
            });
        }
        if (c.subnet() != null) {
            int host = Ipv4.hostOf(c.subnet(), c.memberPrefix(), n);
            int prefix = c.memberPrefix();
            boolean present = false;
            for (TapKernel.Address a : current) {
                if (a.address() == host && a.prefix() == prefix) {
                    present = true;
                } else {
                    p.changed.add(name + ": address " + Ipv4.format(a.address()) + "/" + a.prefix() + " removed");
                    p.steps.add(() -> {
                        doing("remove address " + Ipv4.format(a.address()) + "/" + a.prefix() + " from " + name, null);
                        kernel.removeAddress(name, index, a.address(), a.prefix());
                        undo.add(() -> kernel.addAddress(name, index, a.address(), a.prefix()));
                    });
                }
            }
            if (!present) {
                p.changed.add(name + ": address " + Ipv4.format(host) + "/" + prefix);
                p.steps.add(() -> {
                    doing("add address " + Ipv4.format(host) + "/" + prefix + " to " + name, null);
                    kernel.addAddress(name, index, host, prefix);
                    undo.add(() -> kernel.removeAddress(name, index, host, prefix));
                });
            }
        }
        Integer owner = c.spec().owner();
        Integer group = c.spec().group();
        if (restoreOwnership) {
            // a declared owner/group is set; one that is not declared cannot be unset (the tun driver refuses -1
            // once one is set): the member keeps it, and a note says how to drop it
            boolean ownerDiffers = owner != null && !owner.equals(m.owner());
            boolean groupDiffers = group != null && !group.equals(m.group());
            if (ownerDiffers || groupDiffers) {
                Integer oldOwner = m.owner();
                Integer oldGroup = m.group();
                String what = name + ": " + (ownerDiffers ? "owner " + LeaseEngine.userName(owner) : "")
                        + (ownerDiffers && groupDiffers ? ", " : "")
                        + (groupDiffers ? "group " + LeaseEngine.groupName(group) : "");
                p.ownership.add(what);
                p.steps.add(() -> {
                    doing("set the owner and group of " + name, null);
                    if (setOwnership(m, ownerDiffers ? owner : null, groupDiffers ? group : null)) {
                        p.changed.add(what);
                        undo.add(() -> setOwnership(m, ownerDiffers ? orNone(oldOwner) : null,
                                groupDiffers ? orNone(oldGroup) : null));
                    } else {
                        p.notes.add(name + " is held: its owner and group change when it is free and apply runs"
                                + " again");
                    }
                });
            }
            if (owner == null && m.owner() != null || group == null && m.group() != null) {
                p.notes.add(name + " keeps " + (owner == null && m.owner() != null ? "owner "
                        + LeaseEngine.userName(m.owner()) : "group " + LeaseEngine.groupName(m.group()))
                        + ", which its declaration does not name: a tap's owner cannot be unset; to drop it, delete"
                        + " the member (a lower count, or 'taplease pool delete') and apply again");
            }
        } else if (owner != null && !owner.equals(m.owner()) || group != null && !group.equals(m.group())) {
            p.notes.add(name + " keeps its owner " + (m.owner() == null ? "(none)" : LeaseEngine.userName(m.owner()))
                    + " and group " + (m.group() == null ? "(none)" : LeaseEngine.groupName(m.group())));
        }
    }

    private static final String BRIDGE_FIX = "check the bridge (Linux: 'ip -d link show BRIDGE'; FreeBSD: 'ifconfig"
            + " BRIDGE'): the kernel refused the port";

    private static String mtuFix(String name) {
        return "declare an MTU " + name + " accepts (a Linux tap takes at most 65521, 65535 less its Ethernet header;"
                + " 'ip -d link show " + name + "' shows maxmtu), then apply again";
    }

    private void doing(String what, String fix) {
        doing = what;
        doingFix = fix;
    }

    private static int orNone(Integer id) {
        return id == null ? -1 : id;
    }

    /** Sets owner/group through a trial attach; false if the tap is held (then nothing changed). */
    private boolean setOwnership(KernelLink m, Integer owner, Integer group) {
        int fd;
        try {
            fd = kernel.attach(m.name(), m.index(), false, true);
        } catch (KernelException e) {
            if (e.failure() == KernelException.Failure.BUSY) {
                return false;
            }
            throw e;
        }
        try {
            kernel.setOwnership(fd, m.name(), owner, group);
            return true;
        } finally {
            kernel.close(fd);
        }
    }

    private void planCreate(Plan p, int n, KernelLink bridge, Map<String, KernelLink> byName, Set<String> names) {
        Checked c = p.checked;
        String name = null;
        if (!kernel.namesNewTaps()) {
            // member n is named by the template with n; if another interface has that name, it is never touched:
            // the member takes the next free name beyond the count (its label keeps its number, so its block and
            // MAC stay those of member n)
            int k = n;
            name = TapNames.expand(c.template(), c.pool(), k);
            while (names.contains(name)) {
                k = Math.max(k + 1, c.spec().count());
                if (k > LeaseEngine.MAX_INDEX) {
                    throw new TapException(Reason.POOL_EXHAUSTED, "pool " + c.pool(), "no unused name left for"
                            + " template " + c.template(), "use another template");
                }
                name = TapNames.expand(c.template(), c.pool(), k);
            }
            TapNames.requireValidInterface(name);
            KernelLink other = byName.get(TapNames.expand(c.template(), c.pool(), n));
            if (k != n && other != null) {
                p.notes.add("member " + n + " is " + name + ": " + other.name() + " is " + (other.isTap()
                        && Labels.poolOf(other.label()) != null ? "a member of pool " + Labels.poolOf(other.label())
                                : describe(other) + " that is not taplease's") + " (never touched)");
            }
            names.add(name);
        }
        String wanted = name;
        boolean keep = c.spec().keepAddresses() || !c.network().isNone();
        p.missing.add(c.pool() + ": member " + n + " (" + wanted + ") is missing");
        p.steps.add(() -> {
            doing("create member " + n + " of pool " + c.pool(), null);
            EngineLease made = engine.createMember(wanted, c.pool(), n, c.spec().owner(), c.spec().group(), keep);
            String made0 = made.name();
            int index = made.ifindex();
            p.created.add(made0);
            undo.add(() -> engine.deleteQuietly(made0));
            try {
                doing("set MAC " + Macs.format(Macs.member(c.pool(), n)) + " on new member " + made0, null);
                kernel.setMac(made0, index, Macs.member(c.pool(), n));
                if (bridge != null) {
                    doing("add new member " + made0 + " to bridge " + bridge.name(), BRIDGE_FIX);
                    kernel.setMaster(made0, index, 0, bridge.index());
                }
                Integer mtu = c.network().mtu(); // after joining: FreeBSD gives a joining member the bridge's MTU
                if (mtu != null) {
                    doing("set MTU " + mtu + " on new member " + made0, mtuFix(made0));
                    kernel.setMtu(made0, index, mtu);
                }
                if (c.subnet() != null) {
                    int host = Ipv4.hostOf(c.subnet(), c.memberPrefix(), n);
                    doing("add address " + Ipv4.format(host) + "/" + c.memberPrefix() + " to new member " + made0,
                            null);
                    kernel.addAddress(made0, index, host, c.memberPrefix());
                }
            } finally {
                made.discard();
            }
        });
    }
}
