package org.taplease.core.internal.engine;

import org.taplease.core.TapLease;
import org.taplease.core.TapNetwork;

/**
 * A lease: one open descriptor attached to the tap. Thread-safe; closing is idempotent and tells the engine, which
 * remembers the tap as the next one to try in its pool.
 */
final class EngineLease implements TapLease {

    private final LeaseEngine engine;
    private final String name;
    private final int ifindex;
    private final boolean created;
    private String pool;
    private boolean poolKnown;
    private int fd;
    private TapNetwork network;

    /** @param pool the tap's pool if {@code poolKnown}; a named lease looks it up only when asked */
    EngineLease(LeaseEngine engine, int fd, String name, int ifindex, String pool, boolean poolKnown,
            boolean created) {
        this.engine = engine;
        this.fd = fd;
        this.name = name;
        this.ifindex = ifindex;
        this.pool = pool;
        this.poolKnown = poolKnown;
        this.created = created;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int ifindex() {
        return ifindex;
    }

    @Override
    public boolean created() {
        return created;
    }

    @Override
    public synchronized String pool() {
        if (!poolKnown) {
            pool = engine.poolOf(name, ifindex);
            poolKnown = true;
        }
        return pool;
    }

    /** Read from the kernel when first asked (leasing itself costs nothing for it), then kept. */
    @Override
    public synchronized TapNetwork network() {
        if (network == null) {
            network = engine.networkOf(name, ifindex);
        }
        return network;
    }

    @Override
    public synchronized int fd() {
        if (fd < 0) {
            throw new IllegalStateException("lease of " + name + " is closed");
        }
        return fd;
    }

    @Override
    public synchronized boolean isOpen() {
        return fd >= 0;
    }

    @Override
    public synchronized void close() {
        if (fd >= 0) {
            engine.kernel().close(fd);
            fd = -1;
            if (poolKnown && pool != null) {
                engine.released(pool, name, ifindex);
            }
        }
    }

    /** Closes without remembering the tap as the next to try (a tap just made for a pool, not used by anyone). */
    synchronized void discard() {
        if (fd >= 0) {
            engine.kernel().close(fd);
            fd = -1;
        }
    }

    @Override
    public synchronized String toString() {
        return "TapLease[" + name + (fd >= 0 ? ", fd " + fd : ", closed") + "]";
    }
}
