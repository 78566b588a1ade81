package org.taplease.core.internal.freebsd;

import org.taplease.core.internal.FdLease;

/** A FreeBSD lease: the exclusively open {@code /dev/tapN}. Closing it (or the process's death) frees the tap. */
final class FreeBsdTapLease extends FdLease {

    private final FreeBsdTapService service;
    private final String pool;

    FreeBsdTapLease(FreeBsdTapService service, int fd, String name, int ifindex, String pool, boolean created) {
        super(fd, name, ifindex, created);
        this.service = service;
        this.pool = pool;
    }

    @Override
    public String pool() {
        return pool;
    }

    @Override
    protected void closeFd(int descriptor) {
        service.sys().close(descriptor);
    }

    @Override
    protected void released() {
        service.released(pool, name());
    }
}
