package org.taplease.core.internal.freebsd;

import org.taplease.core.TapLease;

/** A FreeBSD lease: the exclusively open {@code /dev/tapN}. Closing it (or the process's death) frees the tap. */
final class FreeBsdTapLease implements TapLease {

    private final FreeBsdTapService service;
    private final String name;
    private final int ifindex;
    private final String pool;
    private final boolean created;
    private int fd;

    FreeBsdTapLease(FreeBsdTapService service, int fd, String name, int ifindex, String pool, boolean created) {
        this.service = service;
        this.fd = fd;
        this.name = name;
        this.ifindex = ifindex;
        this.pool = pool;
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
    public String pool() {
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
            service.sys().close(fd);
            fd = -1;
            service.released(pool, name);
        }
    }

    @Override
    public String toString() {
        return "TapLease[" + name + (isOpen() ? ", fd " + fd : ", closed") + "]";
    }
}
