package org.taplease.core.internal;

import org.taplease.core.TapLease;

/** A lease that is one open descriptor: the part every backend shares. Thread-safe; closing is idempotent. */
public abstract class FdLease implements TapLease {

    private final String name;
    private final int ifindex;
    private final boolean created;
    private int fd;

    protected FdLease(int fd, String name, int ifindex, boolean created) {
        this.fd = fd;
        this.name = name;
        this.ifindex = ifindex;
        this.created = created;
    }

    /** Closes the descriptor (the backend's close). */
    protected abstract void closeFd(int descriptor);

    /** Called once after the descriptor was closed (e.g. to remember the tap as the next one to try). */
    protected abstract void released();

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
            closeFd(fd);
            fd = -1;
            released();
        }
    }

    @Override
    public String toString() {
        return "TapLease[" + name + (isOpen() ? ", fd " + fd : ", closed") + "]";
    }
}
