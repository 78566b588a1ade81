package org.taplease.core.internal.linux;

import org.taplease.core.TapLease;

/** A lease: the descriptor attached to the tap. */
final class LinuxTapLease implements TapLease {

    private final String name;
    private final int ifindex;
    private final String pool;
    private final boolean created;
    private int fd;

    LinuxTapLease(int fd, String name, int ifindex, String pool, boolean created) {
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
            TunFd.close(fd);
            fd = -1;
        }
    }

    @Override
    public String toString() {
        return "TapLease[" + name + (pool != null ? ", pool " + pool : "") + (isOpen() ? ", fd " + fd : ", closed")
                + "]";
    }
}
