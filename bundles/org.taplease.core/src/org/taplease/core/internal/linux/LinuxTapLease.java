package org.taplease.core.internal.linux;

import org.taplease.core.internal.FdLease;

/** A lease: the descriptor attached to the tap. */
final class LinuxTapLease extends FdLease {

    private final LinuxTapService service;
    private String pool;
    private boolean poolKnown;

    /**
     * @param pool the tap's pool if {@code poolKnown}; a named lease looks it up only when asked
     */
    LinuxTapLease(LinuxTapService service, int fd, String name, int ifindex, String pool, boolean poolKnown,
            boolean created) {
        super(fd, name, ifindex, created);
        this.service = service;
        this.pool = pool;
        this.poolKnown = poolKnown;
    }

    @Override
    public synchronized String pool() {
        if (!poolKnown) {
            Link l = LinuxTapService.getLink(name());
            pool = l != null && l.index() == ifindex() ? LinuxTapService.poolOf(l.alias()) : null;
            poolKnown = true;
        }
        return pool;
    }

    @Override
    protected void closeFd(int descriptor) {
        TunFd.close(descriptor);
    }

    @Override
    protected synchronized void released() {
        if (poolKnown && pool != null) {
            service.released(pool, name(), ifindex());
        }
    }
}
