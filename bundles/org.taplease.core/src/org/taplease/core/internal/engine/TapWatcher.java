package org.taplease.core.internal.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.taplease.core.Holder;
import org.taplease.core.TapEvent;
import org.taplease.core.TapException;
import org.taplease.core.TapInfo;
import org.taplease.core.TapListener;
import org.taplease.core.TapNames;
import org.taplease.core.TapWatch;
import org.taplease.core.internal.engine.KernelLink.Kind;
import org.taplease.core.internal.engine.TapKernel.Batch;
import org.taplease.core.internal.engine.TapKernel.Change;
import org.taplease.core.internal.engine.TapKernel.LinkMonitor;

/**
 * The watch of {@link LeaseEngine#watch}: the policy that turns a kernel's interface notifications into
 * {@link TapEvent}s, written once for every kernel.
 * <ul>
 * <li>Subscribe first ({@link TapKernel#monitor()}), then list once: {@link #initial()}. A notification queued
 * between the two is diffed against the listing, so nothing is missed and nothing is reported twice.</li>
 * <li>The last known state of every tap is kept by ifindex; each notification is diffed against it: a tap that
 * appears is {@code ADDED}, one that goes {@code REMOVED}; a change of the attached state is {@code ATTACHED} or
 * {@code DETACHED}; any other change a {@link TapInfo} shows (up/down, name, MTU, MAC, label, owner, group, queues,
 * bridge, addresses) is {@code CHANGED}. Notifications that change none of these (counters, operational state that
 * follows the carrier) are dropped, and so are interfaces that are not taps.</li>
 * <li>Attachments the kernel did not announce one by one are replayed from its carrier change counter (Linux
 * {@code IFLA_CARRIER_CHANGES}, which counts every carrier transition, and a tap's carrier follows its
 * attachment): Linux announces a tap's carrier going on through the link watch, at most once a second for the whole
 * system, and not at all while the tap is down. A notification whose counter is behind the known state is older
 * than it and dropped.</li>
 * <li>When the kernel dropped notifications (its queue overflowed: {@link Batch#overflow()}), one listing is diffed
 * against the known state: those events carry {@link TapEvent#resync()}, then {@link TapListener#resynced} gets the
 * listing.</li>
 * <li>Holders are looked up lazily, per event, for that tap alone ({@link TapKernel#holders} with one name).</li>
 * <li>One daemon thread, {@value #THREAD_NAME}, blocked in the kernel while nothing changes. {@link #close()} wakes
 * and joins it; the thread closes the monitor; no listener call follows {@code close()}.</li>
 * </ul>
 */
final class TapWatcher implements TapWatch {

    static final String THREAD_NAME = "taplease-watch";
    /** Most attach/detach pairs replayed from one carrier counter jump; beyond, only the net change is reported. */
    private static final long MAX_REPLAY = 1_000_000;

    private final LeaseEngine engine;
    private final TapKernel kernel;
    private final TapListener listener;
    private final LinkMonitor monitor;
    private final Object monitorLock = new Object();
    private final AtomicLong resyncs = new AtomicLong();
    private final Thread thread;
    private final List<TapInfo> initial;
    private volatile boolean closed;
    /** Under {@link #monitorLock}: the thread closed the monitor, so it may not be woken any more. */
    private boolean monitorClosed;

    // the known state: the watch thread's alone once it runs
    private Map<Integer, KernelLink> taps = new HashMap<>();
    private Map<Integer, TapInfo> infos = new HashMap<>();
    private Map<Integer, String> names = new HashMap<>();
    private Map<Integer, List<TapKernel.Address>> addresses = new HashMap<>();

    private TapWatcher(LeaseEngine engine, TapKernel kernel, TapListener listener, LinkMonitor monitor) {
        this.engine = engine;
        this.kernel = kernel;
        this.listener = listener;
        this.monitor = monitor;
        load();
        this.initial = sorted(infos);
        this.thread = new Thread(this::run, THREAD_NAME);
        thread.setDaemon(true);
    }

    /** Subscribes, lists, and starts the thread. */
    static TapWatcher start(LeaseEngine engine, TapKernel kernel, TapListener listener) {
        Objects.requireNonNull(listener, "listener");
        LinkMonitor m;
        try {
            m = kernel.monitor();
        } catch (KernelException e) {
            throw engine.explainKernel(e);
        }
        boolean ok = false;
        try {
            TapWatcher w = new TapWatcher(engine, kernel, listener, m);
            w.thread.start();
            ok = true;
            return w;
        } catch (KernelException e) {
            throw engine.explainKernel(e);
        } finally {
            if (!ok) {
                m.close();
            }
        }
    }

    @Override
    public List<TapInfo> initial() {
        return initial;
    }

    @Override
    public long resyncs() {
        return resyncs.get();
    }

    @Override
    public void close() {
        closed = true;
        synchronized (monitorLock) {
            if (!monitorClosed) {
                monitor.wakeup();
            }
        }
        if (Thread.currentThread() == thread) {
            return; // a listener closing its own watch: the thread ends after this call
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            while (!closed) {
                Batch b = monitor.next();
                if (closed) {
                    break;
                }
                if (b.overflow()) {
                    resync();
                } else {
                    apply(b.changes());
                }
            }
        } catch (KernelException e) {
            fail(engine.explainKernel(e));
        } catch (TapException e) {
            fail(e);
        } finally {
            synchronized (monitorLock) {
                monitorClosed = true;
                monitor.close();
            }
        }
    }

    private void fail(TapException e) {
        if (!closed) {
            try {
                listener.failed(e);
            } catch (RuntimeException ignored) {
                // the watch has stopped anyway
            }
        }
    }

    // ---------------------------------------------------------------- state

    /**
     * Lists every interface (with counters, as notifications carry them and as {@link LeaseEngine#inventory} lists
     * them) and the taps' addresses: the known state from now on.
     */
    private void load() {
        List<KernelLink> links = kernel.links(true);
        Map<Integer, KernelLink> t = new HashMap<>();
        Map<Integer, String> n = new HashMap<>();
        for (KernelLink l : links) {
            n.put(l.index(), l.name());
            if (isTap(l)) {
                t.put(l.index(), l);
            }
        }
        taps = t;
        names = n;
        addresses = t.isEmpty() ? new HashMap<>() : LeaseEngine.byIndex(kernel.addresses());
        Map<Integer, TapInfo> i = new HashMap<>();
        for (KernelLink l : t.values()) {
            i.put(l.index(), infoOf(l));
        }
        infos = i;
    }

    private static boolean isTap(KernelLink l) {
        return l.kind() == Kind.TAP || l.kind() == Kind.MULTI_QUEUE_TAP;
    }

    private TapInfo infoOf(KernelLink l) {
        return LeaseEngine.info(l).withNetwork(
                LeaseEngine.network(l, addresses.getOrDefault(l.index(), List.of()), names::get));
    }

    private static List<TapInfo> sorted(Map<Integer, TapInfo> infos) {
        List<TapInfo> out = new ArrayList<>(infos.values());
        out.sort(Comparator.comparing(TapInfo::name, TapNames::compare));
        return List.copyOf(out);
    }

    /** Applies notifications in kernel order and delivers the events they make. */
    private void apply(List<Change> changes) {
        List<TapEvent> out = new ArrayList<>();
        boolean addressesListed = false;
        for (Change c : changes) {
            int index = c.index();
            switch (c.type()) {
            case LINK -> {
                KernelLink l = c.link();
                names.put(index, l.name());
                KernelLink known = taps.get(index);
                if (!isTap(l)) {
                    if (known != null) { // stopped being a tap (does not happen with today's drivers)
                        taps.remove(index);
                        diff(infos.remove(index), null, false, out);
                    }
                    continue;
                }
                if (known != null && l.info().carrierChanges() < known.info().carrierChanges()) {
                    continue; // older than the known state (queued before the listing it is diffed against)
                }
                taps.put(index, l);
                TapInfo now = infoOf(l);
                diff(infos.put(index, now), now, false, out);
            }
            case GONE -> {
                names.remove(index);
                addresses.remove(index);
                if (taps.remove(index) != null) {
                    diff(infos.remove(index), null, false, out);
                }
            }
            case ADDRESSES -> {
                KernelLink l = taps.get(index);
                if (l == null) {
                    continue;
                }
                if (!addressesListed) {
                    addresses = LeaseEngine.byIndex(kernel.addresses());
                    addressesListed = true;
                }
                TapInfo now = infoOf(l);
                diff(infos.put(index, now), now, false, out);
            }
            }
        }
        deliver(out);
    }

    /** After lost notifications: one listing, diffed against the known state. */
    private void resync() {
        Map<Integer, TapInfo> before = infos;
        load();
        resyncs.incrementAndGet();
        List<TapEvent> out = new ArrayList<>();
        for (Map.Entry<Integer, TapInfo> e : before.entrySet()) {
            if (!infos.containsKey(e.getKey())) {
                diff(e.getValue(), null, true, out);
            }
        }
        for (TapInfo now : sorted(infos)) {
            diff(before.get(now.ifindex()), now, true, out);
        }
        deliver(out);
        if (!closed) {
            List<TapInfo> all = sorted(infos);
            try {
                listener.resynced(all);
            } catch (RuntimeException ignored) {
                // a listener's own failure does not stop the watch
            }
        }
    }

    private void deliver(List<TapEvent> events) {
        if (events.isEmpty() || closed) {
            return;
        }
        try {
            listener.tapsChanged(List.copyOf(events));
        } catch (RuntimeException ignored) {
            // a listener's own failure does not stop the watch
        }
    }

    // ---------------------------------------------------------------- diff

    /** The events that take a tap from {@code before} to {@code after} (either may be null: added, removed). */
    private void diff(TapInfo before, TapInfo after, boolean resync, List<TapEvent> out) {
        if (before == null && after == null) {
            return;
        }
        if (before == null) {
            out.add(event(TapEvent.Kind.ADDED, after, null, resync));
            return;
        }
        if (after == null) {
            out.add(event(TapEvent.Kind.REMOVED, before, before, resync));
            return;
        }
        long n = transitions(before, after);
        // other changes first, at the attach state before; then each attach and detach
        TapInfo mid = n == 0 ? after
                : copy(after, before.attached(), before.carrier(), before.operState(), before.attachedQueues(),
                        before.carrierChanges(), before.vnetHdr());
        if (!same(before, mid)) {
            out.add(event(TapEvent.Kind.CHANGED, mid, before, resync));
        }
        TapInfo cur = mid;
        for (long i = 1; i <= n; i++) {
            TapInfo next;
            if (i == n) {
                next = after;
            } else {
                boolean attached = !cur.attached();
                next = copy(cur, attached, attached, cur.operState(),
                        cur.attachedQueues() < 0 ? -1 : attached ? 1 : 0, before.carrierChanges() + i,
                        cur.vnetHdr());
            }
            out.add(event(next.attached() ? TapEvent.Kind.ATTACHED : TapEvent.Kind.DETACHED, next, cur, resync));
            cur = next;
        }
    }

    /**
     * How many attach state changes lie between {@code before} and {@code after}: the carrier change counter's
     * advance if it agrees with the two states (odd if they differ, even if not), else 1 or 0 (a kernel without the
     * counter).
     */
    static long transitions(TapInfo before, TapInfo after) {
        boolean flip = before.attached() != after.attached();
        long d = after.carrierChanges() - before.carrierChanges();
        if (d > 0 && d <= MAX_REPLAY && (d % 2 == 1) == flip) {
            return d;
        }
        return flip ? 1 : 0;
    }

    /** Whether nothing a user sees changed, counters and the carrier-driven operational state aside. */
    static boolean same(TapInfo a, TapInfo b) {
        return a.name().equals(b.name()) && a.mac().equals(b.mac()) && a.mtu() == b.mtu()
                && a.adminUp() == b.adminUp() && a.persistent() == b.persistent() && a.multiQueue() == b.multiQueue()
                && a.vnetHdr() == b.vnetHdr() && Objects.equals(a.owner(), b.owner())
                && Objects.equals(a.group(), b.group()) && Objects.equals(a.pool(), b.pool())
                && Objects.equals(a.alias(), b.alias()) && a.attached() == b.attached()
                && a.attachedQueues() == b.attachedQueues() && a.network().equals(b.network());
    }

    private static TapInfo copy(TapInfo t, boolean attached, boolean carrier, String operState, int queues, long cc,
            boolean vnetHdr) {
        return new TapInfo(t.name(), t.ifindex(), t.mac(), t.mtu(), t.adminUp(), carrier, operState, t.persistent(),
                t.multiQueue(), vnetHdr, t.owner(), t.group(), t.pool(), t.alias(), attached, queues, t.stats(), cc,
                List.of(), false, t.network());
    }

    private TapEvent event(TapEvent.Kind kind, TapInfo tap, TapInfo before, boolean resync) {
        String name = tap.name();
        return new TapEvent(kind, tap, before, resync, () -> holdersOf(name));
    }

    private List<Holder> holdersOf(String name) {
        try {
            return kernel.holders(Set.of(name)).getOrDefault(name, List.of());
        } catch (KernelException e) {
            return List.of();
        }
    }
}
