package org.taplease.ui.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.eclipse.core.runtime.ListenerList;
import org.taplease.core.LeaseRequest;
import org.taplease.core.TapLease;
import org.taplease.core.TapService;

/**
 * Taps leased "for the IDE session" from the Tap Devices view: each is an open descriptor of this JVM, so the tap is
 * held exactly as long as the lease is open or the IDE runs. Thread-safe.
 */
public final class SessionLeases {

    private final Map<String, TapLease> leases = new TreeMap<>();
    private final ListenerList<Runnable> listeners = new ListenerList<>();

    /** Leases a tap as the request says and keeps it open for the session. */
    public TapLease lease(TapService service, LeaseRequest request) {
        TapLease lease = service.lease(request);
        synchronized (leases) {
            TapLease old = leases.put(lease.name(), lease);
            if (old != null && old != lease) {
                old.close(); // cannot happen for a single-queue tap; never keep two
            }
        }
        fire();
        return lease;
    }

    /** Releases the session's lease on {@code name}; false if the session holds none. */
    public boolean release(String name) {
        TapLease lease;
        synchronized (leases) {
            lease = leases.remove(name);
        }
        if (lease == null) {
            return false;
        }
        lease.close();
        fire();
        return true;
    }

    /** Whether this session holds {@code name}. */
    public boolean holds(String name) {
        synchronized (leases) {
            TapLease l = leases.get(name);
            return l != null && l.isOpen();
        }
    }

    /** Names of the taps this session holds. */
    public Set<String> names() {
        synchronized (leases) {
            return new TreeSet<>(leases.keySet());
        }
    }

    /** Releases every lease of the session (workbench shutdown). */
    public void releaseAll() {
        List<TapLease> all;
        synchronized (leases) {
            all = new ArrayList<>(leases.values());
            leases.clear();
        }
        all.forEach(TapLease::close);
        if (!all.isEmpty()) {
            fire();
        }
    }

    public void addListener(Runnable r) {
        listeners.add(r);
    }

    public void removeListener(Runnable r) {
        listeners.remove(r);
    }

    private void fire() {
        for (Runnable r : listeners) {
            r.run();
        }
    }
}
