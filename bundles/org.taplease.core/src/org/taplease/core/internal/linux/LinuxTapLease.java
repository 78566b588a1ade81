package org.taplease.core.internal.linux;

import org.taplease.core.TapLease;

/** A lease: the descriptor attached to the tap. */
final class LinuxTapLease implements TapLease {

    private final LinuxTapService service;
    private final String name;
    private final int ifindex;
    private final boolean created;
    private String pool;
    private boolean poolKnown;
    private int fd;

    /**
     * @param pool the tap's pool if {@code poolKnown}; a named lease looks it up only when asked
     */
    LinuxTapLease(LinuxTapService service, int fd, String name, int ifindex, String pool, boolean poolKnown,
            boolean created) {
        this.service = service;
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
    public synchronized String pool() {
        if (!poolKnown) {
            Link l = LinuxTapService.getLink(name);
            pool = l != null && l.index() == ifindex ? LinuxTapService.poolOf(l.alias()) : null;
            poolKnown = true;
        }
        return pool;
    }

    @Override
    public boolean created() {
        return created;
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
            TunFd.close(fd);
            fd = -1;
            if (poolKnown && pool != null) {
                service.released(pool, name, ifindex);
            }
        }
    }

    @Override
    public String toString() {
        return "TapLease[" + name + (isOpen() ? ", fd " + fd : ", closed") + "]";
    }
}
