package org.taplease.core.internal.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import org.taplease.core.Accounts;
import org.taplease.core.Checkup;
import org.taplease.core.Checkup.Check;
import org.taplease.core.Checkup.Status;
import org.taplease.core.PoolDeclarations;
import org.taplease.core.PoolSpec;
import org.taplease.core.TapException;
import org.taplease.core.TapInfo;
import org.taplease.core.TapNetwork;
import org.taplease.core.TapNames;
import org.taplease.core.internal.HandoffLocks;
import org.taplease.core.internal.engine.KernelLink.Kind;

/**
 * The set-up checks ({@code taplease doctor}, the IDE's Check Setup), written once: the kernel gives the platform's
 * facts ({@link TapKernel#setup()}: device node, driver, pools unit) and answers who may attach a tap
 * ({@link TapKernel#mayAttach}); everything here decides what they mean and says the fix. Changes nothing.
 * <p>
 * <b>Stale hand-over locks.</b> A hand-over lock ({@link HandoffLocks}) is an {@code fcntl} lock, so it ends with the
 * process that holds it: a lock file nobody holds blocks nobody and is not stale. A lock counts as <em>stale</em> when
 * a process has held it for longer than {@link #STALE_AFTER} (its file's time is set by every take), which is longer
 * than any hand-over taplease makes ({@code run --handoff-timeout} is at most 600 s): that process hangs, and while
 * its user may attach the tap (root, its owner, a member of its group), every allocator skips the tap (FAIL; a lock
 * that blocks nobody is a WARN). An entry of the hand-over directory that taplease refuses or ignores (a link, a file
 * or directory of the wrong user, writable by others, with more than one link) is a FAIL if it is the directory itself
 * or this user's (their hand-overs by name fail), else a WARN; the fix names the path to remove.
 */
final class Doctor {

    /** A hand-over lock held longer than this is stale: longer than the longest hand-over (600 s). */
    static final long STALE_AFTER_SECONDS = 600 + 60;
    private static final String STALE_AFTER = "11 minutes";
    /** The JDK the product needs. */
    static final int JDK = 21;

    private final LeaseEngine engine;
    private final TapKernel kernel;
    private final HandoffLocks locks;
    private final Path configDir;
    private final long now;

    Doctor(LeaseEngine engine, TapKernel kernel, HandoffLocks locks) {
        this(engine, kernel, locks, PoolDeclarations.defaultDir(), System.currentTimeMillis() / 1000);
    }

    Doctor(LeaseEngine engine, TapKernel kernel, HandoffLocks locks, Path configDir, long nowSeconds) {
        this.engine = engine;
        this.kernel = kernel;
        this.locks = locks;
        this.configDir = configDir;
        this.now = nowSeconds;
    }

    Checkup run() {
        List<Check> out = new ArrayList<>();
        int uid = kernel.uid();
        TapKernel.Setup s;
        try {
            s = kernel.setup();
        } catch (TapException e) {
            out.add(new Check("tun-device", Status.FAIL, e.summary(), e.fix()));
            out.add(jdk());
            return new Checkup(out);
        }
        out.add(device(s, uid));
        out.add(driver(s));
        List<KernelLink> links;
        try {
            links = engine.kernelLinks();
        } catch (TapException e) {
            out.add(new Check("pools", Status.FAIL, "cannot list the interfaces: " + e.summary(), e.fix()));
            links = null;
        }
        if (links != null) {
            out.addAll(pools(links, s, uid));
        }
        out.addAll(locks(links, uid));
        if (links != null) {
            out.addAll(leaked(links));
        }
        out.addAll(declarations(s));
        out.add(jdk());
        return new Checkup(out);
    }

    // ---------------------------------------------------------------- device node and driver

    private static Check device(TapKernel.Setup s, int uid) {
        String node = s.node();
        if (!s.nodeExists()) {
            return new Check("tun-device", Status.FAIL, node + " is missing", s.nodeFix());
        }
        String what = node + ": mode " + mode(s.mode()) + " " + Accounts.user(s.nodeUid()) + ":"
                + Accounts.group(s.nodeGid());
        if (!s.charDevice()) {
            return new Check("tun-device", Status.FAIL, what + ", not a character device",
                    "sudo rm " + node + ", then: " + s.nodeFix());
        }
        if (s.openError() != null) {
            // without the driver the node opens to nothing (ENODEV): loading the driver is the fix, not the mode
            return new Check("tun-device", Status.FAIL, what + "; you (" + Accounts.user(uid) + ") may not open it ("
                    + s.openError() + ")", s.driverLoaded() ? s.openFix() : s.driverFix());
        }
        if (uid == 0 && s.usersOpenNode() && (s.mode() & 0006) != 0006) {
            return new Check("tun-device", Status.WARN, what + "; you (root) can open it, other users "
                    + ((s.mode() & 0060) == 0060 ? "outside group " + Accounts.group(s.nodeGid()) + " " : "")
                    + "cannot, so they cannot use their pools", s.openFix());
        }
        return new Check("tun-device", Status.OK, what + ", a character device; you (" + Accounts.user(uid)
                + ") can open it", null);
    }

    private static String mode(int mode) {
        return String.format("%04o", mode & 07777);
    }

    private static Check driver(TapKernel.Setup s) {
        if (s.driverLoaded()) {
            return new Check("tun-driver", Status.OK, s.driver() + " driver: in the kernel (" + s.driverSeen() + ")",
                    null);
        }
        return new Check("tun-driver", Status.FAIL, s.driver() + " driver: not in the kernel (not in "
                + s.driverSeen() + ")", s.driverFix());
    }

    // ---------------------------------------------------------------- pools

    private List<Check> pools(List<KernelLink> links, TapKernel.Setup s, int uid) {
        Map<String, List<KernelLink>> byPool = new TreeMap<>();
        for (KernelLink l : links) {
            String p = l.isTap() ? Labels.poolOf(l.label()) : null;
            if (p != null) {
                byPool.computeIfAbsent(p, k -> new ArrayList<>()).add(l);
            }
        }
        String me = Accounts.user(uid);
        if (byPool.isEmpty()) {
            return List.of(new Check("pools", Status.WARN, "no pools in this network namespace",
                    "create one once as root: sudo taplease pool create --name taplease --count 4 --owner "
                            + (uid == 0 ? "$USER" : me)));
        }
        List<Check> out = new ArrayList<>();
        for (Map.Entry<String, List<KernelLink>> e : byPool.entrySet()) {
            String pool = e.getKey();
            List<KernelLink> members = e.getValue();
            List<KernelLink> refused = new ArrayList<>();
            for (KernelLink m : members) {
                if (!mayAttach(uid, m, s)) {
                    refused.add(m);
                }
            }
            String owners = owners(members);
            if (refused.isEmpty()) {
                out.add(new Check("pool:" + pool, Status.OK, "pool " + pool + ": you (" + me + ") can attach its "
                        + members.size() + " tap" + (members.size() == 1 ? "" : "s") + " (" + owners + ")", null));
                continue;
            }
            KernelLink r = refused.get(0);
            String fix;
            if (r.group() != null && (r.owner() == null || r.owner() == uid)) {
                fix = "sudo usermod -aG " + Accounts.group(r.group()) + " " + me + " (then log in again)";
            } else {
                String own = TapNames.interfaceProblem(me) == null && me.length() <= TapNames.MAX_POOL ? me : "mine";
                fix = "ask for a pool of your own: sudo taplease pool create --name " + own + " --count 4 --owner "
                        + me;
            }
            String which = members.size() == 1 ? "its 1 tap"
                    : (refused.size() == members.size() ? "any" : refused.size()) + " of its " + members.size() + " taps";
            out.add(new Check("pool:" + pool, Status.FAIL, "pool " + pool + ": you (" + me + ") cannot attach "
                    + which + " (" + owners + ")", fix));
        }
        return out;
    }

    /**
     * The kernel's rule; a Linux tap with neither owner nor group is attachable by anyone who may open the device node
     * (the lock rule of {@link TapKernel#mayAttach} does not guess that).
     */
    private boolean mayAttach(int uid, KernelLink m, TapKernel.Setup s) {
        if (uid == 0 || kernel.mayAttach(uid, m)) {
            return true;
        }
        return m.owner() == null && m.group() == null && s.usersOpenNode() && s.openError() == null;
    }

    private static String owners(List<KernelLink> members) {
        KernelLink f = members.get(0);
        boolean same = members.stream().allMatch(m -> Objects.equals(m.owner(), f.owner())
                && Objects.equals(m.group(), f.group()));
        if (!same) {
            return "owners differ";
        }
        if (f.owner() == null && f.group() == null) {
            return "no owner or group";
        }
        return (f.owner() == null ? "" : "owner " + Accounts.user(f.owner()))
                + (f.owner() != null && f.group() != null ? ", " : "")
                + (f.group() == null ? "" : "group " + Accounts.group(f.group()));
    }

    // ---------------------------------------------------------------- hand-over locks

    private List<Check> locks(List<KernelLink> links, int uid) {
        List<HandoffLocks.Entry> entries;
        try {
            entries = locks.survey();
        } catch (RuntimeException e) {
            return List.of(new Check("handoff-locks", Status.WARN, "cannot read the hand-over directory "
                    + locks.directory() + ": " + e.getMessage(), "check " + locks.directory()));
        }
        Map<String, KernelLink> byName = new TreeMap<>();
        if (links != null) {
            links.forEach(l -> byName.put(l.name(), l));
        }
        long self = ProcessHandle.current().pid();
        List<Check> out = new ArrayList<>();
        for (HandoffLocks.Entry e : entries) {
            if (e.problem() != null) {
                boolean mine = e.uid() == -1 || e.uid() == uid;
                out.add(new Check("handoff-lock:" + e.path(), mine ? Status.FAIL : Status.WARN,
                        "hand-over lock entry " + e.path() + ": " + e.problem(), e.fix()));
                continue;
            }
            if (e.holder() <= 0 || e.holder() == self || now - e.mtimeSec() <= STALE_AFTER_SECONDS) {
                continue;
            }
            KernelLink tap = byName.get(e.tap());
            boolean blocks = tap != null && (e.uid() == 0 || kernel.mayAttach(e.uid(), tap));
            Optional<ProcessHandle> p = ProcessHandle.of(e.holder());
            String cmd = p.flatMap(h -> h.info().command()).map(c -> " (" + c + ")").orElse("");
            long minutes = (now - e.mtimeSec()) / 60;
            out.add(new Check("handoff-lock:" + e.path(), blocks ? Status.FAIL : Status.WARN, "stale hand-over lock "
                    + e.path() + ": process " + e.holder() + cmd + " has held it for " + minutes + " minutes, longer"
                    + " than any hand-over (" + STALE_AFTER + ")" + (blocks ? "; taplease's allocators skip "
                            + e.tap() : "; it blocks nobody here"),
                    "if that process hangs, end it (the lock ends with it): " + (e.uid() == uid ? "" : "sudo ")
                            + "kill " + e.holder()));
        }
        if (out.isEmpty()) {
            out.add(new Check("handoff-locks", Status.OK, "hand-over locks: none stale or refused in "
                    + locks.directory(), null));
        }
        return out;
    }

    // ---------------------------------------------------------------- leaked taps

    private List<Check> leaked(List<KernelLink> links) {
        List<Check> out = new ArrayList<>();
        for (KernelLink l : links) {
            if (l.kind() != Kind.TAP && l.kind() != Kind.MULTI_QUEUE_TAP) {
                continue;
            }
            TapInfo t = engine.info(l, TapNetwork.NONE);
            if (t.looksLeaked()) {
                out.add(new Check("leaked:" + t.name(), Status.WARN, t.name() + " looks leaked: persistent, not"
                        + " taplease's, nobody holds it" + (t.owner() == null ? "" : " (owner "
                                + Accounts.user(t.owner()) + ")"), Checkup.leakedTapFix(kernel.backend(), t.name())));
            }
        }
        out.sort(Comparator.comparing(Check::id, (a, b) -> TapNames.compare(a.substring(7),
                b.substring(7))));
        if (out.isEmpty()) {
            out.add(new Check("leaked-taps", Status.OK, "no tap looks leaked (persistent, not taplease's, unattached)",
                    null));
        }
        return out;
    }

    // ---------------------------------------------------------------- declarations and the pools unit

    private List<Check> declarations(TapKernel.Setup s) {
        List<Check> out = new ArrayList<>();
        List<PoolSpec> specs = new ArrayList<>();
        try {
            PoolDeclarations.load(configDir).forEach(d -> specs.add(d.spec()));
        } catch (TapException e) {
            out.add(new Check("pool-declarations", Status.FAIL, "the declarations in " + configDir
                    + " cannot be read: " + e.getMessage(), e.fix()));
            return out;
        }
        String apply = "sudo taplease pool apply" + (configDir.equals(PoolDeclarations.DEFAULT_DIR) ? ""
                : " --config-dir " + configDir);
        if (!specs.isEmpty()) {
            try {
                List<String> pending = engine.pendingPools(specs);
                if (pending.isEmpty()) {
                    out.add(new Check("pool-declarations", Status.OK, "the " + specs.size() + " pool"
                            + (specs.size() == 1 ? " declared in " + configDir + " is applied"
                                    : "s declared in " + configDir + " are applied"), null));
                } else {
                    out.add(new Check("pool-declarations", Status.FAIL, "the pools declared in " + configDir
                            + " are not applied: " + pending.size() + " change" + (pending.size() == 1 ? "" : "s")
                            + " to make (" + pending.get(0) + (pending.size() > 1 ? ", ..." : "") + ")", apply));
                }
            } catch (TapException e) {
                out.add(new Check("pool-declarations", Status.FAIL, "the pools declared in " + configDir
                        + " cannot be applied: " + e.summary(), e.fix()));
            }
        }
        if (s.unitFix() == null) {
            if (specs.isEmpty()) {
                out.add(new Check("pool-declarations", Status.OK, "no pools declared in " + configDir, null));
            }
            return out;
        }
        String unit = "taplease-pools.service";
        if (s.unit() == null) {
            out.add(specs.isEmpty()
                    ? new Check("pools-unit", Status.OK, "no pools declared in " + configDir + ", no " + unit
                            + " (nothing to make at boot)", null)
                    : new Check("pools-unit", Status.WARN, unit + " is not installed: the declared pools are not"
                            + " made again after a reboot", s.unitFix()));
        } else if (!s.unitEnabled()) {
            out.add(new Check("pools-unit", Status.WARN, s.unit() + " is installed but not enabled",
                    "sudo systemctl enable " + unit));
        } else {
            out.add(new Check("pools-unit", Status.OK, s.unit() + " is installed and enabled", null));
        }
        return out;
    }

    // ---------------------------------------------------------------- JDK

    static Check jdk() {
        Runtime.Version v = Runtime.version();
        String what = "Java " + v + " (" + System.getProperty("java.vendor", "?") + ") at "
                + System.getProperty("java.home", "?");
        if (v.feature() < JDK) {
            return new Check("jdk", Status.FAIL, what + ": taplease needs Java " + JDK + " or later",
                    "install a JDK " + JDK + "+ (e.g. Temurin 21) and point JAVA_HOME at it");
        }
        return new Check("jdk", Status.OK, what, null);
    }
}
