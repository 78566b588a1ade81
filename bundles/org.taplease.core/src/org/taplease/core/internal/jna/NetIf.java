package org.taplease.core.internal.jna;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * {@code if_nametoindex(3)} and {@code if_indextoname(3)} of
 * <a href="https://man7.org/linux/man-pages/man0/net_if.h.0p.html">net/if.h</a>.
 */
public final class NetIf {
    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    /** {@code IF_NAMESIZE}: an interface name with its terminating NUL. */
    public static final int IF_NAMESIZE = 16;

    /** The index of interface {@code name} in the caller's network namespace, or 0 if there is none. */
    public static native int if_nametoindex(String name);

    /**
     * Writes the name of interface {@code ifindex} into {@code ifname} ({@link #IF_NAMESIZE} bytes) and returns it, or
     * returns null with errno set ({@code ENXIO}: no such interface). Read errno with {@code Native.getLastError()}.
     */
    public static native Pointer if_indextoname(int ifindex, byte[] ifname);

    private NetIf() {
    }
}
