package org.taplease.core.tests.support;

import org.taplease.core.TapLease;
import org.taplease.core.internal.jna.IfTun;
import org.taplease.core.internal.jna.Ioctl;
import org.taplease.core.internal.linux.LinuxTapService;
import org.taplease.core.internal.linux.Link;
import org.taplease.core.internal.linux.RtNetlink;

import com.sun.jna.NativeLong;
import com.sun.jna.ptr.IntByReference;

/** Reaches into the backend for tests that replay races or read per-lease kernel state. */
public final class Internals {

    public static Link link(String name) {
        try (RtNetlink nl = RtNetlink.open()) {
            return nl.getLink(name);
        }
    }

    /** Attaches a tap as listed in {@code l}, even if it has changed since. */
    public static TapLease attach(Link l) {
        return new LinuxTapService().attachExisting(l, false);
    }

    public static void setVnetHdrSize(int fd, int size) {
        Ioctl.ioctl(fd, new NativeLong(IfTun.REQ.tunSetVnetHdrSz()), new IntByReference(size));
    }

    public static int vnetHdrSize(int fd) {
        return Ioctl.ioctlGetInt(fd, IfTun.REQ.tunGetVnetHdrSz());
    }

    private Internals() {
    }
}
