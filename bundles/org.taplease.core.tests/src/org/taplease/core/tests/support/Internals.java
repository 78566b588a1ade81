package org.taplease.core.tests.support;

import org.taplease.core.LeaseRequest;
import org.taplease.core.TapLease;
import org.taplease.core.internal.HandoffLocks;
import org.taplease.core.internal.engine.LeaseEngine;
import org.taplease.core.internal.engine.TapKernel;
import org.taplease.core.internal.jna.IfTun;
import org.taplease.core.internal.jna.Ioctl;
import org.taplease.core.internal.linux.Link;
import org.taplease.core.internal.linux.LinuxKernel;
import org.taplease.core.internal.linux.RtNetlink;

import com.sun.jna.NativeLong;
import com.sun.jna.ptr.IntByReference;

/** Reaches into the engine and the Linux kernel for tests that replay races or read per-lease kernel state. */
public final class Internals {

    public static Link link(String name) {
        try (RtNetlink nl = RtNetlink.open()) {
            return nl.getLink(name);
        }
    }

    /**
     * Leases the tap listed in {@code l} by name through the engine, with the kernel answering lookups of that name as
     * they were when {@code l} was listed (the race: listed, then deleted, then attached).
     */
    public static TapLease attach(Link l) {
        return new LeaseEngine(new StaleLookups(new LinuxKernel(), l), HandoffLocks.standard())
                .lease(LeaseRequest.named(l.name()));
    }

    public static void setVnetHdrSize(int fd, int size) {
        Ioctl.ioctl(fd, new NativeLong(IfTun.REQ.tunSetVnetHdrSz()), new IntByReference(size));
    }

    public static int vnetHdrSize(int fd) {
        return Ioctl.ioctlGetInt(fd, IfTun.REQ.tunGetVnetHdrSz());
    }

    /** The real kernel, except that looking up {@code listed}'s name by index answers what the listing said. */
    private static final class StaleLookups extends ForwardingKernel {
        private final Link listed;

        StaleLookups(TapKernel real, Link listed) {
            super(real);
            this.listed = listed;
        }

        @Override
        public int index(String name) {
            return name.equals(listed.name()) ? listed.index() : real.index(name);
        }
    }

    private Internals() {
    }
}
